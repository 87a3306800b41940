"""Digests through a real SMTP server: only what is new or changed, matching the criteria (near-me
radius included), never drafts; one-click unsubscribe with its headers; the purge."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Subscription
from alerts.services import send_digests
from geo.models import Commune
from projects.models import OpeningStatus
from tests.alerts.helpers import deliver, path_of
from tests.factories import BEGLES, BORDEAUX, ProjectFactory, ProjectOpeningFactory, ProjectVisitFactory, commune
from tests.smtp import bodies

pytestmark = pytest.mark.django_db

ARCACHON = "33009"


def confirmed(criteria="", frequency="weekly", near=None, radius=None, since=None):
    """A confirmed alert whose last digest went out ``since`` (default: 8 days ago, so it is due)."""
    since = since or timezone.now() - datetime.timedelta(days=8)
    return Subscription.objects.create(
        email="habitant@example.org",
        criteria=criteria,
        frequency=frequency,
        near_commune=near,
        radius_km=radius,
        confirmed_at=since,
        last_digest_at=since,
    )


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_a_digest_lists_new_projects_openings_and_visits_matching_the_criteria(smtp_server, catalogue):
    old = _old_project()
    subscription = confirmed("departement=33")
    created = _make_news(old)
    checked, queued = send_digests(now=timezone.now())
    assert (checked, queued) == (1, 1)
    deliver()
    [mail] = smtp_server.messages
    text, html = bodies(mail)
    assert "Nouveau à Bègles" in text and "Nouveau à Bègles" in html
    assert "Ancien Bordelais : Liste d'attente ouverte" in text
    assert "Salle Saint-Michel" in text
    assert "Brouillon girondin" not in text + html
    assert "Projet lyonnais" not in text + html
    assert "/projets/" + created["old"].slug + "/#comment-rejoindre" in text
    assert mail["List-Unsubscribe"].strip().startswith("<https://catalogue.example.org/alertes/desabonner/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription.refresh_from_db()
    assert subscription.last_digest_at > timezone.now() - datetime.timedelta(minutes=1)


def _old_project():
    """Published before the subscription."""
    return ProjectFactory(
        published=True,
        name="Ancien Bordelais",
        commune=commune(BORDEAUX),
        published_at=timezone.now() - datetime.timedelta(days=30),
    )


def _make_news(old):
    """After the subscription: a project published in Bègles, an opening and a visit of ``old``,
    and what must never show: a draft in Gironde, a project in Lyon."""
    return {
        "old": old,
        "new": ProjectFactory(published=True, name="Nouveau à Bègles", commune=commune(BEGLES)),
        "opening": ProjectOpeningFactory(project=old, status=OpeningStatus.WAITING_LIST),
        "visit": ProjectVisitFactory(project=old, place="Salle Saint-Michel", starts_at=later(20)),
        "draft": ProjectOpeningFactory(
            project__name="Brouillon girondin", project__published=False, project__commune=commune(BORDEAUX)
        ),
        "lyon": ProjectFactory(published=True, name="Projet lyonnais", commune=commune("69123")),
    }


def test_only_what_is_new_or_changed_since_the_last_digest(smtp_server, catalogue):
    old = _old_project()
    confirmed("departement=33")
    created = _make_news(old)
    first = timezone.now()
    assert send_digests(now=first) == (1, 1)
    # A week later, nothing new: no mail.
    assert send_digests(now=first + datetime.timedelta(days=7)) == (1, 0)
    # The editor changes the opening on day 9: the next digest reports it, and only it.
    type(created["opening"]).objects.filter(pk=created["opening"].pk).update(
        status=OpeningStatus.FULL, updated_at=first + datetime.timedelta(days=9)
    )
    assert send_digests(now=first + datetime.timedelta(days=14)) == (1, 1)
    deliver()
    assert len(smtp_server.messages) == 2
    text, _html = bodies(smtp_server.messages[1])
    assert "Ancien Bordelais : Complet" in text
    assert "Nouveau à Bègles" not in text and "Salle Saint-Michel" not in text


def test_a_daily_alert_is_not_due_twice_in_a_day_and_a_weekly_one_waits_a_week(catalogue):
    daily = confirmed(frequency="daily", since=timezone.now() - datetime.timedelta(hours=30))
    weekly = confirmed(frequency="weekly", since=timezone.now() - datetime.timedelta(days=2))
    assert send_digests(now=timezone.now())[0] == 1
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert daily.last_digest_at > weekly.last_digest_at
    assert send_digests(now=timezone.now() + datetime.timedelta(hours=2))[0] == 0


def test_near_me_alerts_keep_only_projects_within_the_radius(smtp_server, catalogue):
    bordeaux = Commune.objects.get(insee_code=BORDEAUX)
    confirmed(near=bordeaux, radius=10)
    ProjectFactory(published=True, name="Tout près à Bègles", commune=commune(BEGLES))
    ProjectFactory(published=True, name="Loin à Arcachon", commune=commune(ARCACHON))
    send_digests(now=timezone.now())
    deliver()
    [mail] = smtp_server.messages
    text, _html = bodies(mail)
    assert "Tout près à Bègles" in text and "Loin à Arcachon" not in text
    assert "à moins de 10 km de Bordeaux" in text


def test_one_click_unsubscribe_from_the_header_deletes_everything(smtp_server, catalogue):
    old = _old_project()
    subscription = confirmed("departement=33")
    _make_news(old)
    send_digests(now=timezone.now())
    deliver()
    url = smtp_server.messages[0]["List-Unsubscribe"].strip(" <>")
    client = Client(enforce_csrf_checks=True)  # a mail client posts without any CSRF token
    page = client.get(path_of(url))
    assert page.status_code == 200 and Subscription.objects.filter(pk=subscription.pk).exists()
    response = client.post(path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    again = client.post(path_of(url))
    assert again.status_code == 200 and "n'existe plus" in again.content.decode().replace("&#x27;", "'")


def test_a_tampered_unsubscribe_link_is_refused_and_deletes_nothing(client, catalogue):
    subscription = confirmed()
    from alerts.tokens import confirmation_token, unsubscribe_token

    token = unsubscribe_token(subscription)
    for bad in (token[:-3] + "xyz", confirmation_token(subscription), "n-importe-quoi"):
        response = client.post(f"/alertes/desabonner/{bad}/")
        assert response.status_code == 400, bad
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_purge_deletes_only_old_unconfirmed_subscriptions(catalogue, settings):
    settings.ALERTS_UNCONFIRMED_RETENTION_DAYS = 7
    old = Subscription.objects.create(email="vieux@example.org")
    recent = Subscription.objects.create(email="recent@example.org")
    kept = confirmed(since=timezone.now() - datetime.timedelta(days=30))
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("purge_alert_subscriptions", stdout=io.StringIO())
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
