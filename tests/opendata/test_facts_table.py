"""The facts table: one row per sourced fact of a published project, with unit, bases, date,
certainty and source; the same filters as the list; its sums equal the projects' figures."""

import json
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.record.fact_table import FACT_COLUMN_NAMES, FACT_KINDS
from projects.models import Certainty, CostFigure, Milestone, Project, TenureLine
from tests.factories import MilestoneFactory, PhotoFactory, ProjectFactory, make_minimal_projects

from .helpers import body, csv_rows, json_document

pytestmark = pytest.mark.django_db


def test_every_fact_of_the_seed_catalogue_is_a_row_with_its_certainty_and_source(client, catalogue):
    rows = csv_rows(client.get("/projets/faits.csv"))

    assert rows and list(rows[0]) == list(FACT_COLUMN_NAMES)
    assert {row["kind"] for row in rows} <= set(FACT_KINDS)
    assert {"tenure_line", "actor", "milestone"} <= {row["kind"] for row in rows}
    assert all(row["certainty"] in Certainty.values for row in rows)
    assert len({row["fact_id"] for row in rows}) == len(rows)  # a stable, unique identifier
    published = Project.objects.published()
    expected = (
        TenureLine.objects.filter(project__in=published).count()
        + Milestone.objects.filter(project__in=published).count()
    )
    assert sum(row["kind"] in ("tenure_line", "milestone") for row in rows) == expected
    sourced = [row for row in rows if row["source_slug"]]
    assert sourced and all(row["source_title"] for row in sourced)


def test_the_tenure_facts_add_up_to_the_homes_of_the_projects_export(client, catalogue):
    """A researcher summing the facts finds the figures the projects export (and the pages) give."""
    facts = csv_rows(client.get("/projets/faits.csv"))
    projects = {row["id"]: row for row in csv_rows(client.get("/projets/export.csv"))}
    by_project: dict[str, dict[str, int]] = defaultdict(dict)
    for row in facts:
        if row["kind"] == "tenure_line":
            by_project[row["project_id"]][row["subject"]] = int(row["value"])
    assert by_project
    for project_id, lines in by_project.items():
        project = projects[project_id]
        assert sum(lines.values()) == int(project["homes_described"])
        for code, homes in lines.items():
            column = f"homes_{code.replace('-', '_')}"
            if column in project:  # a status line (a category-only line has its own category column)
                assert int(project[column]) == homes, (project["slug"], code)


def test_a_cost_row_carries_its_unit_surface_and_tax_bases(client, catalogue):
    project = ProjectFactory(published=True, in_bordeaux=True, slug="projet-aux-couts")
    CostFigure.objects.create(
        project=project, kind="sale_price", amount="2450.50", unit="eur_m2", surface_basis="SHAB", tax_basis="TTC",
        certainty=Certainty.COMPUTED,
    )  # fmt: skip

    data = json_document(client, "/projets/faits.json")
    [cost] = [row for row in data["facts"] if row["project_slug"] == "projet-aux-couts" and row["kind"] == "cost"]
    assert cost["value"] == 2450.5 and cost["unit"] == "eur_m2"
    assert (cost["surface_basis"], cost["tax_basis"], cost["certainty"]) == ("SHAB", "TTC", "computed")
    assert [column["name"] for column in data["metadata"]["columns"]] == list(FACT_COLUMN_NAMES)
    assert data["count"] == len(data["facts"])


def test_an_inferred_fact_says_why(client, catalogue):
    project = ProjectFactory(published=True, in_bordeaux=True, slug="projet-deduit")
    MilestoneFactory(
        project=project, kind="delivery", date_text="2019", year=2019, certainty=Certainty.INFERRED,
        certainty_note="La source dit « livré depuis deux ans » en 2021.",
    )  # fmt: skip
    [row] = [r for r in csv_rows(client.get("/projets/faits.csv")) if r["project_slug"] == "projet-deduit"]
    assert row["certainty"] == "inferred" and "deux ans" in row["certainty_note"]
    assert row["value"] == "2019" and row["as_of"] == "2019"


def test_facts_of_unpublished_projects_never_leave_the_site(client, catalogue):
    ProjectFactory(slug="brouillon-secret", tenure=("psla", 4))
    ProjectFactory(submitted=True, slug="soumis-secret", tenure=("plus", 3))
    text = body(client.get("/projets/faits.csv")).decode() + body(client.get("/projets/faits.json")).decode()
    assert "brouillon-secret" not in text and "soumis-secret" not in text


def test_the_list_filters_choose_the_projects_whose_facts_are_given(client, catalogue):
    psla_projects = {row["id"] for row in csv_rows(client.get("/projets/export.csv?statut=psla"))}
    facts = csv_rows(client.get("/projets/faits.csv?statut=psla"))
    assert psla_projects and {row["project_id"] for row in facts} <= psla_projects


def test_an_invalid_filter_is_a_400_naming_the_parameter(client, catalogue):
    response = client.get("/projets/faits.json?statut=nimporte")
    assert response.status_code == 400
    assert "statut" in json.loads(response.content)["errors"]
    assert client.get("/projets/faits.csv?bom=2").status_code == 400


def test_queries_do_not_grow_with_the_number_of_projects(client, catalogue):
    make_minimal_projects(20, prefix="petit")
    with CaptureQueriesContext(connection) as few:
        body(client.get("/projets/faits.csv"))
    make_minimal_projects(300, prefix="grand")
    with CaptureQueriesContext(connection) as many:
        body(client.get("/projets/faits.csv"))
    assert len(many) == len(few)


def test_the_api_gives_the_same_facts_project_by_project_with_the_list_filters(client, catalogue):
    csv_facts = csv_rows(client.get("/projets/faits.csv?statut=psla"))
    response = client.get("/api/v1/faits/?statut=psla&page_size=100")
    assert response.status_code == 200
    api_facts = [fact for entry in response.json()["results"] for fact in entry["facts"]]
    assert sorted(f["fact_id"] for f in api_facts) == sorted(row["fact_id"] for row in csv_facts)
    assert all(set(fact) == set(FACT_COLUMN_NAMES) for fact in api_facts)
    errors = client.get("/api/v1/faits/?statut=nimporte&page=0").json()["errors"]
    assert {"statut", "page"} <= set(errors)


def test_project_exports_give_each_photo_with_its_credit_and_licence(client, catalogue):
    project = ProjectFactory(published=True, in_bordeaux=True, slug="projet-en-photos")
    PhotoFactory(project=project, credit="Atelier Martin", licence="CC BY 4.0", position=1)
    PhotoFactory(
        project=project, image=f"photos/{project.pk}/b.jpg", credit="Ville", licence="Licence Ouverte", position=0
    )

    [row] = [r for r in csv_rows(client.get("/projets/export.csv")) if r["slug"] == "projet-en-photos"]
    assert (
        row["photo_urls"]
        == f"http://testserver/media/photos/{project.pk}/b.jpg | http://testserver/media/photos/{project.pk}/a.jpg"
    )
    assert row["photo_credits"] == "Ville | Atelier Martin"
    assert row["photo_licences"] == "Licence Ouverte | CC BY 4.0"
    data = json_document(client, "/projets/export.json")
    [item] = [p for p in data["projects"] if p["slug"] == "projet-en-photos"]
    assert item["photo_credits"] == ["Ville", "Atelier Martin"]
