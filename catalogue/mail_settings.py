"""E-mail settings, read from the environment (docs/configuration.md, "E-mail").

Requests only queue messages (the ``outbox`` app); ``send_queued_mail`` (cron) sends them
through Django's e-mail framework configured here.
"""

from typing import Any

import environ


def mail_settings(env: environ.Env, debug: bool) -> dict[str, Any]:
    # EMAIL_URL: smtp://host:25, smtp+tls://user:password@host:587 (STARTTLS), smtp+ssl://…:465, consolemail://
    parsed = env.email_url("EMAIL_URL", default="consolemail://" if debug else "smtp://localhost:25")
    config = {key: value for key, value in parsed.items() if key.startswith("EMAIL_") and value not in (None, "")}
    sender = env.str("DEFAULT_FROM_EMAIL", default="catalogue@localhost")
    return {
        "EMAIL_HOST": "localhost",
        "EMAIL_PORT": 25,
        **config,
        "EMAIL_TIMEOUT": env.int("EMAIL_TIMEOUT", default=10),  # seconds: a stuck server never holds cron long
        "DEFAULT_FROM_EMAIL": sender,
        "SERVER_EMAIL": env.str("SERVER_EMAIL", default=sender),
        # Also send right after the commit, in the request's process (failures stay queued for cron).
        "EMAIL_SEND_ON_COMMIT": env.bool("EMAIL_SEND_ON_COMMIT", default=False),
        # Sent messages (they hold staff e-mail addresses) are deleted after this many days.
        "OUTBOX_RETENTION_DAYS": env.int("OUTBOX_RETENTION_DAYS", default=90),
    }


def alerts_settings(env: environ.Env) -> dict[str, Any]:
    """Residents' openings and e-mail alerts (projects/models/openings.py, alerts/)."""
    return {
        # A project's recruitment status older than this is shown « à confirmer », everywhere.
        "OPENING_VALIDITY_MONTHS": env.int("OPENING_VALIDITY_MONTHS", default=6),
        # How long an alert's confirmation link works.
        "ALERTS_CONFIRMATION_DAYS": env.int("ALERTS_CONFIRMATION_DAYS", default=3),
        # Unconfirmed subscriptions are deleted after this many days (purge_alert_subscriptions).
        "ALERTS_UNCONFIRMED_RETENTION_DAYS": env.int("ALERTS_UNCONFIRMED_RETENTION_DAYS", default=7),
        # Unconfirmed requests one address may have in a day (no mail bombing through the form).
        "ALERTS_MAX_PENDING_PER_ADDRESS": env.int("ALERTS_MAX_PENDING_PER_ADDRESS", default=3),
    }
