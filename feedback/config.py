"""Settings of the public forms and of personal data (catalogue/public_forms_settings.py, plus the
outbox's ``OUTBOX_RETENTION_DAYS``), read by name: they are added to the settings module by a
function, which django-stubs cannot see."""

from typing import Any

from django.conf import settings


def setting(name: str) -> Any:
    return getattr(settings, name)
