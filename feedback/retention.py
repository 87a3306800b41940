"""Personal data kept no longer than needed: messages and reports are deleted after their
retention period (``CONTACT_RETENTION_DAYS``, ``REPORT_RETENTION_DAYS``, counted from receipt),
by ``manage.py purge_personal_data`` (cron, daily)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .config import setting
from .models import ContactMessage, ErrorReport


@dataclass(frozen=True)
class Purged:
    contact_messages: int
    error_reports: int


def purge(now: datetime | None = None) -> Purged:
    now = now or timezone.now()
    contact_cutoff = now - timedelta(days=setting("CONTACT_RETENTION_DAYS"))
    report_cutoff = now - timedelta(days=setting("REPORT_RETENTION_DAYS"))
    messages, _ = ContactMessage.objects.filter(created_at__lt=contact_cutoff).delete()
    reports, _ = ErrorReport.objects.filter(created_at__lt=report_cutoff).delete()
    return Purged(contact_messages=messages, error_reports=reports)
