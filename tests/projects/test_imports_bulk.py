"""Import (backoffice.spreadsheet.apply) written in bulk (issue 19): a fixed number of statements
whatever the number of rows, and the same rows and versions as one ``save()`` per row wrote."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from backoffice.spreadsheet import apply, parse, spreadsheet_csv, validate
from projects.models import (
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    ProjectTransition,
    PublicationStatus,
    TenureLine,
)
from tests.factories import ModeratorFactory

from .import_files import HEADER, csv_bytes, good_row, plan_for
from .row_by_row import apply_row_by_row

pytestmark = pytest.mark.django_db

VERSIONED = (Project, TenureLine, ProjectActor, ProjectSource)
# Ids of new rows and the instants of writing differ from one run to the other; the rest must not.
NOT_COMPARED = {"history_id", "history_date", "id", "updated_at", "created_at", "published_at", "as_of"}


def _queries_of_apply(plan):
    with CaptureQueriesContext(connection) as queries:
        apply(plan)
    return len(queries.captured_queries)


def _changed_rows(slugs):
    """Every row renamed, one tenure line changed (deleted and created again) and one actor less."""
    return [
        good_row(
            slug,
            nom="Renommé par import",
            **{
                "logements:plus": "11 | 11 PLUS | actes-habitat-participatif-logement-social-2017 | p. 9",
                "acteurs": "alliade-habitat:developer | Maître d'ouvrage",
            },
        )
        for slug in slugs
    ]


def test_the_queries_of_an_import_do_not_grow_with_its_rows(catalogue):
    # 25 rows, not more: SQLite binds at most 999 parameters per statement, so ~30 versions of a
    # project per INSERT there (PostgreSQL: 65,535 parameters, 1,000 rows per UPDATE).
    small, large = [f"lot-a-{index:02d}" for index in range(5)], [f"lot-b-{index:02d}" for index in range(25)]
    created = [_queries_of_apply(plan_for([HEADER, *(good_row(slug) for slug in slugs)])) for slugs in (small, large)]
    assert created[0] == created[1], created
    updated = [_queries_of_apply(plan_for([HEADER, *_changed_rows(slugs)])) for slugs in (small, large)]
    assert updated[0] == updated[1], updated
    assert max(created + updated) <= 30
    assert Project.objects.filter(slug__in=large, name="Renommé par import").count() == 25
    assert TenureLine.objects.filter(project__slug__in=large, homes=11, locator="p. 9").count() == 25
    assert ProjectActor.objects.filter(project__slug__in=large).count() == 25


def test_checking_a_file_reads_the_projects_it_changes_in_the_same_queries_whatever_their_number(catalogue):
    # Existing projects with children of every kind: their sources, statuses and organisms come
    # joined to the children, never a query per project nor per child.
    queries = []
    for slugs in ([f"lot-c-{index:02d}" for index in range(3)], [f"lot-d-{index:02d}" for index in range(12)]):
        apply(plan_for([HEADER, *(good_row(slug) for slug in slugs)]))
        table = parse(csv_bytes([HEADER, *_changed_rows(slugs)]))
        with CaptureQueriesContext(connection) as captured:
            plan = validate(table)
        assert [row.action for row in plan.rows] == ["update"] * len(slugs)
        queries.append(len(captured.captured_queries))
    assert queries[0] == queries[1] <= 15, queries


# --- The same versions as one save() per row ----------------------------------------------


def _edited_file():
    """Three catalogue projects downloaded and changed, and a new one: name, modes (one dropped,
    one added; all removed), a tenure line's label, actors, sources, opening; publishing a draft."""
    chosen = list(
        Project.objects.filter(intervention_modes__isnull=False, tenure_lines__isnull=False, actors__isnull=False)
        .distinct()
        .order_by("slug")[:3]
    )
    assert len(chosen) == 3
    Project.objects.filter(pk=chosen[0].pk).update(status=PublicationStatus.DRAFT)
    table = parse(spreadsheet_csv(Project.objects.filter(pk__in=[project.pk for project in chosen])))
    column = {header: index for index, header in enumerate(table.headers)}
    first, second, third = (cells + [""] * (len(table.headers) - len(cells)) for _line, cells in table.rows)
    first[column["nom"]] += " (renommé)"
    modes = [code.strip() for code in first[column["modes_intervention"]].split(";") if code.strip()]
    first[column["modes_intervention"]] = "; ".join(
        [*modes[1:], *sorted({"partnership", "solicitation", "own-initiative"} - set(modes))[:1]]
    )
    tenure = next(header for header in table.headers if header.startswith("logements:") and first[column[header]])
    parts = [part.strip() for part in first[column[tenure]].split("|")] + ["", "", ""]
    first[column[tenure]] = " | ".join([parts[0], "libellé corrigé", parts[2], parts[3]])
    second[column["modes_intervention"]] = ""
    second[column["acteurs"]] = second[column["acteurs"]].split(";")[0]
    second[column["sources"]] = ""
    second[column["recrutement"]], second[column["recrutement_date"]] = "homes_available", "2026-10-01"
    second[column["recrutement_logements"]], second[column["recrutement_statuts"]] = "2", "plus; plai"
    third[column["resume"]] = "Résumé corrigé par import."
    new = list(third)
    new[column["slug"]], new[column["nom"]] = "copie-importee", "Copie importée"
    rows = [table.headers, first, second, third, new]
    return csv_bytes(rows)


def _written(marks):
    """What the import left: the versions written since ``marks`` and the rows, by project slug."""
    slug = dict(Project.objects.values_list("pk", "slug"))
    modes_history = Project.history.model.intervention_modes.model
    state = {}
    for model in VERSIONED:
        versions = []
        for values in model.history.filter(history_id__gt=marks[model]).order_by("history_id").values():
            if model is Project:
                values["modes"] = sorted(
                    modes_history.objects.filter(history_id=values["history_id"]).values_list(
                        "interventionmode_id", flat=True
                    )
                )
            values["project"] = slug[values.pop("id") if model is Project else values.pop("project_id")]
            if model is Project:
                values["published"] = values["published_at"] is not None
            versions.append(sorted((key, repr(value)) for key, value in values.items() if key not in NOT_COMPARED))
        # The order of a project's own versions matters; that of its children's, between rows the
        # database returns in no set order, does not.
        order = (lambda version: dict(version)["project"]) if model is Project else None
        state[model.__name__] = sorted(versions, key=order)
    ids = list(Project.objects.filter(slug__in=["copie-importee", *marks["slugs"]]).values_list("pk", flat=True))
    state["projects"] = [
        sorted((key, repr(value)) for key, value in row.items() if key not in NOT_COMPARED | {"search_vector"})
        for row in Project.objects.filter(pk__in=ids).order_by("slug").values()
    ]
    state["modes"] = sorted(
        Project.intervention_modes.through.objects.filter(project__in=ids).values_list(
            "project__slug", "interventionmode__code"
        )
    )
    state["openings"] = [
        (
            opening.project.slug,
            opening.status,
            opening.homes_available,
            sorted(status.code for status in opening.tenures.all()),
        )
        for opening in ProjectOpening.objects.filter(project__in=ids).order_by("project__slug")
    ]
    state["transitions"] = sorted(
        ProjectTransition.objects.filter(project__in=ids).values_list(
            "project__slug", "action", "from_status", "to_status", "by", "reason"
        )
    )
    return state


def _marks():
    marks = {
        model: model.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in VERSIONED
    }
    marks["slugs"] = []
    return marks


class _Undo(Exception):
    pass


def test_a_bulk_import_writes_the_versions_one_save_per_row_wrote(catalogue):
    moderator = ModeratorFactory()
    data = _edited_file()
    marks = _marks()
    marks["slugs"] = [row.slug for row in validate(parse(data)).rows]
    try:
        with transaction.atomic():
            plan = validate(parse(data), publish=True)
            assert not plan.has_errors, plan.error_rows
            apply_row_by_row(plan, user=moderator)
            expected = _written(marks)
            raise _Undo
    except _Undo:
        pass
    plan = validate(parse(data), publish=True)
    assert [row.action for row in plan.rows] == ["update", "update", "update", "create"]
    apply(plan, user=moderator)
    written = _written(marks)
    assert written == expected
    # What the comparison covers: versions of every kind, by the moderator, and the modes of each.
    versions = [dict(version) for version in written["Project"]]
    assert {version["history_type"] for version in versions} == {"'+'", "'~'"}
    assert {version["history_user_id"] for version in versions} == {repr(moderator.pk)}
    assert {dict(version)["history_type"] for version in written["TenureLine"]} == {"'+'", "'-'"}
    assert len(written["transitions"]) == 2  # the draft and the new project, published


def test_one_update_writes_values_of_every_type_set_and_emptied(catalogue):
    # One UPDATE for all the rows (common.bulk): each row's own value, of every column type, NULL included.
    apply(plan_for([HEADER, good_row("valeurs-a"), good_row("valeurs-b")]))
    columns = ["slug", "nom", "commune_insee", "logements_total", "ecoquartier", "annee_livraison", "verifie_le"]
    plan = plan_for(
        [
            columns,
            ["valeurs-a", "Valeurs A", "", "", "oui", "2024", "2026-01-15"],
            ["valeurs-b", "Valeurs B", "33039", "30", "", "", ""],
        ]
    )
    assert not plan.has_errors, plan.error_rows
    apply(plan)
    rows = Project.objects.filter(slug__startswith="valeurs-").order_by("slug")
    assert [
        (
            p.name,
            p.commune and p.commune.insee_code,
            p.total_homes,
            p.is_ecoquartier,
            p.delivery_year,
            p.last_verified_on,
        )
        for p in rows
    ] == [
        ("Valeurs A", None, None, True, 2024, datetime.date(2026, 1, 15)),
        ("Valeurs B", "33039", 30, None, None, None),
    ]
