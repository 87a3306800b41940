"""Workflow e-mails: submitted → the moderators; published, rejected (with the reason) → the
organism's editors. Queued with the transition, delivered by ``send_queued_mail`` to a real
SMTP server, with a link to the project's admin page built from SITE_URL."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from outbox.models import OutgoingMessage
from projects import notifications
from projects.models import PublicationStatus
from projects.workflow import apply_transition
from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory, ProjectFactory
from tests.smtp import bodies

pytestmark = pytest.mark.django_db

REASON = "Le nombre de logements PLAI ne correspond pas à la source (p. 12)."


@pytest.fixture
def team():
    organism, other = OrganismFactory(), OrganismFactory()
    return {
        "editor": EditorFactory(organisms=[organism], email="editrice@example.org"),
        "colleague": EditorFactory(organisms=[organism], email="collegue@example.org"),
        "outsider": EditorFactory(organisms=[other], email="autre@example.org"),
        "moderator": ModeratorFactory(email="moderatrice@example.org"),
        "project": ProjectFactory(developer=organism, name="L'Îlot & les Voisins du Lac"),
    }


def moderators_emails():
    return sorted(user.email for user in notifications.moderators())


def admin_url(project):
    return "https://catalogue.example.org" + reverse("admin:projects_project_change", args=[project.pk])


def test_submitting_a_draft_mails_every_moderator_a_link_to_the_admin_page(smtp_server, team):
    project = team["project"]
    apply_transition(project, "submit", team["editor"])

    assert sorted(OutgoingMessage.objects.values_list("to", flat=True)) == moderators_emails()
    assert "moderatrice@example.org" in moderators_emails()
    assert smtp_server.messages == []  # the action only queued them

    call_command("send_queued_mail")

    assert smtp_server.to() == moderators_emails()
    received = next(m for m in smtp_server.messages if m["To"] == "moderatrice@example.org")
    assert received["Subject"].strip() == "À relire : « L'Îlot & les Voisins du Lac »"
    text, html = bodies(received)
    assert admin_url(project) in text and f'href="{admin_url(project)}"' in html
    assert "a soumis le projet « L'Îlot & les Voisins du Lac » pour relecture" in text
    assert "<p>" in html and "<html" in html
    assert "L&#x27;Îlot &amp; les Voisins" in html  # escaped in HTML, as typed in text and subject


def test_submitting_through_the_admin_button_queues_one_message_per_moderator(smtp_server, team):
    client = Client()
    client.force_login(team["editor"])
    url = reverse("admin:projects_project_transition", args=[team["project"].pk, "submit"])
    assert client.post(url).status_code == 302

    call_command("send_queued_mail")
    assert smtp_server.to() == moderators_emails()
    assert len(smtp_server.messages) == len(moderators_emails())


def test_publishing_mails_the_organisms_editors_only(smtp_server, team):
    project = team["project"]
    apply_transition(project, "submit", team["editor"])
    OutgoingMessage.objects.all().delete()

    apply_transition(project, "publish", team["moderator"])
    call_command("send_queued_mail")

    assert smtp_server.to() == ["collegue@example.org", "editrice@example.org"]
    text, html = bodies(smtp_server.messages[0])
    assert smtp_server.messages[0]["Subject"].strip() == "Publié : « L'Îlot & les Voisins du Lac »"
    assert "https://catalogue.example.org" + project.get_absolute_url() in text
    assert admin_url(project) in html


def test_a_rejection_tells_the_editors_the_reason(smtp_server, team):
    project = team["project"]
    apply_transition(project, "submit", team["editor"])
    OutgoingMessage.objects.all().delete()

    apply_transition(project, "reject", team["moderator"], reason=REASON)
    call_command("send_queued_mail")

    assert smtp_server.to() == ["collegue@example.org", "editrice@example.org"]
    for received in smtp_server.messages:
        assert received["Subject"].strip() == "À corriger : « L'Îlot & les Voisins du Lac »"
        text, html = bodies(received)
        assert REASON in text and admin_url(project) in text
        assert "Le nombre de logements PLAI" in html


def test_the_message_is_in_english_for_a_recipient_whose_language_is_english(smtp_server, team, monkeypatch):
    monkeypatch.setattr(notifications, "language_of", lambda user: "en" if user.email.startswith("edit") else "fr")
    project = team["project"]
    apply_transition(project, "submit", team["editor"])
    OutgoingMessage.objects.all().delete()
    apply_transition(project, "reject", team["moderator"], reason=REASON)
    call_command("send_queued_mail")

    by_to = {m["To"]: m for m in smtp_server.messages}
    assert by_to["editrice@example.org"]["Subject"].strip() == "To correct: “L'Îlot & les Voisins du Lac”"
    assert "Reason:" in bodies(by_to["editrice@example.org"])[0]
    assert by_to["collegue@example.org"]["Subject"].strip() == "À corriger : « L'Îlot & les Voisins du Lac »"


def test_a_rolled_back_transition_queues_nothing(team):
    project = team["project"]
    with pytest.raises(RuntimeError), transaction.atomic():
        apply_transition(project, "submit", team["editor"])
        assert OutgoingMessage.objects.exists()
        raise RuntimeError
    assert not OutgoingMessage.objects.exists()


def test_a_refused_transition_queues_nothing(team):
    project = team["project"]
    with pytest.raises(ValidationError):
        apply_transition(project, "reject", team["moderator"], reason=REASON)  # a draft cannot be rejected
    assert not OutgoingMessage.objects.exists()


def test_with_the_smtp_server_down_the_editor_sees_no_error_and_the_mail_waits(smtp_down, team, smtp_server):
    client = Client()
    client.force_login(team["editor"])
    url = reverse("admin:projects_project_transition", args=[team["project"].pk, "submit"])
    assert client.post(url).status_code == 302
    team["project"].refresh_from_db()
    assert team["project"].status == PublicationStatus.SUBMITTED
    assert OutgoingMessage.objects.filter(sent_at__isnull=True).count() == len(moderators_emails())
