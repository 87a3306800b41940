"""The freshness loop: `remind_verification` mails each editor the published projects of their organisms
not verified for a year (direct admin links, once per project per period, idempotent); the public page says
when a person last verified the facts, or that nobody did (with the most recent source's year), and warns
after 18 months."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMessage
from projects.models import VerificationReminder
from projects.workflow import mark_verified
from tests.factories import (
    EditorFactory,
    ModeratorFactory,
    OrganismFactory,
    ProjectFactory,
    ProjectSourceFactory,
    SourceFactory,
)
from tests.smtp import bodies

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def old(days):
    return TODAY - timedelta(days=days)


@pytest.fixture
def organism():
    return OrganismFactory(name="Office Test de la Vallée")


def published(organism, name, verified_on=None, published_days_ago=30):
    return ProjectFactory(
        developer=organism,
        name=name,
        status="published",
        published_at=timezone.now() - timedelta(days=published_days_ago),
        last_verified_on=verified_on,
    )


def remind():
    out = StringIO()
    call_command("remind_verification", stdout=out)
    return out.getvalue()


def test_each_editor_gets_one_message_listing_their_stale_projects_with_admin_links(smtp_server, organism):
    editor = EditorFactory(organisms=[organism], email="editrice@example.org")
    english = EditorFactory(organisms=[organism], email="en@example.org", language="en")
    stale = published(organism, "Résidence Ancienne", verified_on=old(400))
    never = published(organism, "Résidence Jamais Vue")
    fresh = published(organism, "Résidence Récente", verified_on=old(20))
    draft = ProjectFactory(developer=organism, name="Brouillon Oublié", status="draft")
    ModeratorFactory(email="mod@example.org")

    assert "2 project(s) to verify, 2 message(s) queued" in remind()
    call_command("send_queued_mail")

    by_to = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_to) == ["editrice@example.org", "en@example.org"]  # moderators are not reminded
    assert by_to["editrice@example.org"]["Subject"].strip() == "2 projets à vérifier"
    assert by_to["en@example.org"]["Subject"].strip() == "2 projects to verify"
    text, html = bodies(by_to["editrice@example.org"])
    for project in (stale, never):
        url = "https://catalogue.example.org" + reverse("admin:projects_project_change", args=[project.pk])
        assert project.name in text and url in text and f'href="{url}"' in html
    assert fresh.name not in text and draft.name not in text
    assert "jamais vérifié" in text
    assert editor.pk and english.pk


def test_running_twice_reminds_nobody_twice_and_a_year_later_reminds_again(smtp_server, organism):
    EditorFactory(organisms=[organism], email="editrice@example.org")
    project = published(organism, "Résidence Ancienne", verified_on=old(400))
    remind()
    assert "0 project(s) to verify, 0 message(s) queued" in remind()
    assert OutgoingMessage.objects.count() == 1
    assert VerificationReminder.objects.filter(project=project).count() == 1

    VerificationReminder.objects.update(sent_at=timezone.now() - timedelta(days=366))
    assert "1 project(s) to verify" in remind()
    assert OutgoingMessage.objects.count() == 2


def test_a_project_verified_after_the_reminder_is_not_reminded(smtp_server, organism):
    editor = EditorFactory(organisms=[organism], email="editrice@example.org")
    project = published(organism, "Résidence Ancienne", verified_on=old(400))
    mark_verified(project, editor)
    assert "0 project(s)" in remind()


def test_a_project_without_any_editor_is_not_recorded_and_waits_for_one(smtp_server, organism):
    project = published(organism, "Résidence Orpheline", verified_on=old(400))
    assert "project(s) have no editor" in remind()  # the seed catalogue's projects have none either
    assert not VerificationReminder.objects.filter(project=project).exists()
    EditorFactory(organisms=[organism], email="arrivee@example.org")
    assert "1 project(s) to verify, 1 message(s) queued" in remind()
    assert VerificationReminder.objects.get(project=project).recipients == 1


def page(project):
    response = Client().get(project.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_shows_the_date_a_person_verified_the_facts(organism):
    project = published(organism, "Résidence Vérifiée")
    editor = EditorFactory(organisms=[organism])
    mark_verified(project, editor)
    html = page(project)
    assert "Informations vérifiées le" in html
    assert f'datetime="{TODAY:%Y-%m-%d}"' in html
    assert "plus de 18 mois" not in html


def test_never_verified_says_so_with_the_most_recent_source_year(organism):
    project = published(organism, "Résidence Sourcée")
    ProjectSourceFactory(project=project, source=SourceFactory(year=2014))
    ProjectSourceFactory(project=project, source=SourceFactory(year=2017))
    ProjectSourceFactory(project=project, source=SourceFactory(year=None))
    html = page(project)
    assert "Informations jamais vérifiées depuis la publication (source de 2017)." in html
    assert "Informations vérifiées le" not in html


def test_never_verified_and_no_dated_source_says_never_verified(organism):
    assert "Informations jamais vérifiées depuis la publication." in page(published(organism, "Sans Source"))


def test_facts_unverified_for_18_months_carry_a_visible_notice(organism):
    stale = published(organism, "Résidence Ancienne", verified_on=old(560))
    html = page(stale)
    assert "freshness-stale" in html and "depuis plus de 18 mois" in html
    recent = published(organism, "Résidence Récente", verified_on=old(500))
    assert "depuis plus de 18 mois" not in page(recent)


def test_never_verified_and_published_over_18_months_ago_carries_the_notice(organism):
    assert "depuis plus de 18 mois" in page(published(organism, "Vieille Fiche", published_days_ago=600))
    assert "depuis plus de 18 mois" not in page(published(organism, "Fiche Neuve", published_days_ago=10))


def test_the_freshness_block_is_in_english_for_an_english_visitor(organism):
    project = published(organism, "Résidence Sourcée")
    ProjectSourceFactory(project=project, source=SourceFactory(year=2017))
    client = Client()
    html = client.get("/en" + project.get_absolute_url()).content.decode()
    assert "never verified since publication (source from 2017)" in html
