"""Done means: how a text is searched (full text, substring, corrected spelling: the ``EXISTS``
queries of ``plan_search``) is decided once per catalogue version among every published project,
then read from the cache by every page, export and feed that searches the same text; a change to
the catalogue decides again; a narrower base is always planned among its own projects."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from caching.version import process_version
from projects.filters import ProjectFilter
from projects.models import Project
from projects.search.query import CORRECTED, FULL_TEXT, NOTHING
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def plan_and_queries(text, queryset=None, **filters):
    data = QueryDict(mutable=True)
    data.update({"q": text, **filters})
    process_version.forget()
    with CaptureQueriesContext(connection) as captured:
        plan = ProjectFilter(data, queryset=Project.objects.published() if queryset is None else queryset).search_plan
    return plan, len([query for query in captured.captured_queries if "projects_project" in query["sql"]])


def test_a_text_is_planned_once_then_read_whatever_the_other_filters(catalogue, cache_backend):
    first, queries = plan_and_queries("vileurbanne")
    assert first.mode == CORRECTED and queries >= 1
    again, queries = plan_and_queries("vileurbanne", statut="psla", region="occitanie")
    assert again == first and queries == 0


def test_a_change_to_the_catalogue_plans_the_text_again(catalogue, cache_backend, django_capture_on_commit_callbacks):
    assert plan_and_queries("zorglubville")[0].mode == NOTHING
    with django_capture_on_commit_callbacks(execute=True):  # the search index is refreshed on commit
        ProjectFactory(published=True, name="Les jardins de Zorglubville")
    plan, queries = plan_and_queries("zorglubville")
    assert plan.mode == FULL_TEXT and queries >= 1


def test_a_narrower_base_is_planned_among_its_own_projects(catalogue, cache_backend):
    plan_and_queries("villeurbanne")  # planned among every published project: full text
    without_villeurbanne = Project.objects.published().exclude(commune__name="Villeurbanne")
    assert not without_villeurbanne.every_published and Project.objects.published().every_published
    plan, queries = plan_and_queries("villeurbanne", queryset=without_villeurbanne)
    assert plan.mode != FULL_TEXT and queries >= 1  # not the cached plan of the whole catalogue
