"""Regression corpus, round 2 of the outside attack (issue 12): hostile values in imports.

Numbers have realistic bounds (import, model, database) and control characters are row errors
naming their row and column, in the preview as in the back-office page.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from backoffice.spreadsheet import FileRejected, parse, validate
from projects.models import (
    MAX_HOMES,
    CommonSpace,
    CostFigure,
    Milestone,
    Project,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)
from tests.projects.import_files import HEADER, csv_bytes, good_row
from tests.reliability.hostile_imports import moderator_client, text, upload

pytestmark = pytest.mark.django_db


# --- Defect 9: no upper bound on numbers -----------------------------------------------------


def test_round2_9_absurd_numbers_are_row_errors_in_the_preview(catalogue):
    rows = [
        [*HEADER, "annee_livraison"],
        [*good_row("milliard", logements_total="999 999 999 999"), ""],
        [*good_row("ligne-enorme", **{"logements:plus": "999999999999", "logements_total": ""}), ""],
        [*good_row("an-3000"), "3000"],
        [*good_row("chiffres-sans-fin", logements_total="9" * 5000), ""],
    ]
    plan = validate(parse(csv_bytes(rows)))
    errors = {row.line: row.errors for row in plan.rows}
    assert errors[2] == [("logements_total", "999999999999 dépasse le maximum réaliste de 10000.")]
    assert errors[3] == [("logements:plus", "999999999999 dépasse le maximum réaliste de 10000.")]
    assert errors[4] == [("annee_livraison", "L'année de livraison doit être comprise entre 1900 et 2100.")]
    assert errors[5][0][0] == "logements_total"


def test_round2_9_the_limits_themselves_are_accepted(catalogue):
    plan = validate(parse(csv_bytes([HEADER, good_row("dix-mille", logements_total=str(MAX_HOMES))])))
    assert not plan.has_errors, plan.error_rows and plan.error_rows[0].errors


def test_round2_9_the_back_office_lists_the_number_errors_without_a_confirm_button(client, catalogue):
    response = upload(
        moderator_client(client), csv_bytes([HEADER, good_row("trop", logements_total="999999999999")]), "p.csv"
    )
    assert response.status_code == 200
    html = text(response)
    assert "Ligne 2, <code>logements_total</code> : 999999999999 dépasse le maximum réaliste de 10000." in html
    assert 'name="token"' not in html


def _over_limit_objects(project):
    source = Source.objects.first()
    status = TenureStatus.objects.first()
    return {
        "total homes": lambda: Project.objects.filter(pk=project.pk).update(total_homes=MAX_HOMES + 1),
        "participatory homes": lambda: Project.objects.filter(pk=project.pk).update(
            participatory_homes=MAX_HOMES + 1, total_homes=None
        ),
        "tenure line": lambda: TenureLine.objects.bulk_create(
            [TenureLine(project=Project.objects.create(name="x", slug="x-r2"), status=status, homes=MAX_HOMES + 1)]
        ),
        "source year": lambda: Source.objects.filter(pk=source.pk).update(year=2500),
        "surface": lambda: Surface.objects.create(project=project, measure="SHAB", area_m2=Decimal("1000001")),
        "common space": lambda: CommonSpace.objects.create(project=project, name="Jardin", area_m2=Decimal("100001")),
        "cost in euros": lambda: CostFigure.objects.create(
            project=project, kind="other", unit="eur", amount=Decimal("1000000001")
        ),
        "price per m2": lambda: CostFigure.objects.create(
            project=project, kind="sale_price", unit="eur_m2", amount=Decimal("100001")
        ),
        "rent per m2": lambda: CostFigure.objects.create(
            project=project, kind="rent", unit="eur_m2_month", amount=Decimal("1001")
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "total homes",
        "participatory homes",
        "tenure line",
        "source year",
        "surface",
        "common space",
        "cost in euros",
        "price per m2",
        "rent per m2",
    ],
)
def test_round2_9_the_database_refuses_numbers_beyond_the_limits(catalogue, case):
    project = Project.objects.filter(total_homes__isnull=True).first() or Project.objects.first()
    Project.objects.filter(pk=project.pk).update(total_homes=None)
    write = _over_limit_objects(project)[case]
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_round2_9_the_models_validate_the_limits(catalogue):
    with pytest.raises(ValidationError) as caught:
        Project(name="Trop", slug="trop", total_homes=MAX_HOMES + 1).full_clean(exclude=["commune", "former_region"])
    assert "total_homes" in caught.value.message_dict
    with pytest.raises(ValidationError):
        Milestone(project=Project.objects.first(), kind="other", date_text="x", year=2101).full_clean()
    with pytest.raises(ValidationError) as caught:
        CostFigure(
            project=Project.objects.first(), kind="rent", unit="eur_m2_month", amount=Decimal("5000")
        ).full_clean()
    assert "1 000 €/m²/mois" in str(caught.value)


# --- Defect 2 (imports): control characters --------------------------------------------------


PADDING_COLUMNS = ["notes", "comment_participer", "contexte_quartier"]


PADDING = ["n" * 18_000, "c" * 18_000, "q" * 18_000]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1b"])
def test_round2_2_a_control_character_in_a_cell_is_a_row_error_naming_row_and_column(catalogue, char):
    rows = [
        HEADER + PADDING_COLUMNS + ["description"],
        good_row("controle") + PADDING + ["d" * 18_000 + f"{char}après"],
    ]
    data = csv_bytes(rows)
    assert data.index(char.encode()) > 65536  # after the first 64 KB, where the binary sniffing does not look
    plan = validate(parse(data))
    assert plan.rows[0].errors == [
        ("description", f"caractère de contrôle interdit (U+{ord(char):04X}) : retirez-le du fichier.")
    ]


def test_round2_2_tabs_and_line_breaks_stay_legitimate(catalogue):
    plan = validate(parse(csv_bytes([[*HEADER, "description"], [*good_row("propre"), "un\tdeux\r\ntrois"]])))
    assert not plan.has_errors
    assert plan.rows[0].values["description"] == "un\tdeux\ntrois"


def test_round2_2_a_control_character_in_a_header_refuses_the_file(catalogue):
    with pytest.raises(FileRejected) as caught:
        parse(csv_bytes([[*HEADER, "no\x07tes"], [*good_row(), "x"]]))
    assert "Ligne 1, colonne 9 : caractère de contrôle interdit (U+0007)" in str(caught.value.message)


def test_round2_2_the_back_office_shows_the_control_character_row_error_and_stores_nothing(client, catalogue):
    rows = [HEADER + PADDING_COLUMNS + ["description"], good_row("nul-en-base") + PADDING + ["d" * 18_000 + "\x00b"]]
    response = upload(moderator_client(client), csv_bytes(rows), "p.csv")
    assert response.status_code == 200
    html = text(response)
    assert "Ligne 2, <code>description</code> : caractère de contrôle interdit (U+0000)" in html
    assert 'name="token"' not in html
    assert not Project.objects.filter(slug="nul-en-base").exists()
