"""Revision e-mails, delivered to a real SMTP server: a change submitted → the moderators (once);
approved, or rejected with the reason → the editors of the project's organism, not others."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from projects import notifications
from projects.revisions import services
from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory, ProjectFactory
from tests.smtp import bodies

pytestmark = pytest.mark.django_db
SITE = "https://catalogue.example.org"
REASON = "La surface des espaces communs ne figure pas dans la source (p. 4)."


@pytest.fixture
def team():
    organism = OrganismFactory()
    editor = EditorFactory(organisms=[organism], email="editrice@example.org")
    return {
        "editor": editor,
        "colleague": EditorFactory(organisms=[organism], email="collegue@example.org"),
        "outsider": EditorFactory(organisms=[OrganismFactory()], email="autre@example.org"),
        "moderator": ModeratorFactory(email="moderatrice@example.org"),
        "live": ProjectFactory(developer=organism, published=True, name="L'Îlot & les Voisins"),
    }


def submitted(team):
    twin = services.start(team["live"], team["editor"])
    twin.summary = "Nouveau résumé"
    twin.save()
    services.submit(twin, team["editor"])
    return twin


def test_a_submitted_change_mails_every_moderator_once_with_a_link_to_the_comparison(smtp_server, team):
    twin = submitted(team)
    services.submit(twin, team["colleague"])  # a correction while pending: nobody mailed again
    call_command("send_queued_mail")

    moderators = sorted(user.email for user in notifications.moderators())
    assert smtp_server.to() == moderators and "moderatrice@example.org" in moderators
    received = next(m for m in smtp_server.messages if m["To"] == "moderatrice@example.org")
    assert received["Subject"].strip() == "Modification à relire : « L'Îlot & les Voisins »"
    text, html = bodies(received)
    link = SITE + reverse("admin:projects_project_review", args=[twin.pk])
    assert link in text and f'href="{link}"' in html
    assert "propose une modification du projet publié « L'Îlot & les Voisins »" in text


def test_an_approved_change_tells_the_organisms_editors_but_not_the_moderator_who_approved(smtp_server, team):
    twin = submitted(team)
    call_command("send_queued_mail")
    smtp_server.messages.clear()
    smtp_server.envelope_to.clear()
    services.approve(twin, team["moderator"])
    call_command("send_queued_mail")

    assert smtp_server.to() == ["collegue@example.org", "editrice@example.org"]
    text, html = bodies(smtp_server.messages[0])
    assert "a été approuvée : elle est en ligne" in text
    assert SITE + team["live"].get_absolute_url() in text and "<html" in html


def test_a_rejected_change_gives_the_editors_the_reason_and_a_link_to_correct_it(smtp_server, team):
    twin = submitted(team)
    call_command("send_queued_mail")
    smtp_server.messages.clear()
    smtp_server.envelope_to.clear()
    services.reject(twin, team["moderator"], REASON)
    call_command("send_queued_mail")

    assert smtp_server.to() == ["collegue@example.org", "editrice@example.org"]
    received = smtp_server.messages[0]
    assert received["Subject"].strip() == "Modification à corriger : « L'Îlot & les Voisins »"
    text, html = bodies(received)
    link = SITE + reverse("admin:projects_project_change", args=[twin.pk])
    assert REASON in text and link in text and f'href="{link}"' in html
    assert "surface des espaces communs" in html and "autre@example.org" not in smtp_server.to()


@pytest.mark.parametrize(
    ("name", "subject", "sentence"),
    [
        ("revision_submitted", "Change to review", "proposes a change to the published project"),
        ("revision_approved", "Change online", "has been approved: it is online"),
        ("revision_rejected", "Change to correct", "was not approved: the public page is unchanged"),
    ],
)
def test_revision_mails_are_written_in_english_too(team, name, subject, sentence):
    from django.template.loader import render_to_string

    context = {"project": team["live"], "by": team["editor"], "reason": REASON, "admin_url": "https://x"}
    with translation.override("en"):
        rendered = {
            part: render_to_string(f"projects/mail/{name}{part}", context) for part in (".txt", ".html", "_subject.txt")
        }
    assert subject in rendered["_subject.txt"]
    assert sentence in rendered[".txt"] and sentence in rendered[".html"]
