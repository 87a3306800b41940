"""Import (backoffice.spreadsheet): each bad row reported with its line, column and reason; the
model's constraints checked in Python as Django would."""

import pytest

from backoffice.spreadsheet import (
    Action,
)
from projects.models import Project, PublicationStatus

from .import_files import (
    HEADER,
    good_row,
    plan_for,
)

pytestmark = pytest.mark.django_db


ROW_ERRORS = {
    "unknown commune": ({"commune_insee": "00000"}, "commune_insee", "code INSEE de commune inconnu"),
    "tenure over total": (
        {"logements_total": "15"},
        "logements_total",
        "totalisent 20 logements, plus que le total du projet (15)",
    ),
    "unknown organism": (
        {"acteurs": "bailleur-imaginaire:developer"},
        "acteurs",
        "organisme inconnu « bailleur-imaginaire »",
    ),
    "unknown role": ({"acteurs": "alliade-habitat:proprietaire"}, "acteurs", "rôle inconnu « proprietaire »"),
    "unknown source": ({"sources": "livre-imaginaire | p. 3"}, "sources", "source inconnue « livre-imaginaire »"),
    "bad integer": ({"logements_total": "vingt"}, "logements_total", "« vingt » n'est pas un nombre entier positif"),
    "negative tenure": ({"logements:plai": "-3"}, "logements:plai", "n'est pas un nombre entier positif"),
    "missing name": ({"nom": ""}, "nom", "valeur obligatoire manquante"),
    "bad slug": ({"slug": "Les Tilleuls!"}, "slug", "n'est pas un slug valide"),
    "zero total": ({"logements_total": "0", "logements:plus": "", "logements:plai": ""}, "", "au moins 1"),
    "too long label": ({"logements:plus": "12 | " + "x" * 201}, "logements:plus", "200 au plus"),
    "duplicate actor": (
        {"acteurs": "alliade-habitat:developer ; alliade-habitat:developer"},
        "acteurs",
        "deux fois le rôle",
    ),
}


@pytest.mark.parametrize("kind", ROW_ERRORS)
def test_each_bad_row_is_reported_with_its_line_and_reason(catalogue, kind):
    overrides, column, words = ROW_ERRORS[kind]
    plan = plan_for([HEADER, good_row("premier-bon"), good_row(**overrides)])
    assert plan.rows[0].action == Action.CREATE and not plan.rows[0].errors
    bad = plan.rows[1]
    assert bad.line == 3 and bad.action == Action.ERROR
    assert any(words in message and (not column or found == column) for found, message in bad.errors), bad.errors
    assert plan.has_errors


def test_unknown_codes_for_phase_family_and_modes_are_row_errors(catalogue):
    plan = plan_for(
        [
            ["slug", "nom", "phase", "famille", "modes_intervention"],
            ["x-projet", "X", "fini", "hlm", "partnership; magie"],
        ]
    )
    messages = dict(plan.rows[0].errors)
    assert "code inconnu « fini »" in messages["phase"]
    assert "code inconnu « hlm »" in messages["famille"]
    assert "mode d'intervention inconnu « magie »" in messages["modes_intervention"]


def test_a_slug_twice_in_the_file_is_an_error_on_the_second_line(catalogue):
    plan = plan_for([HEADER, good_row("meme-slug"), good_row("autre"), good_row("meme-slug")])
    assert plan.rows[2].errors == [("slug", "ce slug figure déjà ligne 2 du fichier.")]
    assert (plan.rows[2].action, plan.rows[2].status) == (Action.ERROR, "")


def test_commune_by_name_and_department_and_its_checks(catalogue):
    header = ["slug", "nom", "commune_insee", "commune_nom", "departement"]
    plan = plan_for(
        [
            header,
            ["a", "A", "", "Bègles", "33"],
            ["b", "B", "", "saint-denis", ""],
            ["c", "C", "", "Saint-Denis", "93"],
            ["d", "D", "33039", "Lyon", ""],
            ["e", "E", "33039", "", "69"],
            ["f", "F", "", "Nulle-Part-sur-Rien", ""],
        ]
    )
    by_slug = {row.slug: row for row in plan.rows}
    assert by_slug["a"].values["commune"].insee_code == "33039"
    assert "plusieurs communes" in by_slug["b"].errors[0][1]
    assert by_slug["c"].values["commune"].insee_code == "93066"
    assert "est celui de Bègles" in by_slug["d"].errors[0][1]
    assert "dans le département 33" in by_slug["e"].errors[0][1]
    assert "commune inconnue" in by_slug["f"].errors[0][1]


def test_formula_looking_cells_are_imported_as_plain_text(catalogue):
    plan = plan_for([["slug", "nom", "resume"], ["formule", "=1+1", "@SUM(A1:A3)"]])
    assert not plan.has_errors
    assert plan.rows[0].values["name"] == "=1+1"
    assert plan.rows[0].values["summary"] == "@SUM(A1:A3)"


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"total_homes": 0},
        {"total_homes": 10, "participatory_homes": 11},
        {"total_homes": None, "participatory_homes": 11},
        {"participatory_homes": 0},
        {"delivery_year": 1899},
        {"delivery_year": 2101, "total_homes": 5, "participatory_homes": 5},
        {"status": "inconnu"},
        {"phase": "fini"},
        {"participatory_family": ""},
        {"status": PublicationStatus.PUBLISHED, "published_at": None},
    ],
)
def test_constraints_checked_in_python_agree_with_django(db, values):
    from django.core.exceptions import ValidationError

    from backoffice.spreadsheet.constraints import failed_constraints

    project = Project(name="Essai", slug="essai", **values)
    try:
        project.validate_constraints()
        expected = set()
    except ValidationError as error:
        expected = set(error.messages)
    assert {str(c.get_violation_error_message()) for c, _fields in failed_constraints(project)} == expected


def test_a_constraint_on_one_field_is_reported_on_its_column(catalogue):
    plan = plan_for([["slug", "nom", "annee_livraison"], ["annee", "Année", "1850"]])
    assert ("annee_livraison", "L'année de livraison doit être comprise entre 1900 et 2100.") in plan.rows[0].errors


# --- Round 2 of the attack (issue 12): bounded numbers, control characters --------------------


@pytest.mark.parametrize(
    "column, value",
    [
        ("logements_total", "10001"),
        ("logements_participatifs", "999999999999"),
        ("logements:plai", "10001"),
        ("logements:plus", "1" + "0" * 20),
    ],
)
def test_numbers_beyond_realistic_limits_are_row_errors_on_their_column(catalogue, column, value):
    overrides = {"logements_total": "", **({column: value} if column in HEADER else {})}
    header, row = HEADER + ([] if column in HEADER else [column]), good_row(**overrides)
    row = row + ([] if column in HEADER else [value])
    plan = plan_for([header, row])
    assert plan.rows[0].errors == [(column, f"{value} dépasse le maximum réaliste de 10000.")]


def test_a_control_character_is_a_row_error_on_its_column_tab_and_line_breaks_are_not(catalogue):
    plan = plan_for(
        [[*HEADER, "notes", "description"], [*good_row(), "a\tb\nc", "x\x01y"], [*good_row("autre"), "\x1f", ""]]
    )
    assert plan.rows[0].errors == [("description", "caractère de contrôle interdit (U+0001) : retirez-le du fichier.")]
    assert plan.rows[1].errors == [("notes", "caractère de contrôle interdit (U+001F) : retirez-le du fichier.")]
