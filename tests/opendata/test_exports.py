"""/projets/export.csv|json|geojson: columns, values, options, metadata, errors, visibility, queries."""

import json

import pytest
from django.conf import settings
from django.utils import timezone

from opendata.exports import columns
from organisms.models import Organism
from projects.models import Project, TenureCategory, TenureStatus
from projects.search import refresh_search_text
from tests.factories import BEGLES, ProjectFactory, commune

from .helpers import body, csv_rows, json_document

pytestmark = pytest.mark.django_db

CSV, JSON, GEOJSON = "/projets/export.csv", "/projets/export.json", "/projets/export.geojson"


def row_of(rows, slug):
    return next(row for row in rows if row["slug"] == slug)


# --- CSV columns and values --------------------------------------------------------------------


def test_csv_has_a_column_per_tenure_status_in_the_database_and_per_category(client, catalogue):
    TenureStatus.objects.create(
        code="plai-adapte", short_name="PLAI adapté", name="PLAI adapté", category="social_rental", explanation="…"
    )
    header = next(iter(csv_rows(client.get(CSV))), {}).keys()
    for status in TenureStatus.objects.all():
        assert f"homes_{status.code.replace('-', '_')}" in header
    assert "homes_plai_adapte" in header
    for category in TenureCategory:
        assert f"homes_category_{category.value}" in header
    for name in (
        "id",
        "slug",
        "url",
        "commune_insee",
        "department_code",
        "region_code",
        "developers",
        "hlm_families",
        "phase",
        "delivery_year",
        "total_homes",
        "homes_unspecified",
        "sources",
        "last_updated",
        "citation",
    ):
        assert name in header


def test_csv_tenure_columns_give_zero_only_when_the_mix_is_complete(client, catalogue):
    rows = csv_rows(client.get(CSV))
    terra = row_of(rows, "terra-arte")  # 46 homes: 41 PSLA, 1 VEFA, 4 SCIAPP
    assert (terra["homes_psla"], terra["homes_vefa"], terra["homes_sciapp"]) == ("41", "1", "4")
    assert terra["homes_plus"] == "0" and terra["homes_category_social_rental"] == "0"
    assert terra["homes_category_social_ownership"] == "46" and terra["homes_unspecified"] == "0"

    colette = row_of(rows, "coop-colette")  # 25 homes, 18 PSLA, the rest not described
    assert colette["homes_psla"] == "18" and colette["homes_unspecified"] == "7"
    assert colette["homes_plus"] == "" and colette["homes_category_social_rental"] == ""

    lyon = row_of(rows, "groupe-du-4-mars")  # 8 PLUS, 3 PLAI, 13 "accession" (social or free: unknown)
    assert (lyon["homes_plus"], lyon["homes_plai"], lyon["homes_pls"]) == ("8", "3", "0")
    assert lyon["homes_category_social_rental"] == "11"
    assert lyon["homes_category_ownership_unspecified"] == "13"
    assert lyon["homes_psla"] == "" and lyon["homes_accession_libre"] == ""
    assert lyon["homes_category_social_ownership"] == ""

    mascobado = row_of(rows, "mascobado")  # 5 social rental without status, 9 PSLA, 9 free
    assert mascobado["homes_plus"] == "" and mascobado["homes_category_social_rental"] == "5"
    assert mascobado["homes_psla"] == "9" and mascobado["homes_cooperative_habitants"] == "0"

    unknown_total = row_of(rows, "callisto")
    assert unknown_total["total_homes"] == "" and unknown_total["homes_unspecified"] == ""
    assert unknown_total["homes_psla"] == ""


def test_csv_rows_carry_identity_geography_actors_sources_update_and_citation(client, catalogue):
    project = Project.objects.get(slug="terra-arte")
    row = row_of(csv_rows(client.get(CSV)), "terra-arte")
    assert row["id"] == str(project.pk)
    assert row["url"] == "http://testserver/projets/terra-arte/"
    assert row["api_url"] == "http://testserver/api/v1/projets/terra-arte/"
    assert (row["commune_insee"], row["department_code"], row["region_name"]) == ("64102", "64", "Nouvelle-Aquitaine")
    assert row["developers"] == "Le COL" and row["hlm_families"] == "COOP"
    assert "Le COL (developer)" in row["actors"].split(" | ")
    citation = project.citations.select_related("source").first()
    assert f"{citation.source.title} ({citation.locator})" in row["sources"]
    assert citation.source.slug in row["source_slugs"].split(" | ")
    assert row["last_updated"] == timezone.localtime(project.updated_at).isoformat(timespec="seconds")
    assert row["citation"].startswith("« Terra Arte », " + settings.SITE_NAME)
    assert "http://testserver/projets/terra-arte/ (consulté le " in row["citation"]


def test_csv_is_utf8_without_bom_by_default_and_with_bom_on_request(client, catalogue):
    plain = body(client.get(CSV))
    assert plain.startswith(b"id,slug,name,")
    assert "Île-de-France".encode() in plain
    with_bom = body(client.get(CSV, {"bom": "1"}))
    assert with_bom.startswith("\ufeff".encode()) and with_bom[3:] == plain


def test_csv_semicolon_option_for_french_spreadsheets(client, catalogue):
    response = client.get(CSV, {"separateur": "point-virgule", "bom": "1"})
    raw = body(response)
    assert raw.decode("utf-8-sig").startswith("id;slug;name;")
    terra = row_of(csv_rows(raw), "terra-arte")
    assert terra["latitude"].startswith("43,") and terra["homes_psla"] == "41"


def test_every_export_is_streamed_with_download_and_open_data_headers(client, catalogue):
    for url, content_type in ((CSV, "text/csv"), (JSON, "application/json"), (GEOJSON, "application/geo+json")):
        response = client.get(url)
        assert response.streaming and response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith('attachment; filename="projets-habitat-participatif-')
        assert response["Access-Control-Allow-Origin"] == "*"
        assert 'rel="license"' in response["Link"] and "/donnees/" in response["Link"]


# --- JSON and GeoJSON ----------------------------------------------------------------------------


def test_json_has_the_csv_fields_and_metadata(client, catalogue):
    header = list(csv_rows(client.get(CSV))[0].keys())
    data = json_document(client, JSON + "?statut=psla&region=nouvelle-aquitaine")
    meta = data["metadata"]
    assert [column["name"] for column in meta["columns"]] == header
    assert all(column["description"] and column["type"] for column in meta["columns"])
    assert all(list(row) == header for row in data["projects"])
    assert meta["licence"]["name"].startswith("Licence Ouverte") and meta["licence"]["url"].startswith("https://")
    assert meta["filters"] == {"region": ["nouvelle-aquitaine"], "statut": ["psla"]}
    assert {"filter": "Statut d'occupation", "values": "PSLA"} in meta["filters_description"]
    assert settings.SITE_NAME in meta["how_to_cite"] and "Licence Ouverte" in meta["how_to_cite"]
    assert meta["generated_at"][:4].isdigit() and meta["documentation"] == "http://testserver/donnees/"
    assert meta["source"] == "http://testserver/projets/?region=nouvelle-aquitaine&statut=psla"
    terra = next(row for row in data["projects"] if row["slug"] == "terra-arte")
    assert terra["homes_psla"] == 41 and terra["homes_plus"] == 0 and terra["developers"] == ["Le COL"]
    assert isinstance(terra["latitude"], float) and terra["summary"]


def test_geojson_features_are_lon_lat_points_with_the_same_properties(client, catalogue):
    data = json_document(client, GEOJSON)
    assert data["type"] == "FeatureCollection" and "columns" in data["metadata"]
    assert data["count"] == Project.objects.published().count()
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["id"]
        project = Project.objects.select_related("commune").get(slug=feature["properties"]["slug"])
        if project.commune is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["coordinates"] == [
                round(project.commune.longitude, 6),
                round(project.commune.latitude, 6),
            ]
    assert any(feature["geometry"] is None for feature in data["features"])


def test_json_metadata_and_citations_follow_the_language(client, catalogue):
    response = client.get("/en" + JSON, {"statut": "psla"})
    data = json.loads(body(response))
    assert data["metadata"]["title"] == "Participatory housing projects in social housing"
    assert "(accessed on " in data["projects"][0]["citation"]
    assert data["metadata"]["filters_description"][0]["filter"] == "Tenure type"


# --- Errors ------------------------------------------------------------------------------------


BAD_QUERIES = [
    "statut=nope",
    "region=%3Cscript%3E",
    "annee_min=99999999999999999999999999",
    "annee_max=abc",
    "q=" + "x" * 5000,
    "departement=" + "9" * 300,
    "tri=aleatoire",
    "organisme=inconnu&statut=psla",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_invalid_filters_are_a_400_naming_the_parameter(client, catalogue, query):
    name = query.split("=", 1)[0]
    response = client.get(f"{CSV}?{query}")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert name in response.content.decode()
    for url in (JSON, GEOJSON):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400 and response["Content-Type"] == "application/json"
        assert name in response.json()["errors"]


@pytest.mark.parametrize("query", ["bom=2", "separateur=tabulation", "bom=oui"])
def test_invalid_csv_options_are_a_400(client, catalogue, query):
    response = client.get(f"{CSV}?{query}")
    assert response.status_code == 400 and query.split("=")[0] in response.content.decode()


def test_null_byte_is_a_400(client, catalogue):
    assert client.get(CSV + "?q=a%00b").status_code == 400


def test_unknown_parameters_and_paging_are_ignored(client, catalogue):
    response = client.get(CSV, {"page": "3", "par_page": "12", "utm_source": "x"})
    assert response.status_code == 200
    assert len(csv_rows(response)) == Project.objects.published().count()


# --- Visibility --------------------------------------------------------------------------------


def make_hidden_projects():
    """Draft, submitted and archived projects that match every filter used below."""
    hidden = []
    for status in ("draft", "submitted", "archived"):
        project = ProjectFactory(
            name=f"Projet caché {status} Bègles",
            slug=f"cache-{status}",
            status=status,
            commune=commune(BEGLES),
            total_homes=12,
            delivery_year=2018,
            developer=Organism.objects.get(slug="le-col"),
            tenure=("psla", 12),
        )
        hidden.append(project)
    refresh_search_text([p.pk for p in hidden])
    return hidden


@pytest.mark.parametrize("query", ["", "statut=psla", "q=begles", "region=nouvelle-aquitaine&organisme=le-col"])
def test_unpublished_projects_never_appear_in_exports(client, catalogue, query):
    hidden = {project.slug for project in make_hidden_projects()}
    for url in (CSV, JSON, GEOJSON):
        text = body(client.get(f"{url}?{query}")).decode()
        assert not any(slug in text for slug in hidden), url
        assert "Projet caché" not in text


# --- Documentation -----------------------------------------------------------------------------


def test_open_data_page_documents_every_column_from_the_same_list(client, catalogue):
    page = client.get("/donnees/").content.decode()
    for column in columns(list(TenureStatus.objects.all())):
        assert f"<code>{column.name}</code>" in page
    assert 'href="/projets/export.csv?bom=1&amp;separateur=point-virgule"' in page
    assert "Licence Ouverte" in page


def test_open_data_page_is_linked_from_the_footer_and_about_page(client, catalogue):
    assert 'href="/donnees/"' in client.get("/").content.decode()
    assert 'href="/donnees/"' in client.get("/a-propos/").content.decode()


def test_list_page_links_exports_and_feed_with_its_valid_filters(client, catalogue):
    page = client.get(
        "/projets/", {"statut": ["psla", "nope"], "region": "nouvelle-aquitaine", "page": "1"}
    ).content.decode()
    # "nope" is ignored by the page (shown as an error), so the links leave it out too.
    assert 'href="/projets/export.csv?region=nouvelle-aquitaine"' in page
    assert 'href="/projets/export.json?region=nouvelle-aquitaine"' in page
    assert 'href="/projets/export.geojson?region=nouvelle-aquitaine"' in page
    assert 'href="/projets/flux.atom?region=nouvelle-aquitaine"' in page
    page = client.get("/projets/", {"statut": "psla", "tri": "-nom"}).content.decode()
    assert 'href="/projets/export.csv?statut=psla&amp;tri=-nom&amp;bom=1&amp;separateur=point-virgule"' in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
