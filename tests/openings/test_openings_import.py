"""Openings in the back-office spreadsheet: imported, checked cell by cell, downloaded and imported back."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from backoffice.spreadsheet import Action, apply, parse, spreadsheet_csv, validate
from projects.models import OpeningStatus, Project, ProjectOpening
from tests.factories import ProjectOpeningFactory
from tests.projects.import_files import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "slug",
    "nom",
    "recrutement",
    "recrutement_date",
    "recrutement_logements",
    "recrutement_statuts",
    "comment_rejoindre",
]


def plan_for(*rows):
    return validate(parse(csv_bytes([HEADER, *rows])))


def test_an_imported_row_creates_the_opening_with_its_tenures(catalogue):
    plan = plan_for(
        ["terra-arte", "Terra Arte", "homes_available", "2026-11-15", "3", "psla; plus", "Réunion\nDossier"]
    )
    assert not plan.has_errors, plan.error_rows
    assert plan.rows[0].action == Action.UPDATE and "recrutement" in plan.rows[0].changes
    apply(plan)
    opening = ProjectOpening.objects.get(project__slug="terra-arte")
    assert (opening.status, opening.as_of, opening.homes_available) == (
        OpeningStatus.HOMES_AVAILABLE,
        datetime.date(2026, 11, 15),
        3,
    )
    assert sorted(opening.tenures.values_list("code", flat=True)) == ["plus", "psla"]
    assert opening.steps == ["Réunion", "Dossier"]
    # The same file again changes nothing.
    assert (
        plan_for(["terra-arte", "Terra Arte", "homes_available", "15/11/2026", "3", "plus;psla", "Réunion\nDossier"])
        .rows[0]
        .action
        == Action.UNCHANGED
    )


@override_settings(TIME_ZONE="Pacific/Kiritimati")
def test_an_opening_checked_today_where_the_site_lives_is_not_in_the_future(catalogue):
    # UTC+14: for most of each day the site's date is already the next day in UTC.
    today = timezone.localdate()
    plan = plan_for(["terra-arte", "Terra Arte", "full", today.isoformat(), "", "", ""])
    assert not plan.has_errors, plan.error_rows
    tomorrow = today + datetime.timedelta(days=1)
    assert plan_for(["terra-arte", "Terra Arte", "full", tomorrow.isoformat(), "", "", ""]).has_errors


@pytest.mark.parametrize(
    "cells, column",
    [
        (["recrute-peut-etre", "2026-11-01", "", "", ""], "recrutement"),
        (["full", "", "", "", ""], "recrutement_date"),
        (["full", "hier", "", "", ""], "recrutement_date"),
        (["full", "2999-01-01", "", "", ""], "recrutement_date"),
        (["full", "2026-11-01", "3", "", ""], "recrutement_logements"),
        (["homes_available", "2026-11-01", "100000", "", ""], "recrutement_logements"),
        (["homes_available", "2026-11-01", "2", "plus;xyz", ""], "recrutement_statuts"),
        (["full", "2026-11-01", "", "", "x" * 2001], "comment_rejoindre"),
        (["", "2026-11-01", "", "", ""], "recrutement"),
    ],
)
def test_bad_opening_cells_are_row_errors_naming_the_column(catalogue, cells, column):
    plan = plan_for(["terra-arte", "Terra Arte", *cells])
    assert plan.has_errors
    assert column in {key for key, _message in plan.rows[0].errors}, plan.rows[0].errors


def test_an_empty_status_removes_the_opening_and_absent_columns_keep_it(catalogue):
    ProjectOpeningFactory(project=Project.objects.get(slug="terra-arte"))
    ProjectOpeningFactory(project=Project.objects.get(slug="mascobado"))
    plan = plan_for(["terra-arte", "Terra Arte", "", "", "", "", ""])
    apply(plan)
    assert not ProjectOpening.objects.filter(project__slug="terra-arte").exists()
    apply(validate(parse(csv_bytes([["slug", "nom"], ["mascobado", "Mascobado"]]))))
    assert ProjectOpening.objects.filter(project__slug="mascobado").exists()


def test_downloaded_openings_import_back_identically(catalogue):
    ProjectOpeningFactory(
        project=Project.objects.get(slug="terra-arte"),
        status=OpeningStatus.HOMES_AVAILABLE,
        homes_available=2,
        tenures=["brs", "plai"],
        how_to_join="Étape ; avec | barre\nDeuxième",
        as_of=datetime.date(2026, 10, 1),
    )
    data = spreadsheet_csv(Project.objects.filter(slug="terra-arte"))
    ProjectOpening.objects.all().delete()
    plan = validate(parse(data))
    assert not plan.has_errors, plan.error_rows
    apply(plan)
    opening = ProjectOpening.objects.get(project__slug="terra-arte")
    assert opening.how_to_join == "Étape ; avec | barre\nDeuxième"
    assert sorted(opening.tenures.values_list("code", flat=True)) == ["brs", "plai"]
    assert (opening.homes_available, opening.as_of) == (2, datetime.date(2026, 10, 1))
