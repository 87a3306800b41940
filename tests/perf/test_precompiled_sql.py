"""SQL compiled once per shape (common.precompiled) gives exactly the rows, in the order, that the
plain ORM gives, for every combination of filters and values: the page's SQL is reused only for
the same shape, with each call's values bound."""

import datetime
import itertools
from functools import partial

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.precompiled import Precompiled
from geo.models import Department, Region
from organisms.models import Organism
from projects.filters import SORTS, ProjectFilter
from projects.models import OpeningStatus, Project, ProjectOpening, TenureStatus
from public.pagination import LIST_ROWS, SECTION_ROWS, section_rows, section_rows_source, unfiltered_list_rows

pytestmark = pytest.mark.django_db

FIELDS = ("pk", "name", "slug", "total_homes", "delivery_year", "opening_state")
# (name, how many values, how they filter): a structure picks some of them and a sort.
FILTERS = {
    "region": (1, lambda region: Q(commune__department__region_id=region)),
    "statuses": (2, lambda a, b: Q(pk__in=Project.objects.filter(tenure_lines__status__in=[a, b]).values("pk"))),
    "years": (2, lambda low, high: Q(delivery_year__gte=low, delivery_year__lte=high)),
    "family": (1, lambda family: Q(participatory_family=family)),
}
BUILT: list[tuple] = []


def build(structure, *values):
    """The card rows of ``structure`` (filters, sort) with ``values``: what a page would query."""
    BUILT.append(structure)
    names, sort = structure
    queryset = Project.objects.published()
    position = 0
    for name in names:
        count, condition = FILTERS[name]
        queryset = queryset.filter(condition(*values[position : position + count]))
        position += count
    return ProjectFilter.order(queryset, sort).for_card_rows()


def rows(projects):
    return [tuple(getattr(project, name) for name in FIELDS) for project in projects]


def value_sets(names):
    """Several values for each filter of ``names`` (the first one compiles, the others reuse)."""
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True)[:20])
    statuses = list(TenureStatus.objects.order_by("pk").values_list("pk", flat=True))
    choices = {
        "region": [(regions[0],), (regions[5],), (regions[11],)],
        # (a value twice: the IN list has one parameter, not two; such a call is compiled as usual)
        "statuses": [(statuses[0], statuses[2]), (statuses[1], statuses[3]), (statuses[4], statuses[4])],
        "years": [(2000, 2030), (2015, 2020), (1990, 2010)],
        "family": [("social_housing",), ("autopromotion",), ("housing_cooperative",)],
    }
    for index in range(3):
        yield tuple(value for name in names for value in choices[name][index])


@pytest.mark.parametrize("sort", [None, "-logements", "livraison"])
def test_every_filter_combination_gives_the_rows_of_the_orm_in_its_order(catalogue, sort):
    checked = 0
    for size in range(len(FILTERS) + 1):
        for names in itertools.combinations(FILTERS, size):
            structure = (names, sort)
            precompiled = Precompiled(partial(build, structure))
            for values in value_sets(names):
                for offset, limit in ((0, 5), (3, 4), (0, 100)):
                    expected = rows(build(structure, *values)[offset : offset + limit])
                    assert rows(precompiled.page(structure, values, offset, limit)) == expected, (structure, values)
                    checked += bool(expected)
            kept = [compiled for compiled in precompiled._compiled.values() if compiled is not None]
            assert len(kept) == 1, structure  # one SQL for the shape (the call with a repeated value: as usual)
    assert checked > 40  # not only empty pages


def test_a_shape_is_compiled_once_then_only_bound(catalogue):
    structure = (("region", "family"), None)
    precompiled = Precompiled(partial(build, structure))
    BUILT.clear()
    for values in value_sets(structure[0]):
        precompiled.page(structure, values, 0, 10)
        precompiled.page(structure, values, 10, 10)
    assert len(BUILT) == 2 and set(BUILT) == {structure}  # built and compiled twice (two stand-ins), once
    values = next(iter(value_sets(structure[0])))
    with CaptureQueriesContext(connection) as queries:
        precompiled.page(structure, values, 0, 10)
    assert len(queries) == 1


def test_a_value_that_is_not_a_parameter_of_its_own_is_never_reused(catalogue):
    """A search pattern (``%…%``) carries its value inside another: compiled every time, still right."""
    contains = Precompiled(lambda text: Project.objects.published().filter(name__icontains=text).order_by("pk"))
    for text in ("la", "coop", "terra"):
        expected = list(Project.objects.published().filter(name__icontains=text).order_by("pk")[:50])
        assert contains.page("contains", (text,), 0, 50) == expected
    assert contains._compiled[("default", "contains", True, (str,))] is None


def test_section_pages_read_the_rows_of_the_orm(catalogue):
    kinds = {
        "region": Region.objects.values_list("pk", flat=True),
        "department": Department.objects.filter(communes__projects__isnull=False).values_list("pk", flat=True),
        "organism": Organism.objects.filter(roles__isnull=False).values_list("pk", flat=True),
    }
    for kind, pks in kinds.items():
        for pk in sorted(set(pks))[:8]:
            for offset, limit in ((0, 3), (2, 3), (0, 50)):
                shape = (kind, "day")
                expected = rows(section_rows(kind, pk)[offset : offset + limit])
                assert rows(SECTION_ROWS[kind].page(shape, (pk,), offset, limit)) == expected, (kind, pk, offset)
        assert SECTION_ROWS[kind]._compiled[("default", (kind, "day"), True, (int,))] is not None, kind  # reused SQL


def test_territory_pages_read_the_rows_of_the_orm_whether_by_facet_key_or_through_the_commune(catalogue):
    """On PostgreSQL a region's or département's rows come from its facet key; elsewhere through the commune."""
    kinds = {
        "region": Region.objects.filter(departments__communes__projects__isnull=False).values_list("pk", flat=True),
        "department": Department.objects.filter(communes__projects__isnull=False).values_list("pk", flat=True),
    }
    for kind, pks in kinds.items():
        for pk in sorted(set(pks))[:8]:
            precompiled, shape, values = section_rows_source(kind, pk)
            assert (shape == "territory-key") == (connection.vendor == "postgresql")
            for offset, limit in ((0, 3), (2, 3), (0, 50)):
                expected = rows(section_rows(kind, pk)[offset : offset + limit])
                assert expected or offset
                assert rows(precompiled.page((shape, "day"), values, offset, limit)) == expected, (kind, pk, offset)
        assert precompiled._compiled[("default", (shape, "day"), True, (type(values[0]),))] is not None  # reused SQL


def test_the_unfiltered_list_reads_the_rows_of_the_orm_in_every_sort(catalogue):
    for sort in (None, "", "unknown", *SORTS):
        filterset = ProjectFilter({"tri": sort} if sort is not None else {}, queryset=Project.objects.published())
        for offset, limit in ((0, 12), (12, 12), (5, 96)):
            expected = rows(filterset.qs.for_card_rows()[offset : offset + limit])
            assert rows(unfiltered_list_rows(sort)[offset : offset + limit]) == expected, sort
    assert set(LIST_ROWS) == {None, *SORTS}


def test_card_rows_follow_the_opening_validity_as_the_orm_does(catalogue, settings):
    """The opening's rule compares with today less the validity: a constant of the compiled SQL,
    so that date is part of the shape (a new day, or another validity, compiles again)."""
    project = Project.objects.published().order_by("pk").first()
    ProjectOpening.objects.filter(project=project).delete()
    ProjectOpening.objects.create(
        project=project, status=OpeningStatus.SEEKING_MEMBERS, as_of=timezone.localdate() - datetime.timedelta(days=90)
    )
    states = {}
    for months in (6, 1, 6):
        settings.OPENING_VALIDITY_MONTHS = months
        expected = rows(ProjectFilter.order(Project.objects.published(), None).for_card_rows()[0:96])
        shown = rows(unfiltered_list_rows(None)[0:96])
        assert shown == expected, months
        states[months] = next(row[-1] for row in shown if row[0] == project.pk)
    assert states == {6: "seeking_members", 1: "to_confirm"}


def test_a_shape_compiled_on_one_thread_is_read_on_another(catalogue):
    """A threaded server answers each request on its own thread, with its own connection: the SQL
    compiled while answering one request is run on the connection of the thread that asks next."""
    import threading

    from django.db import connections

    structure = (("family",), "-logements")
    precompiled = Precompiled(partial(build, structure))
    values = ("social_housing",)
    read_elsewhere = []

    def on_another_thread():
        try:
            read_elsewhere.append(rows(precompiled.page(structure, values, 0, 10)))
        finally:
            connections.close_all()

    worker = threading.Thread(target=on_another_thread)
    worker.start()
    worker.join()
    expected = rows(build(structure, *values)[:10])
    assert expected and read_elsewhere == [expected]
    assert rows(precompiled.page(structure, values, 0, 10)) == expected  # compiled there, run here


def test_the_project_page_reads_its_project_with_sql_compiled_once(client, catalogue):
    """The public project page's lookup by slug (compiled once per day): the ORM's project, every
    slug; a project that is not published is not found."""
    from public.views.projects import PUBLISHED_BY_SLUG

    *published, withdrawn = Project.objects.published().order_by("pk")[:5]
    for project in published:
        assert client.get(project.get_absolute_url()).context["project"] == project
    assert len([compiled for compiled in PUBLISHED_BY_SLUG._compiled.values() if compiled is not None]) == 1
    Project.objects.filter(pk=withdrawn.pk).update(status="draft")
    assert client.get(withdrawn.get_absolute_url()).status_code == 404
    assert client.get("/projets/aucun-projet-de-ce-nom/").status_code == 404
