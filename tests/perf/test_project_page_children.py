"""A project page costs the same number of queries whatever its children: one query per kind of
child, never one per child (issue 19 asks ≤ 8; today's bound is the one of test_query_counts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.middleware import page_cache
from caching.version import process_version
from projects.models import TenureStatus
from tests.factories import (
    MilestoneFactory,
    OrganismFactory,
    ProjectActorFactory,
    ProjectFactory,
    ProjectSourceFactory,
    SourceFactory,
    TenureLineFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_PAGE_QUERIES = 22  # tests/perf/test_query_counts.py, "project page"


def page_queries(client, url):
    assert client.get(url).status_code == 200
    page_cache().clear()
    process_version.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_project_page_costs_the_same_queries_with_one_child_or_many(client, catalogue):
    # One actor each way: the related-by-organism row then runs its query on both pages.
    sparse = ProjectFactory(
        published=True,
        in_bordeaux=True,
        total_homes=10,
        tenure=("psla", 2),
        developer=OrganismFactory(kind="hlm", family="OPH"),
    )
    rich = ProjectFactory(published=True, in_bordeaux=True, total_homes=1000)
    for status in TenureStatus.objects.all()[:6]:
        TenureLineFactory(project=rich, status=status, homes=10)
    for _ in range(15):
        ProjectActorFactory(project=rich, organism=OrganismFactory(kind="hlm", family="OPH"), role="developer")
    for number in range(25):
        MilestoneFactory(project=rich, year=1990 + number, date_text=str(1990 + number))
    for number in range(12):
        ProjectSourceFactory(project=rich, source=SourceFactory(), locator=f"p. {number}")
    counts = {
        "sparse": page_queries(client, sparse.get_absolute_url()),
        "rich": page_queries(client, rich.get_absolute_url()),
    }
    assert counts["sparse"] == counts["rich"], counts
    assert counts["rich"] <= PROJECT_PAGE_QUERIES, counts
