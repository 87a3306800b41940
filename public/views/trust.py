"""The pages that make the site trustworthy: legal notice, accessibility, personal data.

What they state comes from settings (publisher, retention periods): nothing is invented, and a
value not configured is said to be so."""

from datetime import date

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from feedback.config import setting

from ..audit_results import LIGHTHOUSE_DATE, LIGHTHOUSE_VERSION, lighthouse_rows

PUBLISHER_SETTINGS = (
    ("PUBLISHER_NAME", _("Éditeur du site")),
    ("PUBLISHER_ADDRESS", _("Adresse de l'éditeur")),
    ("PUBLISHER_EMAIL", _("Courriel de l'éditeur")),
    ("PUBLICATION_DIRECTOR", _("Directeur ou directrice de la publication")),
    ("HOSTING_PROVIDER", _("Hébergeur")),
    ("HOSTING_ADDRESS", _("Adresse de l'hébergeur")),
)


def legal_notice(request):
    rows = [(label, getattr(settings, name, ""), name) for name, label in PUBLISHER_SETTINGS]
    return render(
        request,
        "trust/legal_notice.html",
        {
            "rows": rows,
            "configured": all(value for _label, value, _name in rows),
            "breadcrumbs": [(_("Mentions légales"), None)],
        },
    )


def accessibility(request):
    context = {
        "breadcrumbs": [(_("Accessibilité"), None)],
        "lighthouse_rows": lighthouse_rows(),
        "lighthouse_date": date.fromisoformat(LIGHTHOUSE_DATE),
        "lighthouse_version": LIGHTHOUSE_VERSION,
    }
    return render(request, "trust/accessibility.html", context)


def personal_data(request):
    return render(
        request,
        "trust/personal_data.html",
        {
            "contact_retention_days": setting("CONTACT_RETENTION_DAYS"),
            "report_retention_days": setting("REPORT_RETENTION_DAYS"),
            "outbox_retention_days": setting("OUTBOX_RETENTION_DAYS"),
            "session_idle_hours": settings.SESSION_COOKIE_AGE // 3600,
            "publisher_email": setting("PUBLISHER_EMAIL"),
            "breadcrumbs": [(_("Données personnelles"), None)],
        },
    )
