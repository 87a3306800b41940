"""Settings of what visitors write to the site and of the pages that make it trustworthy
(docs/configuration.md, « Public forms and personal data »)."""

from typing import Any

import environ


def public_forms_settings(env: environ.Env) -> dict[str, Any]:
    return {
        # Personal data kept this many days after receipt, then deleted by `purge_personal_data` (cron).
        "CONTACT_RETENTION_DAYS": env.int("CONTACT_RETENTION_DAYS", default=180),
        "REPORT_RETENTION_DAYS": env.int("REPORT_RETENTION_DAYS", default=365),
        # Public forms (public/protection.py): accepted submissions per window, counted in the cache.
        "PUBLIC_FORM_WINDOW_SECONDS": env.int("PUBLIC_FORM_WINDOW_SECONDS", default=3600),
        "PUBLIC_FORM_LIMIT_PER_ADDRESS": env.int("PUBLIC_FORM_LIMIT_PER_ADDRESS", default=5),
        "PUBLIC_FORM_LIMIT_PER_TARGET": env.int("PUBLIC_FORM_LIMIT_PER_TARGET", default=20),
        # One e-mail address may receive this many copies / be used this many times per window.
        "PUBLIC_FORM_LIMIT_PER_EMAIL": env.int("PUBLIC_FORM_LIMIT_PER_EMAIL", default=3),
        # « Mentions légales »: the publisher's identity is never invented; empty values are shown
        # as not configured.
        "PUBLISHER_NAME": env.str("PUBLISHER_NAME", default=""),
        "PUBLISHER_ADDRESS": env.str("PUBLISHER_ADDRESS", default=""),
        "PUBLISHER_EMAIL": env.str("PUBLISHER_EMAIL", default=""),
        "PUBLICATION_DIRECTOR": env.str("PUBLICATION_DIRECTOR", default=""),
        "HOSTING_PROVIDER": env.str("HOSTING_PROVIDER", default=""),
        "HOSTING_ADDRESS": env.str("HOSTING_ADDRESS", default=""),
    }
