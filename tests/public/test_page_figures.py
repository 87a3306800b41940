"""The figures of territory and organism pages (counts, homes, active organisms, neighbours) are
computed once per catalogue version (public/page_figures.py): a page rendered again costs fewer
queries, and a publication changes them at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.middleware import page_cache
from geo.models import Department
from organisms.models import Organism
from tests.factories import OrganismFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    page_cache().clear()  # the whole page is computed again; only its figures may be cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


@pytest.fixture
def gironde_developer():
    organism = OrganismFactory(kind="hlm", family="OPH", name="Office de test")
    ProjectFactory(published=True, in_bordeaux=True, total_homes=12, developer=organism)
    return organism


@pytest.mark.parametrize("page", ["department", "region", "organism"])
def test_figures_are_computed_once_per_catalogue_version(client, catalogue, gironde_developer, page):
    gironde = Department.objects.select_related("region").get(code="33")
    url = {
        "department": gironde.get_absolute_url(),
        "region": gironde.region.get_absolute_url(),
        "organism": gironde_developer.get_absolute_url(),
    }[page]
    first, cold = queries_of(client, url)
    again, warm = queries_of(client, url)
    assert warm < cold, (cold, warm)
    assert again.context["project_count"] == first.context["project_count"]
    assert again.context["homes"] == first.context["homes"]


def test_a_publication_changes_the_figures_at_once(client, catalogue, gironde_developer):
    gironde = Department.objects.get(code="33")
    before, _ = queries_of(client, gironde.get_absolute_url())
    organism_before, _ = queries_of(client, gironde_developer.get_absolute_url())
    ProjectFactory(published=True, in_bordeaux=True, total_homes=30, developer=gironde_developer)
    after, _ = queries_of(client, gironde.get_absolute_url())
    assert after.context["project_count"] == before.context["project_count"] + 1
    assert after.context["homes"] == (before.context["homes"] or 0) + 30
    organism_after, _ = queries_of(client, Organism.objects.get(pk=gironde_developer.pk).get_absolute_url())
    assert organism_after.context["project_count"] == organism_before.context["project_count"] + 1
    assert "Office de test" in after.content.decode()  # among the region's active organisms


def test_each_departement_listed_counts_its_published_projects_only(client, catalogue, gironde_developer):
    """A region's départements and a département's neighbours: published projects (a draft and an
    archived project never), counted in one pass, equal to counting each département's own."""
    from projects.models import Project
    from tests.factories import commune

    ProjectFactory(in_bordeaux=True)  # a draft
    ProjectFactory(archived=True, in_bordeaux=True)
    gironde = commune().department
    expected = {
        department.pk: Project.objects.published().filter(commune__department=department).count()
        for department in Department.objects.all()
    }
    assert expected[gironde.pk] >= 1
    region = client.get(gironde.region.get_absolute_url())
    listed = {department.pk: department.project_count for department in region.context["departments"]}
    assert listed and listed == {pk: expected[pk] for pk in listed}
    neighbour = gironde.neighbours.first()
    page = client.get(neighbour.get_absolute_url())
    shown = {department.pk: department.project_count for department in page.context["neighbours"]}
    assert gironde.pk in shown and shown == {pk: expected[pk] for pk in shown}
