"""« Contacter le groupe / le bailleur » and « Contact »: what arrives, to whom, through a real SMTP
server; recipients come only from the database; a mail server that is down loses nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from feedback.models import ContactMessage
from outbox.models import OutgoingMessage
from tests.feedback.conftest import MESSAGE, post_contact
from tests.smtp import bodies

pytestmark = pytest.mark.django_db


def received_by(inbox, address):
    return [message for message in inbox.messages if message["To"] == address]


def test_a_message_reaches_the_project_contact_and_the_organisms_editors_with_reply_to_the_sender(
    client, smtp_server, team
):
    response = post_contact(client, team["project_a"])

    assert response.status_code == 302
    assert response["Location"] == reverse("projects:contact_sent", args=[team["project_a"].slug])
    call_command("send_queued_mail")
    assert smtp_server.to() == sorted(["groupe-a@example.org", "editrice-a@example.org", "camille@example.net"])
    for address in ("groupe-a@example.org", "editrice-a@example.org"):
        (message,) = received_by(smtp_server, address)
        assert message["Reply-To"] == "camille@example.net"
        assert "L'Îlot & les Voisins" in message["Subject"]
        text, html = bodies(message)
        assert MESSAGE in text and "Camille Dupont" in text
        assert "L&#x27;Îlot &amp; les Voisins" in html and "&#x27;" not in text and "&amp;" not in text
        assert "/admin/feedback/contactmessage/" in text
    stored = ContactMessage.objects.get()
    assert (stored.project, stored.name, stored.recipients_count) == (team["project_a"], "Camille Dupont", 2)


def test_the_sender_gets_a_copy_that_does_not_reveal_the_recipients_addresses(client, smtp_server, team):
    post_contact(client, team["project_a"])
    call_command("send_queued_mail")

    (copy,) = received_by(smtp_server, "camille@example.net")
    text, html = bodies(copy)
    assert "Copie" in copy["Subject"]
    assert MESSAGE in text
    assert "groupe-a@example.org" not in text + html and "editrice-a@example.org" not in text + html
    assert copy["Reply-To"] is None


def test_the_project_page_and_the_form_never_show_the_contact_address(client, team):
    project = team["project_b"]
    project.contact_email = "cachee@example.org"
    project.how_to_get_involved = ""
    project.save()
    page = client.get(reverse("projects:contact", args=[project.slug])).content.decode()
    assert "cachee@example.org" not in page
    assert "editeur-b@example.org" not in page


def test_a_project_without_contact_or_editors_still_reaches_someone_the_moderators(client, smtp_server, team):
    from tests.factories import OrganismFactory, ProjectFactory

    orphan = ProjectFactory(published=True, developer=OrganismFactory(), name="Sans éditeur")
    post_contact(client, orphan)
    call_command("send_queued_mail")
    assert "moderatrice@example.org" in smtp_server.to()
    assert ContactMessage.objects.get().recipients_count >= 1


def test_the_site_contact_form_writes_to_the_moderators_only(client, smtp_server, team):
    response = post_contact(client, None)

    assert response.status_code == 302 and response["Location"] == reverse("contact_sent")
    call_command("send_queued_mail")
    recipients = set(smtp_server.to())
    assert "moderatrice@example.org" in recipients and "camille@example.net" in recipients
    assert not recipients & {"editrice-a@example.org", "editeur-b@example.org", "groupe-a@example.org"}
    assert ContactMessage.objects.get().project is None


def test_extra_posted_fields_never_choose_a_recipient(client, smtp_server, team):
    post_contact(
        client, team["project_a"], to="victime@example.com", recipient="victime@example.com", cc="victime@example.com"
    )
    call_command("send_queued_mail")
    assert "victime@example.com" not in smtp_server.to()
    assert not OutgoingMessage.objects.filter(to="victime@example.com").exists()


def test_with_the_mail_server_down_the_visitor_sees_success_and_every_message_is_sent_later(
    client, smtp_down, smtp_server, settings, team
):
    settings.EMAIL_SEND_ON_COMMIT = True  # even when sending is tried at once, in the request
    response = post_contact(client, team["project_a"])

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert smtp_server.messages == []
    assert OutgoingMessage.objects.filter(sent_at__isnull=True).count() == 3
    smtp_down.up()
    OutgoingMessage.objects.update(next_attempt_at=OutgoingMessage.objects.first().created_at)
    call_command("send_queued_mail")
    assert len(smtp_server.messages) == 3


def test_an_unpublished_project_has_no_contact_form(client, team):
    from tests.factories import ProjectFactory

    draft = ProjectFactory(developer=team["organism_a"])
    assert client.get(reverse("projects:contact", args=[draft.slug])).status_code == 404
    assert post_contact(client, draft).status_code == 404
    assert not ContactMessage.objects.exists()
