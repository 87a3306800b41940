"""/api/v1/projets/: the same projects as the HTML list, the documented fields, constant queries."""

import pytest
from django.conf import settings
from django.http import QueryDict

from common.collation import collated
from projects.filters import ProjectFilter
from projects.models import Project

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "slug",
    "name",
    "url",
    "api_url",
    "summary",
    "commune",
    "departement",
    "region",
    "former_region",
    "latitude",
    "longitude",
    "participatory_family",
    "intervention_modes",
    "phase",
    "delivery_year",
    "delivery_text",
    "total_homes",
    "participatory_homes",
    "tenure_lines",
    "developers",
    "updated_at",
    "published_at",
    "opening",
}
DETAIL_EXTRA_FIELDS = {
    "description",
    "actors",
    "milestones",
    "surfaces",
    "cost_figures",
    "common_spaces",
    "quotes",
    "citations",
    "citation",
    "visits",
}


def all_slugs(api_get, query=""):
    response = api_get(f"/api/v1/projets/?page_size=200&{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.data_json["results"]]


def test_list_has_every_published_project_in_name_order(api_get, catalogue):
    response = api_get("/api/v1/projets/", {"page_size": 200})
    assert response.status_code == 200
    body = response.data_json
    expected = list(Project.objects.published().order_by(collated("name").asc(), "pk").values_list("slug", flat=True))
    assert body["count"] == len(expected) == 19
    assert [item["slug"] for item in body["results"]] == expected
    assert body["next"] is None and body["previous"] is None


def test_list_item_fields(api_get, catalogue):
    items = {item["slug"]: item for item in api_get("/api/v1/projets/", {"page_size": 200}).data_json["results"]}
    assert all(set(item) == LIST_FIELDS for item in items.values())
    terra = items["terra-arte"]
    project = Project.objects.get(slug="terra-arte")
    assert terra["id"] == project.pk
    assert terra["url"] == "http://testserver/projets/terra-arte/"
    assert terra["api_url"] == "http://testserver/api/v1/projets/terra-arte/"
    assert terra["commune"] == {"insee": "64102", "name": "Bayonne"}
    assert terra["departement"] == {"code": "64", "name": "Pyrénées-Atlantiques"}
    assert terra["region"]["code"] == "75" and terra["region"]["name"] == "Nouvelle-Aquitaine"
    assert terra["former_region"] == {"code": "72", "name": "Aquitaine"}
    assert terra["latitude"] == pytest.approx(project.commune.latitude, abs=1e-6)
    assert terra["longitude"] == pytest.approx(project.commune.longitude, abs=1e-6)
    assert terra["participatory_family"] == "social_housing"
    assert terra["phase"] == "delivered"
    assert (terra["delivery_year"], terra["total_homes"], terra["participatory_homes"]) == (2016, 46, 46)
    assert {"status": "psla", "category": "social_ownership", "homes": 41}.items() <= terra["tenure_lines"][0].items()
    assert sum(line["homes"] for line in terra["tenure_lines"]) == 46
    assert terra["developers"] == [{"slug": "le-col", "name": "Le COL", "family": "COOP"}]
    assert terra["published_at"] and terra["updated_at"]


def test_unknown_facts_are_null(api_get, catalogue):
    items = {item["slug"]: item for item in api_get("/api/v1/projets/", {"page_size": 200}).data_json["results"]}
    oasis = items["oasis"]  # the sources do not give its commune
    assert oasis["commune"] is None and oasis["departement"] is None and oasis["region"] is None
    assert oasis["latitude"] is None and oasis["longitude"] is None
    callisto = items["callisto"]
    assert callisto["total_homes"] is None and callisto["tenure_lines"] == []


def test_tenure_line_with_category_only(api_get, catalogue):
    item = api_get("/api/v1/projets/groupe-du-4-mars/").data_json
    line = next(line for line in item["tenure_lines"] if line["status"] is None)
    assert line["category"] == "ownership_unspecified"


def test_intervention_modes_are_codes(api_get, catalogue):
    items = {item["slug"]: item for item in api_get("/api/v1/projets/", {"page_size": 200}).data_json["results"]}
    for slug, item in items.items():
        project = Project.objects.get(slug=slug)
        assert sorted(item["intervention_modes"]) == sorted(project.intervention_modes.values_list("code", flat=True))
    assert "partnership" in items["mascobado"]["intervention_modes"]


def test_detail_fields_and_sources(api_get, catalogue):
    response = api_get("/api/v1/projets/terra-arte/")
    assert response.status_code == 200
    item = response.data_json
    assert set(item) >= LIST_FIELDS | DETAIL_EXTRA_FIELDS
    project = Project.objects.get(slug="terra-arte")
    assert item["description"] == project.description
    assert {(a["organism"]["slug"], a["role"]) for a in item["actors"]} == set(
        project.actors.values_list("organism__slug", "role")
    )
    assert len(item["citations"]) == project.citations.count() > 0
    citation = item["citations"][0]
    assert {"title", "publisher", "date_text", "slug"} <= set(citation["source"])
    assert "locator" in citation
    assert len(item["milestones"]) == project.milestones.count()
    assert len(item["surfaces"]) == project.surfaces.count()
    assert len(item["cost_figures"]) == project.cost_figures.count()
    assert len(item["common_spaces"]) == project.common_spaces.count()
    assert len(item["quotes"]) == project.quotes.count()
    for fact in item["milestones"] + item["surfaces"] + item["cost_figures"] + item["common_spaces"] + item["quotes"]:
        assert "source" in fact and "locator" in fact
    for figure in item["cost_figures"]:
        assert isinstance(figure["amount"], (int, float))
    assert item["developers"] == [{"slug": "le-col", "name": "Le COL", "family": "COOP"}]


def test_detail_says_how_to_cite(api_get, catalogue):
    item = api_get("/api/v1/projets/terra-arte/").data_json
    assert item["citation"].startswith("« Terra Arte », ")
    assert settings.SITE_NAME in item["citation"]
    assert "http://testserver/projets/terra-arte/" in item["citation"]
    assert "consulté le" in item["citation"]


def test_every_detail_renders(api_get, catalogue):
    for slug in Project.objects.published().values_list("slug", flat=True):
        response = api_get(f"/api/v1/projets/{slug}/")
        assert response.status_code == 200, slug
        assert response.data_json["slug"] == slug


def test_pages_cover_the_list_exactly_once(api_get, catalogue):
    seen, url = [], "/api/v1/projets/?page_size=5&statut=psla&statut=plus&statut=plai&tri=-livraison"
    pages = 0
    while url:
        body = api_get(url).data_json
        seen += [item["slug"] for item in body["results"]]
        url = body["next"]
        pages += 1
    expected = list(
        ProjectFilter(
            QueryDict("statut=psla&statut=plus&statut=plai&tri=-livraison"), queryset=Project.objects.published()
        ).qs.values_list("slug", flat=True)
    )
    assert seen == expected and pages == -(-len(expected) // 5)
    second = api_get("/api/v1/projets/?page_size=5&page=2").data_json
    assert second["previous"] == "http://testserver/api/v1/projets/?page_size=5"
    assert "page=3" in second["next"]


def test_default_and_maximum_page_sizes(api_get, catalogue):
    assert len(api_get("/api/v1/projets/?page_size=3").data_json["results"]) == 3
    assert len(api_get("/api/v1/projets/").data_json["results"]) == 19  # 50 by default
    assert api_get("/api/v1/projets/?page_size=200").status_code == 200
    response = api_get("/api/v1/projets/?page_size=201")
    assert response.status_code == 400 and set(response.data_json["errors"]) == {"page_size"}


def test_search_by_text_and_relevance(api_get, catalogue):
    assert "terra-arte" in all_slugs(api_get, "q=bayonne")
    assert all_slugs(api_get, "q=zzzzzz") == []
