"""A project page costs the same number of queries whatever its children: its children of every
kind and its last change are read in ONE query (``projects.children``), never one per child nor
one per kind. Counted honestly, with every cache cold (page, fragments, reference tables); and with
its fragments warm, the state of a busy site."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caching.middleware import page_cache
from caching.version import process_version
from projects.models import (
    CommonSpace,
    CostFigure,
    FieldCertainty,
    InterventionMode,
    Quote,
    Surface,
    TenureCategory,
    TenureStatus,
)
from projects.models.certainty import ProjectField
from tests.factories import (
    MilestoneFactory,
    OrganismFactory,
    PhotoFactory,
    ProjectActorFactory,
    ProjectFactory,
    ProjectOpeningFactory,
    ProjectSourceFactory,
    ProjectVisitFactory,
    SourceFactory,
    TenureLineFactory,
)

pytestmark = pytest.mark.django_db

# Issue 19: ≤ 8 cold. The version, the project, its children of every kind and its last change (one
# query), the reference ceilings, the two rows of related cards and their cards' children (3).
PROJECT_PAGE_QUERIES_COLD = 8
# Fragments warm (tests/perf/test_query_counts.py, "project page"): the version and the project.
PROJECT_PAGE_QUERIES_WARM_FRAGMENTS = 2


def page_queries(client, url, cold=True):
    assert client.get(url).status_code == 200
    page_cache().clear()
    if cold:
        for cache in caches.all():
            cache.clear()
    process_version.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def project_with_children(count):
    """A published project in Bordeaux with ``count`` children of each kind (as many as a kind
    allows: one opening, one line per tenure status or category, one certainty per field), and
    ``count`` published neighbours sharing its Hlm developer (its related cards)."""
    developer = OrganismFactory(kind="hlm", family="OPH")
    project = ProjectFactory(published=True, in_bordeaux=True, total_homes=10_000, developer=developer)
    statuses = list(TenureStatus.objects.all())
    for status in statuses[:count]:
        TenureLineFactory(project=project, status=status, homes=10)
    for category in TenureCategory.values[: max(0, count - len(statuses))]:
        TenureLineFactory(project=project, status=None, category=category, homes=5)
    project.intervention_modes.set(InterventionMode.objects.all()[:count])
    opening = ProjectOpeningFactory(project=project, tenures=[status.code for status in statuses[:count]])
    assert opening.tenures.count() == min(count, len(statuses))
    for number in range(count):
        source = SourceFactory()
        ProjectActorFactory(project=project, organism=OrganismFactory(kind="hlm"), role="partner", source=source)
        ProjectSourceFactory(project=project, source=source, locator=f"p. {number}")
        MilestoneFactory(project=project, year=1990 + number, date_text=str(1990 + number), source=source)
        Surface.objects.create(project=project, measure="SHAB", area_m2=Decimal("85.50") + number, source=source)
        CostFigure.objects.create(project=project, kind="rent", amount=Decimal("7.25"), unit="eur_m2_month")
        CommonSpace.objects.create(project=project, name=f"Salle {number}", area_m2=Decimal("40.5"))
        Quote.objects.create(project=project, text=f"Parole {number}", attribution="Une habitante", source=source)
        PhotoFactory(project=project, position=number, caption=f"Vue {number}")
        ProjectVisitFactory(project=project, starts_at=timezone.now() + datetime.timedelta(days=3 + number))
        ProjectFactory(published=True, in_bordeaux=True, developer=developer)
    for field in ProjectField.values[:count]:
        FieldCertainty.objects.create(project=project, field=field, certainty="computed", source=source)
    return project


def test_a_project_with_many_children_costs_what_a_project_with_one_child_of_each_kind_costs(client, catalogue):
    one, many = project_with_children(1), project_with_children(30)
    assert many.tenure_lines.count() >= 12 and many.photos.count() == 30 and many.citations.count() == 30
    cold = {"one": page_queries(client, one.get_absolute_url()), "many": page_queries(client, many.get_absolute_url())}
    assert cold["one"] == cold["many"] <= PROJECT_PAGE_QUERIES_COLD, cold
    warm = {
        "one": page_queries(client, one.get_absolute_url(), cold=False),
        "many": page_queries(client, many.get_absolute_url(), cold=False),
    }
    assert warm["one"] == warm["many"] <= PROJECT_PAGE_QUERIES_WARM_FRAGMENTS, warm


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
    assert counts["rich"] <= PROJECT_PAGE_QUERIES_COLD, counts
    warm = {
        "sparse": page_queries(client, sparse.get_absolute_url(), cold=False),
        "rich": page_queries(client, rich.get_absolute_url(), cold=False),
    }
    assert warm["sparse"] == warm["rich"], warm
    assert warm["rich"] <= PROJECT_PAGE_QUERIES_WARM_FRAGMENTS, warm


def test_with_its_fragments_warm_the_page_reads_them_in_one_cache_round_trip(client, catalogue, monkeypatch):
    url = "/projets/terra-arte/"
    first = client.get(url).content
    page_cache().clear()
    fragments = caches["default"]
    reads, depth = [], []

    def counted(name, read):
        def wrapper(*args, **kwargs):
            if not depth:  # (local memory's get_many calls get once per key: one round trip all the same)
                reads.append(name)
            depth.append(name)
            try:
                return read(*args, **kwargs)
            finally:
                depth.pop()

        return wrapper

    for name in ("get", "get_many"):
        monkeypatch.setattr(fragments, name, counted(name, getattr(fragments, name)))
    again = client.get(url).content
    assert reads == ["get_many"]
    assert again == first
