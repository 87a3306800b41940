"""Organisms, tenure statuses and territories: the same numbers as the site, few queries."""

import pytest
from django.db.models import Sum
from django.http import QueryDict

from geo.models import Department, Region
from organisms.models import Organism
from projects.filters import OrganismFilter
from projects.models import Project, TenureStatus

pytestmark = pytest.mark.django_db


def published_count_of(organism):
    return Project.objects.published().filter(actors__organism=organism).distinct().count()


def test_organism_list(client, catalogue):
    body = client.get("/api/v1/organismes/?page_size=200").json()
    assert body["count"] == Organism.objects.count()
    items = {item["slug"]: item for item in body["results"]}
    col = items["le-col"]
    assert {"kind", "family", "description", "website", "project_count", "url", "api_url"} <= set(col)
    assert (col["kind"], col["family"], col["project_count"]) == ("hlm", "COOP", 2)
    for organism in Organism.objects.all():
        assert items[organism.slug]["project_count"] == published_count_of(organism), organism.slug
        assert items[organism.slug]["family"] == (organism.family or None)


@pytest.mark.parametrize(
    "query",
    [
        "famille=OPH",
        "famille=ESH&famille=COOP",
        "type=hlm",
        "type=local_authority&type=amo",
        "famille=OPH&type=hlm",
        "region=occitanie",
    ],
)
def test_organism_filters_are_those_of_the_html_list(client, catalogue, query):
    body = client.get(f"/api/v1/organismes/?page_size=200&{query}").json()
    expected = set(OrganismFilter(QueryDict(query), queryset=Organism.objects.all()).qs.values_list("slug", flat=True))
    assert {item["slug"] for item in body["results"]} == expected and expected


def test_organism_filter_errors(client, catalogue):
    response = client.get("/api/v1/organismes/?famille=HLM&type=alien")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"famille", "type"}


def test_organism_detail_lists_its_published_projects_and_roles(client, catalogue):
    body = client.get("/api/v1/organismes/ville-de-lille/").json()
    organism = Organism.objects.get(slug="ville-de-lille")
    assert {p["slug"] for p in body["projects"]} == set(
        Project.objects.published().filter(actors__organism=organism).values_list("slug", flat=True)
    )
    assert all(p["roles"] and p["api_url"].startswith("http://testserver/api/v1/projets/") for p in body["projects"])


def test_organism_list_queries_are_constant(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(3) as small:
        client.get("/api/v1/organismes/?page_size=5")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/v1/organismes/?page_size=200")


def test_tenure_statuses(client, catalogue):
    body = client.get("/api/v1/statuts/").json()
    assert [item["code"] for item in body] == list(
        TenureStatus.objects.order_by("position", "short_name").values_list("code", flat=True)
    )
    psla = next(item for item in body if item["code"] == "psla")
    assert psla["category"] == "social_ownership" and psla["explanation"] and psla["short_name"] == "PSLA"
    assert client.get("/api/v1/statuts/psla/").json() == psla
    assert psla["projets_api_url"] == "http://testserver/api/v1/projets/?statut=psla"


def test_region_counts_match_the_published_projects(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # the catalogue version (page cache), one aggregate query
        body = client.get("/api/v1/territoires/regions/").json()
    assert len(body) == Region.objects.count()
    for item in body:
        projects = Project.objects.published().filter(commune__department__region__code=item["code"])
        assert item["project_count"] == projects.count(), item["code"]
        assert item["homes"] == projects.aggregate(total=Sum("total_homes"))["total"], item["code"]
    assert sum(item["project_count"] for item in body) == Project.objects.published().exclude(commune=None).count()


def test_department_counts_match_the_published_projects(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # the catalogue version, one aggregate query
        body = client.get("/api/v1/territoires/departements/").json()
    assert len(body) == Department.objects.count()
    for item in body:
        projects = Project.objects.published().filter(commune__department__code=item["code"])
        assert item["project_count"] == projects.count(), item["code"]
    gironde = next(item for item in body if item["code"] == "33")
    assert gironde["project_count"] == 2 and gironde["region"]["code"] == "75"
    assert gironde["projets_api_url"] == "http://testserver/api/v1/projets/?departement=33"


def test_region_and_department_details(client, catalogue):
    region = client.get("/api/v1/territoires/regions/75/").json()
    assert region["name"] == "Nouvelle-Aquitaine" and region["project_count"] == 3
    assert {d["code"] for d in region["departements"]} == set(
        Department.objects.filter(region__code="75").values_list("code", flat=True)
    )
    assert sum(d["project_count"] for d in region["departements"]) == 3
    assert {r["name"] for r in region["former_regions"]} >= {"Aquitaine", "Limousin", "Poitou-Charentes"}
    department = client.get("/api/v1/territoires/departements/2A/").json()
    assert department["name"] == "Corse-du-Sud" and department["region"]["slug"] == "corse"
    gironde = client.get("/api/v1/territoires/departements/33/").json()
    assert {n["code"] for n in gironde["neighbours"]} >= {"17", "24", "40", "47"}


def test_the_project_list_links_of_territories_give_their_projects(client, catalogue):
    for item in client.get("/api/v1/territoires/regions/").json():
        body = client.get(item["projets_api_url"]).json()
        assert body["count"] == item["project_count"], item["code"]
