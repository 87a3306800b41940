"""The moderators' outbox page: queued / failed / sent with attempts and error, « Réessayer maintenant »;
no message body is ever shown; editors have no access."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from outbox.mail import queue_mail
from outbox.models import OutgoingMessage
from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory

pytestmark = pytest.mark.django_db

SECRET_BODY = "lien secret https://catalogue.example.org/admin/invitation/abc/def/"
LIST = reverse("admin:outbox_outgoingmessage_changelist")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_failed_message_is_listed_with_its_error_and_retried_now_once_the_server_is_back(smtp_down, smtp_server):
    message = queue_mail("destinataire@example.org", "Objet visible", SECRET_BODY, f"<p>{SECRET_BODY}</p>")
    with pytest.raises(CommandError):  # cron sees the failure; the message stays queued
        call_command("send_queued_mail")
    message.refresh_from_db()
    assert message.attempts == 1 and message.sent_at is None and message.last_error

    moderator = client_for(ModeratorFactory())
    listing = moderator.get(LIST + "?etat=en-echec").content.decode()
    assert "destinataire@example.org" in listing and "Objet visible" in listing
    assert "ConnectionRefusedError" in listing or "Errno" in listing
    assert "lien secret" not in listing

    detail = moderator.get(reverse("admin:outbox_outgoingmessage_change", args=[message.pk])).content.decode()
    assert "lien secret" not in detail and "Objet visible" in detail

    smtp_down.up()
    response = moderator.post(
        LIST, {"action": "retry_now", "_selected_action": [message.pk]}, follow=True
    )  # the next attempt is minutes away: "retry now" does not wait for it
    assert "1 courriel envoyé." in [str(m) for m in response.context["messages"]]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2 and message.last_error == ""
    assert smtp_server.to() == ["destinataire@example.org"]


def test_retrying_while_the_server_is_still_down_says_so_and_keeps_the_message(smtp_down):
    message = queue_mail("x@example.org", "Objet", "texte")
    response = client_for(ModeratorFactory()).post(
        LIST, {"action": "retry_now", "_selected_action": [message.pk]}, follow=True
    )
    assert response.status_code == 200
    assert any("non envoyé" in str(m) for m in response.context["messages"])
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1


def test_editors_have_no_access_to_the_outbox():
    queue_mail("x@example.org", "Objet", SECRET_BODY)
    editor = client_for(EditorFactory(organisms=[OrganismFactory()]))
    assert editor.get(LIST).status_code == 403
    index = editor.get(reverse("admin:index")).content.decode()
    assert LIST not in index


def test_nobody_adds_or_deletes_outbox_messages_in_the_admin():
    message = queue_mail("x@example.org", "Objet", "texte")
    moderator = client_for(ModeratorFactory())
    assert moderator.get(reverse("admin:outbox_outgoingmessage_add")).status_code == 403
    assert moderator.post(reverse("admin:outbox_outgoingmessage_delete", args=[message.pk])).status_code == 403
    assert OutgoingMessage.objects.filter(pk=message.pk).exists()


def test_the_state_filter_separates_queued_failed_and_sent(smtp_server):
    queued = queue_mail("a@example.org", "En attente", "t")
    sent = queue_mail("b@example.org", "Parti", "t")
    call_command("send_queued_mail")
    queued.refresh_from_db()
    OutgoingMessage.objects.filter(pk=queued.pk).update(sent_at=None, attempts=0)
    moderator = client_for(ModeratorFactory())
    assert "En attente" in moderator.get(LIST + "?etat=en-attente").content.decode()
    assert "Parti" not in moderator.get(LIST + "?etat=en-attente").content.decode()
    assert "Parti" in moderator.get(LIST + "?etat=envoye").content.decode()
    assert sent.pk
