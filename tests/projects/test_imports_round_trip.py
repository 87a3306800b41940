"""Spreadsheet download (backoffice.spreadsheet): a downloaded file imports back to identical data,
formula-looking text included."""

import csv
import io

import pytest
from openpyxl import load_workbook

from backoffice.spreadsheet import (
    Action,
    all_columns,
    apply,
    parse,
    spreadsheet_csv,
    spreadsheet_xlsx,
    validate,
)
from common.spreadsheets import neutralise
from organisms.models import Organism
from projects.models import (
    InterventionMode,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    PublicationStatus,
    Source,
    TenureLine,
    TenureStatus,
)

pytestmark = pytest.mark.django_db


def snapshot(projects):
    """Everything the import format carries, per project slug, with natural keys instead of ids."""
    skipped = {"id", "created_at", "updated_at", "published_at", "search_document", "search_names"}
    result = {}
    for project in projects.prefetch_related(
        "intervention_modes",
        "tenure_lines__status",
        "tenure_lines__source",
        "actors__organism",
        "actors__source",
        "citations__source",
    ):
        fields = {f.name: getattr(project, f.attname) for f in Project._meta.concrete_fields if f.name not in skipped}
        fields["modes"] = sorted(mode.code for mode in project.intervention_modes.all())
        fields["tenure"] = sorted(
            (
                line.status.code if line.status_id else "",
                line.category,
                line.homes,
                line.label_as_written,
                line.source.slug if line.source else "",
                line.locator,
            )
            for line in project.tenure_lines.all()
        )
        fields["actors"] = sorted(
            (a.organism.slug, a.role, a.description, a.source.slug if a.source else "") for a in project.actors.all()
        )
        fields["citations"] = sorted((c.source.slug, c.locator, c.facts) for c in project.citations.all())
        result[project.slug] = fields
    return result


@pytest.mark.parametrize("exporter", [spreadsheet_csv, spreadsheet_xlsx], ids=["csv", "xlsx"])
def test_round_trip_export_delete_import_recreates_identical_data(catalogue, exporter):
    before = snapshot(Project.objects.all())
    assert len(before) == 19 and sum(len(p["tenure"]) for p in before.values()) > 10
    data = exporter(Project.objects.all())
    Photo.objects.all().delete()
    Project.objects.all().delete()

    plan = validate(parse(data), publish=True)
    assert not plan.has_errors, [(row.line, row.errors) for row in plan.error_rows]
    assert plan.count(Action.CREATE) == 19
    apply(plan)

    after = snapshot(Project.objects.all())
    assert after.keys() == before.keys()
    for slug in before:
        assert after[slug] == before[slug], slug


TRICKY = {
    "name": '=HYPERLINK("http://example.org","clic")',
    "summary": "-5 % sur le loyer ; | \\ fin",
    "description": "Ligne 1\nLigne 2 ; avec | barre\n\n'=déjà apostrophé",
    "notes": "@utilisateur +33 1 23 45 67 89",
    "location_as_written": "'+ déjà protégé",
    "neighbourhood": "\ttabulé",
}


@pytest.mark.parametrize("exporter", [spreadsheet_csv, spreadsheet_xlsx], ids=["csv", "xlsx"])
def test_round_trip_keeps_tricky_text_exactly(catalogue, exporter):
    status = TenureStatus.objects.get(code="plus")
    source = Source.objects.order_by("slug").first()
    project = Project.objects.create(
        slug="texte-piege", total_homes=10, **{k: v.strip("\t") for k, v in TRICKY.items()}
    )
    TenureLine.objects.create(
        project=project, status=status, homes=4, label_as_written="4 ; PLUS | dont \\ 2", source=source, locator="=p. 3"
    )
    ProjectActor.objects.create(
        project=project, organism=Organism.objects.order_by("slug").first(), role="amo", description="a ; b | c"
    )
    ProjectSource.objects.create(project=project, source=source, locator="p. 1 | 2", facts="-")
    before = snapshot(Project.objects.filter(pk=project.pk))
    data = exporter(Project.objects.filter(pk=project.pk))
    project.delete()
    plan = validate(parse(data))
    assert not plan.has_errors, plan.rows[0].errors
    apply(plan)
    after = snapshot(Project.objects.filter(slug="texte-piege"))
    before["texte-piege"]["status"] = PublicationStatus.DRAFT
    assert after == before


def test_csv_export_neutralises_formula_cells(catalogue):
    Project.objects.create(slug="formule", name="=cmd|'/C calc'!A0", summary="+1", description="@x", notes="-2")
    data = spreadsheet_csv(Project.objects.filter(slug="formule")).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert row["nom"] == "'=cmd|'/C calc'!A0"
    assert (row["resume"], row["description"], row["notes"]) == ("'+1", "'@x", "'-2")
    assert data.startswith("slug;nom;")


def test_xlsx_export_has_no_formula_and_a_help_sheet(catalogue):
    Project.objects.create(slug="formule", name="=1+1")
    workbook = load_workbook(io.BytesIO(spreadsheet_xlsx(Project.objects.filter(slug="formule"))))
    sheet = workbook["Projets"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == all_columns()
    name = sheet.cell(row=2, column=headers.index("nom") + 1)
    assert name.data_type == "s" and name.value == "'=1+1"
    assert "Aide" in workbook.sheetnames
    assert any(row[0].value == "logements:psla" for row in workbook["Aide"].iter_rows())


def test_export_uses_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        spreadsheet_csv(Project.objects.all())


def test_neutralise_is_undone_exactly_on_import():
    from common.spreadsheets import unneutralise

    for text in ["=1", "+a", "-", "@b", "'=1", "''+x", "plain", "'plain", "\tt"]:
        assert unneutralise(neutralise(text)) == text


def test_intervention_modes_round_trip(catalogue):
    project = Project.objects.filter(intervention_modes__isnull=False).order_by("slug").first()
    modes = sorted(project.intervention_modes.values_list("code", flat=True))
    data = spreadsheet_csv(Project.objects.filter(pk=project.pk))
    project.intervention_modes.clear()
    plan = validate(parse(data))
    assert plan.rows[0].changes == ["modes_intervention"]
    apply(plan)
    assert sorted(project.intervention_modes.values_list("code", flat=True)) == modes
    assert InterventionMode.objects.count() >= len(modes)


def test_the_format_document_describes_every_column(catalogue):
    from django.conf import settings

    document = (settings.BASE_DIR / "docs" / "import_format.md").read_text()
    for column in all_columns():
        assert f"`{column}`" in document, column
