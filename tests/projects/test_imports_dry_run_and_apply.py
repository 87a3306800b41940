"""Import (backoffice.spreadsheet): the dry run writes nothing; a confirmed plan is written in one
transaction, creating drafts unless publishing."""

import pytest
from django.db import IntegrityError

from backoffice.spreadsheet import (
    Action,
    apply,
    parse,
    spreadsheet_csv,
    validate,
)
from projects.models import Project, PublicationStatus

from .import_files import (
    HEADER,
    counts,
    csv_bytes,
    good_row,
    plan_for,
)

pytestmark = pytest.mark.django_db


def test_validation_writes_nothing_even_for_a_valid_file(catalogue, django_assert_max_num_queries):
    before = counts()
    existing = Project.objects.order_by("slug").first()
    rows = [HEADER, good_row("nouveau-projet"), good_row(existing.slug, nom="Nom changé")]
    with django_assert_max_num_queries(100):  # a fixed number of look-ups, plus the model's own checks
        plan = plan_for(rows)
    assert [row.action for row in plan.rows] == [Action.CREATE, Action.UPDATE]
    assert "nom" in plan.rows[1].changes
    assert counts() == before
    assert Project.objects.get(pk=existing.pk).name == existing.name


def test_confirmed_plan_creates_drafts_unless_published(catalogue, django_capture_on_commit_callbacks):
    # The search text is refreshed once the import's transaction commits (projects.search).
    with django_capture_on_commit_callbacks(execute=True):
        apply(plan_for([HEADER, good_row("brouillon-importe")]))
    draft = Project.objects.get(slug="brouillon-importe")
    assert draft.status == PublicationStatus.DRAFT
    assert not Project.objects.published().filter(slug="brouillon-importe").exists()
    assert sorted((line.display_label, line.homes) for line in draft.tenure_lines.all()) == [("PLAI", 8), ("PLUS", 12)]
    assert {(a.organism.slug, a.role) for a in draft.actors.all()} == {
        ("alliade-habitat", "developer"),
        ("metropole-de-lyon", "initiating_authority"),
    }
    assert draft.search_document  # searchable once published

    apply(plan_for([HEADER, good_row("publie-importe")], publish=True))
    published = Project.objects.get(slug="publie-importe")
    assert published.status == PublicationStatus.PUBLISHED and published.published_at is not None


def test_an_identical_row_changes_nothing_and_a_changed_row_keeps_its_status(catalogue):
    existing = Project.objects.published().order_by("slug").first()
    data = spreadsheet_csv(Project.objects.filter(pk=existing.pk))
    plan = validate(parse(data))
    assert plan.rows[0].action == Action.UNCHANGED
    apply(plan)
    reloaded = Project.objects.get(pk=existing.pk)
    assert (reloaded.status, reloaded.updated_at) == (PublicationStatus.PUBLISHED, existing.updated_at)

    table = parse(data)
    table.rows[0][1][table.headers.index("resume")] = "Résumé corrigé."
    plan = validate(table)
    assert plan.rows[0].action == Action.UPDATE and plan.rows[0].changes == ["resume"]
    assert plan.rows[0].status == PublicationStatus.PUBLISHED
    apply(plan)
    changed = Project.objects.get(pk=existing.pk)
    assert (changed.summary, changed.status) == ("Résumé corrigé.", PublicationStatus.PUBLISHED)


def test_an_update_is_checked_on_the_fields_it_changes(catalogue):
    # A value stored before a rule existed (here written past the model's checks) does not block
    # the project's next import when the file leaves it as it is; a file that writes a bad value does.
    existing = Project.objects.published().order_by("slug").first()
    Project.objects.filter(pk=existing.pk).update(contact_email="pas-une-adresse")
    table = parse(spreadsheet_csv(Project.objects.filter(pk=existing.pk)))
    table.rows[0][1][table.headers.index("resume")] = "Résumé corrigé."
    plan = validate(table)
    assert not plan.has_errors, plan.error_rows
    assert plan.rows[0].changes == ["resume"]

    table.rows[0][1][table.headers.index("courriel")] = "toujours-pas-une-adresse"
    assert ("courriel", "Saisissez une adresse e-mail valide.") in validate(table).rows[0].errors


def test_publishing_an_unchanged_draft_is_an_update_of_its_status(catalogue):
    existing = Project.objects.published().order_by("slug").first()
    data = spreadsheet_csv(Project.objects.filter(pk=existing.pk))
    Project.objects.filter(pk=existing.pk).update(status=PublicationStatus.DRAFT)
    assert validate(parse(data)).rows[0].action == Action.UNCHANGED
    plan = validate(parse(data), publish=True)
    assert (plan.rows[0].action, plan.rows[0].changes) == (Action.UPDATE, ["statut"])
    apply(plan)
    assert Project.objects.published().filter(pk=existing.pk).exists()


def test_absent_columns_are_left_alone_and_lines_can_shrink_with_the_total(catalogue):
    project = (
        Project.objects.filter(tenure_lines__isnull=False, total_homes__isnull=False, participatory_homes__isnull=True)
        .order_by("slug")
        .first()
    )
    lines = list(project.tenure_lines.select_related("status"))
    actors = sorted(project.actors.values_list("organism__slug", "role"))
    first = lines[0]
    key = f"logements:{first.status.code}" if first.status_id else f"logements:categorie:{first.category}"
    new_total = project.tenure_total() - first.homes + 1
    plan = plan_for([["slug", "nom", "logements_total", key], [project.slug, project.name, str(new_total), "1"]])
    assert not plan.has_errors, plan.rows[0].errors
    apply(plan)
    project.refresh_from_db()
    assert project.total_homes == new_total
    assert project.tenure_total() == new_total
    assert sorted(project.actors.values_list("organism__slug", "role")) == actors
    assert project.summary  # untouched


def test_a_database_error_on_a_late_row_rolls_back_the_earlier_rows(catalogue):
    rows = [HEADER] + [good_row(f"lot-{index:02d}") for index in range(1, 58)]
    plan = plan_for(rows)
    assert not plan.has_errors and plan.count(Action.CREATE) == 57
    # Someone creates row 57's project between the preview and the confirmation.
    Project.objects.create(name="Concurrent", slug="lot-57")
    before = counts()
    with pytest.raises(IntegrityError):
        apply(plan)
    assert counts() == before
    assert not Project.objects.filter(slug__startswith="lot-").exclude(slug="lot-57").exists()


def test_a_plan_with_errors_cannot_be_applied(catalogue):
    plan = plan_for([HEADER, good_row(commune_insee="00000")])
    with pytest.raises(ValueError):
        apply(plan)


def test_the_fingerprint_changes_when_the_catalogue_does(catalogue):
    data = csv_bytes([HEADER, good_row("empreinte")])
    first = validate(parse(data)).fingerprint()
    assert validate(parse(data)).fingerprint() == first
    assert validate(parse(data), publish=True).fingerprint() != first
    Project.objects.create(name="Empreinte", slug="empreinte")
    assert validate(parse(data)).fingerprint() != first
