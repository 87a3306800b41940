"""Writes of the public forms: store the report or message, queue the e-mails, close a report.

Every recipient address is read from the database (a project's public contact address, the
accounts of its organisms' editors, the moderators); the only address a visitor types that
ever receives mail is their own (the copy of their message, the reply to their report), and the
public forms limit how often one address may be used (public/protection.py). Mail is only
queued (``outbox``): a request never waits for, nor fails because of, the SMTP server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outbox.mail import queue_templated
from projects.notifications import absolute, editors_of, language_of, moderators

from .models import ContactMessage, ErrorReport, ReportStatus

if TYPE_CHECKING:
    from accounts.models import User
    from projects.models import Project

#: The same text sent again within this delay is the same submission (a double click, a reload).
DUPLICATE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def contact_recipients(project: Project | None) -> list[Recipient]:
    """Who receives a contact message: for a project, its public contact address and the editors
    of its organisms (the moderators when there is nobody); for the site, the moderators."""
    found: list[Recipient] = []
    if project is not None:
        if project.contact_email:
            found.append(Recipient(project.contact_email, settings.LANGUAGE_CODE))
        found += [Recipient(user.email, language_of(user)) for user in editors_of(project)]
    if not found:
        found = [Recipient(user.email, language_of(user)) for user in moderators()]
    unique: dict[str, Recipient] = {}
    for recipient in found:
        unique.setdefault(recipient.email.lower(), recipient)
    return list(unique.values())


def submit_report(*, project: Project, description: str, email: str, language: str) -> ErrorReport:
    recent = timezone.now() - DUPLICATE_WINDOW
    existing = ErrorReport.objects.filter(project=project, description=description, created_at__gte=recent).first()
    if existing is not None:
        return existing
    return ErrorReport.objects.create(project=project, description=description, email=email, language=language)


def submit_contact(*, project: Project | None, name: str, email: str, message: str, language: str) -> ContactMessage:
    """Store the message and queue it for its recipients, with a copy for the sender (one transaction)."""
    recent = timezone.now() - DUPLICATE_WINDOW
    existing = ContactMessage.objects.filter(
        project=project, email__iexact=email, message=message, created_at__gte=recent
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            project=project, name=name, email=email, message=message, consent=True, language=language
        )
        recipients = contact_recipients(project)
        context = {
            "contact": contact,
            "project": project,
            "project_url": absolute(project.get_absolute_url()) if project else "",
            "admin_url": absolute(reverse("admin:feedback_contactmessage_change", args=[contact.pk])),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        for recipient in recipients:
            queue_templated(
                recipient.email, "feedback/mail/contact", context, recipient.language, reply_to=contact.email
            )
        queue_templated(contact.email, "feedback/mail/contact_copy", context, language)
        contact.recipients_count = len(recipients)
        contact.save(update_fields=["recipients_count"])
    return contact


def close_report(report: ErrorReport, *, status: str, reply: str, user: User | None) -> bool:
    """Mark ``report`` handled or rejected; when handled with an address and a reply not sent
    yet, the reply is queued. Returns whether a reply was queued."""
    report.status = status
    report.reply = reply
    if status == ReportStatus.NEW:
        report.closed_at = None
        report.closed_by = None
    elif report.closed_at is None:
        report.closed_at = timezone.now()
        report.closed_by = user
    send = status == ReportStatus.HANDLED and bool(report.email) and report.replied_at is None
    with transaction.atomic():
        if send:
            context = {
                "report": report,
                "project": report.project,
                "project_url": absolute(report.project.get_absolute_url()),
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL,
            }
            queue_templated(report.email, "feedback/mail/report_reply", context, report.language)
            report.replied_at = timezone.now()
        report.save()
    return send
