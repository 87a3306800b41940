"""The catalogue version changes with every change of public data, however it is written,
and public pages follow it at once: nothing stale or unpublished comes out of a cache."""

import pytest
from django.db import transaction

from caching.triggers import installed_on, public_tables
from caching.version import read_version
from organisms.models import Organism
from projects.models import InterventionMode, Project, TenureLine

pytestmark = pytest.mark.django_db


def test_every_public_table_carries_the_trigger():
    tables = public_tables()
    assert {
        "projects_project",
        "projects_tenureline",
        "projects_project_intervention_modes",
        "organisms_organism",
        "projects_photo",
        "projects_source",
        "geo_commune",
    } <= set(tables)
    assert not [table for table in tables if "historical" in table]
    assert all(installed_on(table) for table in tables)


@pytest.mark.parametrize(
    "change",
    [
        lambda: Project.objects.filter(slug="terra-arte").update(summary="Autre résumé."),  # bulk update
        lambda: Project.objects.get(slug="terra-arte").save(),
        lambda: TenureLine.objects.filter(project__slug="terra-arte").first().delete(),
        lambda: Project.objects.get(slug="locus-solus").intervention_modes.set(
            [InterventionMode.objects.order_by("pk").last()]
        ),
        lambda: Organism.objects.filter(slug="le-col").update(name="Le COL (coopérative)"),
    ],
    ids=["bulk update", "save", "child deleted", "many-to-many", "organism"],
)
def test_any_write_changes_the_version(catalogue, change):
    before = read_version()
    change()
    after = read_version()
    assert after.token != before.token and after.changed_at >= before.changed_at


def test_a_rolled_back_change_leaves_the_version(catalogue):
    before = read_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Project.objects.filter(slug="terra-arte").update(summary="Jamais vu.")
        raise RuntimeError
    assert read_version() == before


def test_reading_pages_changes_nothing(client, catalogue):
    before = read_version()
    for url in ("/", "/projets/", "/projets/terra-arte/", "/api/v1/projets/", "/territoires/carte/"):
        assert client.get(url).status_code == 200
    assert read_version() == before


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser(username="moderatrice", email="m@example.org")


def test_workflow_transitions_change_the_version(catalogue, moderator):
    from projects.workflow import apply_transition

    project = Project.objects.get(slug="terra-arte")
    before = read_version()
    apply_transition(project, "unpublish", moderator)
    assert read_version() != before


def test_the_import_changes_the_version(catalogue, tmp_path):
    from django.core.management import call_command

    exported = tmp_path / "projets.csv"
    call_command("export_projects", "-o", str(exported), "terra-arte", verbosity=0)
    text = exported.read_text(encoding="utf-8-sig").replace("Terra Arte", "Terra Arte (bis)")
    exported.write_text(text, encoding="utf-8")
    before = read_version()
    call_command("import_projects", str(exported), "--confirm", verbosity=0)
    assert Project.objects.get(slug="terra-arte").name == "Terra Arte (bis)"
    assert read_version() != before


def test_writes_inside_one_bump_change_the_version_once_at_the_end(catalogue):
    """The back-office import writes thousands of rows inside ``one_bump``: on PostgreSQL the
    version stays put while they are written and changes once at the end; on SQLite every write
    still bumps it (cheap there). Either way the version after differs from the version before."""
    from django.db import connection

    from caching.triggers import one_bump

    with transaction.atomic():
        before = read_version().token
        with one_bump():
            Project.objects.filter(slug="terra-arte").update(summary="Autre résumé.")
            inside = read_version().token
            Project.objects.filter(slug="locus-solus").update(summary="Autre résumé encore.")
        after = read_version().token
        Organism.objects.filter(slug="le-col").update(name="Le COL (coopérative)")  # bumps again after the block
        later = read_version().token
    assert after != before and later != after
    if connection.vendor == "postgresql":
        assert inside == before
