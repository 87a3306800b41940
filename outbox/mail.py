"""Queue e-mails in the caller's transaction; send the due ones later, retrying on failure.

``queue_mail`` only writes a row: a request never waits for, nor fails because of, an SMTP
server, and a rolled-back action queues nothing. ``send_due`` (the ``send_queued_mail``
command, from cron) sends through Django's e-mail framework (``EMAIL_URL``); a message the
server refuses or cannot take stays queued with its error and is tried again later, with a
growing delay: nothing is lost.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingMessage

logger = logging.getLogger(__name__)

_HEADER_NAME = re.compile(r"[A-Za-z0-9-]+")

#: Delay before the n-th retry: 1, 2, 4… minutes, at most 6 hours.
MAX_DELAY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def queue_mail(
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "fr",
    *,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMessage:
    """Store one message for ``to``; it is sent by the next ``send_queued_mail`` run (or right
    after the commit when ``EMAIL_SEND_ON_COMMIT`` is on). ``reply_to`` and ``headers`` must not
    carry line breaks (header injection): a ``ValueError`` says so before anything is stored."""
    headers = dict(headers or {})
    for name, value in [*headers.items(), ("Reply-To", reply_to), ("To", to)]:
        if any(char in f"{name}{value}" for char in "\r\n\0") or not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"invalid e-mail header {name!r}")
    message = OutgoingMessage.objects.create(
        to=to,
        subject=" ".join(subject.split())[:255],
        body_text=body_text,
        body_html=body_html,
        language=language,
        reply_to=reply_to,
        headers=headers,
    )
    if getattr(settings, "EMAIL_SEND_ON_COMMIT", False):
        transaction.on_commit(_send_quietly)
    return message


def queue_templated(
    to: str,
    template: str,
    context: dict[str, object],
    language: str = "fr",
    *,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMessage:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html`` in
    ``language`` and queue the result."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return queue_mail(to, subject, text, html, language, reply_to=reply_to, headers=headers)


@dataclass
class Outcome:
    sent: int = 0
    failed: list[str] = field(default_factory=list)


def due(now: datetime | None = None) -> list[OutgoingMessage]:
    now = now or timezone.now()
    return list(OutgoingMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now).only("pk"))


def send_due(limit: int = 200) -> Outcome:
    """Send the due messages (oldest first, at most ``limit``) and record each outcome."""
    return _send([pending.pk for pending in due()[:limit]])


def send_now(pks: list[int]) -> Outcome:
    """« Réessayer maintenant »: send these unsent messages at once, whatever their next attempt
    time; each outcome is recorded as by ``send_due`` (a failure waits for its next retry)."""
    unsent = OutgoingMessage.objects.filter(pk__in=pks, sent_at__isnull=True).order_by("created_at", "pk")
    return _send(list(unsent.values_list("pk", flat=True)))


def _send(pks: list[int]) -> Outcome:
    outcome = Outcome()
    if not pks:
        return outcome
    connection = get_connection(fail_silently=False)
    try:
        for pk in pks:
            # Lock the row while sending; a row another run holds, or has sent meanwhile, is skipped.
            with transaction.atomic():
                message = (
                    OutgoingMessage.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, sent_at__isnull=True)
                    .first()
                )
                if message is not None:
                    _send_one(message, connection, outcome)
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide the outcome
            logger.warning("outbox: closing the SMTP connection failed", exc_info=True)
    return outcome


def _send_one(message: OutgoingMessage, connection: BaseEmailBackend, outcome: Outcome) -> None:
    email = EmailMultiAlternatives(
        message.subject,
        message.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [message.to],
        connection=connection,
        reply_to=[message.reply_to] if message.reply_to else None,
        headers=message.headers or None,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    now = timezone.now()
    try:
        email.send()
    except Exception as error:  # SMTP, socket, TLS… every failure is recorded, then retried
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        outcome.failed.append(f"{message.pk} → {message.to}: {message.last_error}")
        logger.warning("outbox: message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
        return
    message.attempts += 1
    message.sent_at = now
    message.last_error = ""
    message.save(update_fields=["attempts", "sent_at", "last_error"])
    outcome.sent += 1


def purge_sent(days: int | None = None) -> int:
    """Delete the messages sent more than ``days`` (``OUTBOX_RETENTION_DAYS``) ago; unsent ones stay."""
    days = getattr(settings, "OUTBOX_RETENTION_DAYS", 90) if days is None else days
    deleted, _ = OutgoingMessage.objects.filter(sent_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


def _send_quietly() -> None:
    """After the commit, in the request's process: a failure is only logged (cron retries)."""
    try:
        send_due()
    except Exception:  # the request must never fail because of mail
        logger.exception("outbox: sending after commit failed")
