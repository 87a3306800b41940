"""The outbox: messages are queued in the caller's transaction, sent by ``send_queued_mail`` to
a real SMTP server, kept and retried when the server is down, purged after the retention."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from outbox.mail import queue_mail, retry_delay
from outbox.models import OutgoingMessage
from tests.smtp import bodies

pytestmark = pytest.mark.django_db


def test_a_queued_message_is_delivered_with_its_text_and_html_parts(smtp_server):
    queue_mail("ana@example.org", "Bonjour", "Texte brut", "<p>HTML</p>")
    assert smtp_server.messages == []  # queuing sends nothing

    call_command("send_queued_mail")

    [received] = smtp_server.messages
    assert smtp_server.to() == ["ana@example.org"]
    assert received["Subject"] == "Bonjour" and received["From"] == "catalogue@example.org"
    assert [part.strip() for part in bodies(received)] == ["Texte brut", "<p>HTML</p>"]
    message = OutgoingMessage.objects.get()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""

    call_command("send_queued_mail")  # a sent message is never sent again
    assert len(smtp_server.messages) == 1


def test_with_the_smtp_server_down_nothing_is_lost_and_a_later_run_delivers(smtp_server, smtp_down):
    queue_mail("ana@example.org", "Un", "1")
    queue_mail("bob@example.org", "Deux", "2")

    with pytest.raises(CommandError, match="2 message"):
        call_command("send_queued_mail")

    for message in OutgoingMessage.objects.all():
        assert message.sent_at is None and message.attempts == 1
        assert "Connection" in message.last_error or "refused" in message.last_error.lower()
        assert message.next_attempt_at > timezone.now()  # backed off: not retried at once
    call_command("send_queued_mail")  # not due yet: nothing tried, nothing fails
    assert set(OutgoingMessage.objects.values_list("attempts", flat=True)) == {1}

    smtp_down.up()
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())  # the delay has passed
    call_command("send_queued_mail")
    assert smtp_server.to() == ["ana@example.org", "bob@example.org"]
    assert not OutgoingMessage.objects.filter(sent_at__isnull=True).exists()
    assert set(OutgoingMessage.objects.values_list("attempts", flat=True)) == {2}


def test_retries_back_off_up_to_six_hours():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_rolled_back_transaction_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail("ana@example.org", "Annulé", "…")
        raise RuntimeError
    assert not OutgoingMessage.objects.exists()


def test_purge_removes_only_messages_sent_before_the_retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 90
    now = timezone.now()
    old_sent = queue_mail("a@example.org", "vieux envoyé", "…")
    recent_sent = queue_mail("b@example.org", "récent envoyé", "…")
    old_unsent = queue_mail("c@example.org", "vieux jamais envoyé", "…")
    OutgoingMessage.objects.filter(pk=old_sent.pk).update(sent_at=now - timedelta(days=91))
    OutgoingMessage.objects.filter(pk=recent_sent.pk).update(sent_at=now - timedelta(days=89))
    OutgoingMessage.objects.filter(pk=old_unsent.pk).update(
        created_at=now - timedelta(days=200), next_attempt_at=now + timedelta(days=1)
    )

    call_command("send_queued_mail", "--purge")

    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {recent_sent.pk, old_unsent.pk}


def test_send_on_commit_sends_after_the_commit_only(smtp_server, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_SEND_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail("ana@example.org", "Tout de suite", "…")
        assert smtp_server.messages == []
    assert smtp_server.to() == ["ana@example.org"]


def test_send_on_commit_with_the_server_down_raises_nothing(smtp_down, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_SEND_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail("ana@example.org", "Plus tard", "…")
    message = OutgoingMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1 and message.last_error
