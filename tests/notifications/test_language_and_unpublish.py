"""Each recipient reads in their own language (« Mes préférences »); unpublishing (archiving) tells
the organism's editors, with the reason when the moderator gave one."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from projects.workflow import apply_transition
from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory, ProjectFactory
from tests.smtp import bodies

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organism = OrganismFactory()
    return {
        "fr": EditorFactory(organisms=[organism], email="fr@example.org"),
        "en": EditorFactory(organisms=[organism], email="en@example.org", language="en"),
        "moderator": ModeratorFactory(email="mod@example.org"),
        "project": ProjectFactory(developer=organism, name="Les Jardins Suspendus", status="published"),
    }


def test_a_new_account_reads_its_mail_in_french():
    assert EditorFactory(organisms=[OrganismFactory()]).language == "fr"


def test_an_unknown_language_is_refused_by_the_database():
    user = EditorFactory(organisms=[OrganismFactory()])
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(language="de")


def test_unpublishing_mails_each_editor_in_their_own_language_with_the_reason(smtp_server, team):
    apply_transition(team["project"], "unpublish", team["moderator"], reason="Le projet a été abandonné en 2021.")
    call_command("send_queued_mail")

    by_to = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_to) == ["en@example.org", "fr@example.org"]
    assert by_to["fr@example.org"]["Subject"].strip() == "Dépublié : « Les Jardins Suspendus »"
    assert by_to["en@example.org"]["Subject"].strip() == "Unpublished: “Les Jardins Suspendus”"
    for message in by_to.values():
        text, html = bodies(message)
        assert "Le projet a été abandonné en 2021." in text and "abandonné en 2021" in html
    assert "archived" in bodies(by_to["en@example.org"])[0]


def test_unpublishing_without_a_reason_says_so_without_an_empty_reason(smtp_server, team):
    apply_transition(team["project"], "unpublish", team["moderator"])
    call_command("send_queued_mail")
    text, _html = bodies(smtp_server.messages[0])
    assert "Motif" not in text and "Reason" not in text


def test_an_editor_chooses_english_in_my_preferences_and_gets_english_mail(smtp_server, team):
    client = Client()
    client.force_login(team["fr"])
    url = reverse("admin:preferences")
    page = client.get(url)
    assert page.status_code == 200 and "langue des courriels" in page.content.decode().lower()
    assert client.post(url, {"language": "en"}).status_code == 302
    team["fr"].refresh_from_db()
    assert team["fr"].language == "en"

    apply_transition(team["project"], "unpublish", team["moderator"])
    call_command("send_queued_mail")
    assert all(m["Subject"].startswith("Unpublished") for m in smtp_server.messages)


def test_a_bad_language_in_my_preferences_is_a_form_error_not_a_500(team):
    client = Client()
    client.force_login(team["fr"])
    response = client.post(reverse("admin:preferences"), {"language": "klingon"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    team["fr"].refresh_from_db()
    assert team["fr"].language == "fr"


def test_my_preferences_needs_a_logged_in_staff_user():
    response = Client().get(reverse("admin:preferences"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
