"""The search texts follow every change of what they read, wherever the change is made.

A project is found by its commune, département, region, organisms, tenure statuses and
intervention modes. Renaming one of these — in the admin, through the ORM, or by reloading the
geography — makes every project concerned findable by the new name and no longer by the old one,
once the change is committed (``projects.search.signals`` → ``refresh_search_text``).
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.utils import translation

from geo.models import Commune
from geo.signals import geography_changed
from projects.filters import ProjectFilter
from projects.models import InterventionMode, Project, TenureCategory, TenureStatus
from projects.search import refresh_search_text
from tests.backoffice.helpers import form_data
from tests.factories import BEGLES, OrganismFactory, ProjectActorFactory, ProjectFactory, TenureLineFactory, commune

pytestmark = pytest.mark.django_db

OLD, NEW = "Zorglub", "Quibble"


def found(text):
    data = QueryDict(mutable=True)
    data["q"] = text
    return set(ProjectFilter(data, queryset=Project.objects.published()).qs.values_list("slug", flat=True))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` — what is done inside is committed: after-commit work runs at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def project(catalogue, committed):
    with committed():
        return ProjectFactory(published=True, in_bordeaux=True)


def rename(obj, field, value, via, client=None):
    """Rename ``obj`` through the ORM, or through its admin change form (a superuser's POST)."""
    if via == "orm":
        setattr(obj, field, value)
        obj.save()
        return
    meta = obj._meta
    url = f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"
    data = form_data(client.get(url), f"{meta.model_name}_form", {field: value})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def assert_found_by_new_name_only(project):
    assert project.slug in found(NEW)
    assert project.slug not in found(OLD)


@pytest.mark.parametrize("via", ["orm", "admin"])
def test_renaming_a_tenure_status_renames_it_in_the_search(project, committed, admin_client, via):
    status = TenureStatus.objects.create(
        code="zorglub", short_name="ZGB", name=f"Prêt {OLD}", category=TenureCategory.SOCIAL_RENTAL, explanation="-"
    )
    with committed():
        TenureLineFactory(project=project, status=status, homes=4)
    assert project.slug in found(OLD)

    with committed():
        rename(status, "name", f"Prêt {NEW}", via, admin_client)
    assert_found_by_new_name_only(project)


@pytest.mark.parametrize("via", ["orm", "admin"])
def test_renaming_an_intervention_mode_renames_it_in_the_search(project, committed, admin_client, via):
    mode = InterventionMode.objects.create(code="zorglub", name=f"Mode {OLD}", description="-", position=99)
    with committed():
        project.intervention_modes.add(mode)
    assert project.slug in found(OLD)

    with committed():
        rename(mode, "name", f"Mode {NEW}", via, admin_client)
    assert_found_by_new_name_only(project)


def test_removing_or_deleting_a_mode_updates_its_projects(project, committed):
    mode = InterventionMode.objects.create(code="zorglub", name=f"Mode {OLD}", description="-", position=99)
    with committed():
        project.intervention_modes.add(mode)
    assert project.slug in found(OLD)
    with committed():
        project.intervention_modes.remove(mode)
    assert project.slug not in found(OLD)

    with committed():
        project.intervention_modes.add(mode)
    assert project.slug in found(OLD)
    with committed():
        mode.delete()  # its m2m rows go without m2m_changed
    assert project.slug not in found(OLD)


@pytest.mark.parametrize("via", ["orm", "admin"])
def test_renaming_an_organism_renames_it_in_the_search(project, committed, admin_client, via):
    organism = OrganismFactory(name=f"{OLD} Habitat", slug="zorglub-habitat")
    with committed():
        ProjectActorFactory(project=project, organism=organism)
    assert project.slug in found(OLD)

    with committed():
        rename(organism, "name", f"{NEW} Habitat", via, admin_client)
    assert_found_by_new_name_only(project)


def test_adding_and_removing_a_tenure_line_or_an_actor(project, committed):
    status = TenureStatus.objects.create(
        code="zorglub", short_name="ZGB", name=f"Prêt {OLD}", category=TenureCategory.SOCIAL_RENTAL, explanation="-"
    )
    organism = OrganismFactory(name=f"{NEW} Habitat", slug="quibble-habitat")
    with committed():
        line = TenureLineFactory(project=project, status=status, homes=4)
        actor = ProjectActorFactory(project=project, organism=organism)
    assert project.slug in found(OLD) and project.slug in found(NEW)

    with committed():
        line.delete()
        actor.delete()
    assert project.slug not in found(OLD) and project.slug not in found(NEW)


def test_renaming_a_commune_a_department_or_a_region(project, committed):
    bordeaux = project.commune
    with committed():
        rename(bordeaux, "name", OLD, "orm")
    assert project.slug in found(OLD)
    with committed():
        rename(bordeaux, "name", NEW, "orm")
    assert_found_by_new_name_only(project)

    with committed():
        rename(bordeaux.department, "name", "Departement Zorglubien", "orm")
        rename(bordeaux.department.region, "name", "Region Quibblienne", "orm")
    assert project.slug in found("zorglubien") and project.slug in found("quibblienne")
    assert project.slug not in found("gironde")


def test_a_bulk_rename_of_communes_is_followed_through_the_geography_signal(project, committed):
    Commune.objects.filter(pk=project.commune_id).update(name=OLD)  # sends no post_save
    refresh_search_text([project.pk])
    assert project.slug in found(OLD)
    with committed():
        Commune.objects.filter(pk=project.commune_id).update(name=NEW)
        geography_changed.send(sender=Commune, commune_ids=[project.commune_id])
    assert_found_by_new_name_only(project)


def test_reloading_the_geography_restores_commune_names_in_the_search(catalogue, committed):
    with committed():
        begles = ProjectFactory(published=True, commune=commune(BEGLES))
    Commune.objects.filter(insee_code=BEGLES).update(name=OLD)
    refresh_search_text([begles.pk])
    assert begles.slug in found(OLD)

    with committed():
        call_command("load_geography", verbosity=0)
    assert begles.slug in found("begles")
    assert begles.slug not in found(OLD)


def test_a_rolled_back_rename_leaves_the_search_as_it_was(project, committed):
    status = TenureStatus.objects.create(
        code="zorglub", short_name="ZGB", name=f"Prêt {OLD}", category=TenureCategory.SOCIAL_RENTAL, explanation="-"
    )
    with committed():
        TenureLineFactory(project=project, status=status, homes=4)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        rename(status, "name", f"Prêt {NEW}", "orm")
        raise RuntimeError("rolled back")
    with committed():  # a later, unrelated commit refreshes what the rolled-back one left pending
        ProjectFactory(published=True)
    assert project.slug in found(OLD)
    assert project.slug not in found(NEW)


def test_the_search_texts_do_not_depend_on_the_editors_language(project, committed, settings):
    status = TenureStatus.objects.create(
        code="zorglub", short_name="ZGB", name=f"Prêt {OLD}", category=TenureCategory.SOCIAL_RENTAL, explanation="-"
    )
    with committed():
        TenureLineFactory(project=project, status=status, homes=4)
    before = Project.objects.values_list("search_document", flat=True).get(pk=project.pk)
    with translation.override("en"), committed():
        rename(status, "explanation", "changed", "orm")
        project.save()
    assert Project.objects.values_list("search_document", flat=True).get(pk=project.pk) == before
    assert "locatif social" in before
