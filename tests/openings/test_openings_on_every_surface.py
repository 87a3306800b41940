"""Openings reach the card, the project page, the API and the exports; drafts never leak."""

import datetime
import json

import pytest
from django.utils import timezone

from projects.models import OpeningStatus, Project
from tests.factories import ProjectFactory, ProjectOpeningFactory, ProjectVisitFactory
from tests.opendata.helpers import body, csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiting(catalogue):
    opening = ProjectOpeningFactory(
        project__slug="les-lilas",
        project__name="Les Lilas",
        status=OpeningStatus.HOMES_AVAILABLE,
        homes_available=4,
        tenures=["psla", "plus"],
    )
    ProjectVisitFactory(project=opening.project, place="Salle des fêtes de Bègles")
    ProjectVisitFactory(
        project=opening.project, place="Visite passée", starts_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    return opening


@pytest.fixture
def stale(catalogue):
    return ProjectOpeningFactory(project__slug="vieux-statut", as_of=datetime.date(2021, 3, 1))


@pytest.fixture
def draft(catalogue):
    opening = ProjectOpeningFactory(project__slug="brouillon", project__published=False)
    ProjectVisitFactory(project=opening.project, place="Lieu secret du brouillon")
    return opening


def test_the_card_shows_the_badge_linking_to_how_to_join(client, recruiting, stale):
    html = client.get("/projets/?ouverture=homes_available&ouverture=to_confirm").content.decode()
    assert 'href="/projets/les-lilas/#comment-rejoindre"' in html
    assert "Logements disponibles" in html
    assert "À confirmer" in html


def test_the_project_page_says_how_to_join_with_homes_steps_and_coming_visits(client, recruiting):
    html = client.get("/projets/les-lilas/").content.decode()
    section = html[
        html.index('id="comment-rejoindre"') : html.index("</section>", html.index('id="comment-rejoindre"'))
    ]
    assert "4 logements disponibles" in section
    assert ">PSLA</abbr>" in section and ">PLUS</abbr>" in section
    assert "<li>Rencontrer le groupe</li>" in section
    assert "Salle des fêtes de Bègles" in section
    assert "Visite passée" not in section  # past visits are not announced


def test_a_stale_status_is_shown_as_to_confirm_with_its_date(client, stale):
    html = client.get("/projets/vieux-statut/").content.decode()
    assert "À confirmer" in html
    assert "1 mars 2021" in html
    assert "à confirmer auprès du groupe ou du bailleur" in html


def test_a_project_without_opening_says_so(client, catalogue):
    html = client.get("/projets/terra-arte/").content.decode()
    assert "n'ont pas encore indiqué s'ils accueillent de nouveaux habitants" in html


def test_api_list_and_detail_carry_the_opening_and_coming_visits(client, recruiting, stale):
    items = {item["slug"]: item for item in client.get("/api/v1/projets/?page_size=200").json()["results"]}
    assert items["les-lilas"]["opening"] == {
        "state": "homes_available",
        "status": "homes_available",
        "as_of": timezone.localdate().isoformat(),
        "homes_available": 4,
        "tenures": ["plus", "psla"],
        "how_to_join": [
            "Venir à une réunion d'information",
            "Rencontrer le groupe",
            "Déposer un dossier auprès du bailleur",
        ],
    }
    assert items["vieux-statut"]["opening"]["state"] == "to_confirm"
    assert items["vieux-statut"]["opening"]["status"] == "seeking_members"
    assert items["terra-arte"]["opening"] is None
    detail = client.get("/api/v1/projets/les-lilas/").json()
    assert [visit["place"] for visit in detail["visits"]] == ["Salle des fêtes de Bègles"]
    filtered = client.get("/api/v1/projets/?ouverture=to_confirm").json()
    assert [item["slug"] for item in filtered["results"]] == ["vieux-statut"]


def test_exports_carry_the_displayed_state_the_entered_status_and_tenures(client, recruiting, stale):
    rows = {row["slug"]: row for row in csv_rows(client.get("/projets/export.csv"))}
    assert rows["les-lilas"]["opening_state"] == "homes_available"
    assert rows["les-lilas"]["homes_available"] == "4"
    assert rows["les-lilas"]["homes_available_tenures"] == "plus | psla"
    assert rows["les-lilas"]["opening_as_of"] == timezone.localdate().isoformat()
    assert rows["vieux-statut"]["opening_state"] == "to_confirm"
    assert rows["vieux-statut"]["opening_status"] == "seeking_members"
    assert rows["terra-arte"]["opening_state"] == ""
    data = json.loads(body(client.get("/projets/export.json?ouverture=to_confirm")))
    assert [row["slug"] for row in data["projects"]] == ["vieux-statut"]
    geo = json.loads(body(client.get("/projets/export.geojson?ouverture=homes_available")))
    assert [feature["properties"]["slug"] for feature in geo["features"]] == ["les-lilas"]


def test_drafts_never_leak_through_openings(client, draft, recruiting):
    assert client.get("/projets/brouillon/").status_code == 404
    assert "brouillon" not in client.get("/projets/?ouverture=seeking_members").content.decode()
    assert "brouillon" not in body(client.get("/projets/export.csv?ouverture=seeking_members")).decode()
    assert client.get("/api/v1/projets/brouillon/").status_code == 404
    api = client.get("/api/v1/projets/?ouverture=seeking_members&page_size=200").json()
    assert "brouillon" not in {item["slug"] for item in api["results"]}
    assert "Lieu secret" not in body(client.get("/projets/flux.atom")).decode()
    assert Project.objects.published().filter(slug="brouillon").count() == 0


def test_the_map_offers_the_opening_facet(client, recruiting):
    html = client.get("/territoires/carte/?ouverture=homes_available").content.decode()
    assert 'name="ouverture"' in html


def test_list_query_count_does_not_grow_with_openings(client, catalogue, django_assert_max_num_queries):
    from caching.middleware import page_cache

    for number in range(30):
        project = ProjectFactory(published=True, slug=f"avec-ouverture-{number}")
        ProjectOpeningFactory(project=project, tenures=["plus"])
    # Warm reference caches (facet counts of these filters), as on a busy site; then an empty page cache.
    list_url, api_url = (
        "/projets/?par_page=96&ouverture=seeking_members",
        "/api/v1/projets/?page_size=200&ouverture=seeking_members",
    )
    client.get(list_url)
    client.get(api_url)
    page_cache().clear()
    with django_assert_max_num_queries(6):
        assert client.get(list_url).status_code == 200
    with django_assert_max_num_queries(9):
        assert len(client.get(api_url).json()["results"]) == 30
