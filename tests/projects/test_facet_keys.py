"""On PostgreSQL the facet filters read each project's ``facet_keys`` (projects/filters/facet_keys.py),
kept by triggers (projects/migrations/0018_project_facet_keys.py).

Two promises: whatever writes (the ORM, a bulk insert, a queryset update or delete, a reference row
changed), every project's keys are those its rows give; and the keys select exactly what the
filters' subqueries select (kept for SQLite), for the list, its counts and its search.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from caching.triggers import DEFER_SETTING
from geo.models import Commune, Department, Region
from organisms.models import HlmFamily, Organism, OrganismKind
from projects.filters import ProjectFilter, facet_keys
from projects.filters.counts import summarise
from projects.models import (
    ActorRole,
    InterventionMode,
    Project,
    ProjectActor,
    TenureCategory,
    TenureLine,
    TenureStatus,
)
from tests.factories import BEGLES, OrganismFactory, ProjectFactory, commune, tenure_status
from tests.projects.test_facet_counts import _queries, varied_catalogue  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="facet_keys is PostgreSQL's (GIN)"),
]


def expected_keys(project: Project) -> set[str]:
    """The keys a project's rows give, read through the ORM (the migration's meaning, said again)."""
    keys = set()
    if project.commune_id is not None:
        department = project.commune.department
        keys |= {f"r{department.region_id}", f"d{department.pk}"}
    for actor in project.actors.select_related("organism"):
        keys.add(f"o{actor.organism_id}")
        if actor.organism.kind == OrganismKind.HLM and actor.organism.family:
            keys.add(f"h{actor.organism.family}")
    for line in project.tenure_lines.select_related("status"):
        if line.status is not None:
            keys |= {f"s{line.status_id}", f"c{line.status.category}"}
        if line.category:
            keys.add(f"c{line.category}")
    keys |= {f"m{mode.pk}" for mode in project.intervention_modes.all()}
    return keys


def stored_keys() -> dict[int, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, facet_keys FROM projects_project")
        return {project_id: set(keys) for project_id, keys in cursor.fetchall()}


def assert_every_project_keeps_its_keys() -> None:
    stored = stored_keys()
    for project in Project.objects.all():
        assert stored[project.pk] == expected_keys(project), project.slug


def test_the_seed_catalogue_has_the_keys_of_its_rows(catalogue):
    assert_every_project_keeps_its_keys()
    assert all(stored_keys().values())  # (each seed project has at least a commune)


def test_every_kind_of_write_keeps_the_keys(catalogue):
    organism = OrganismFactory(kind=OrganismKind.HLM, family=HlmFamily.OPH)
    project = ProjectFactory(published=True, in_bordeaux=True, developer=organism, tenure=("psla", 4))
    other = ProjectFactory(published=True, tenure=("plus", 2))
    assert_every_project_keeps_its_keys()

    project.commune = commune(BEGLES)  # the project's own row
    project.save()
    line = TenureLine.objects.create(project=project, status=None, category=TenureCategory.SOCIAL_RENTAL, homes=1)
    line.status, line.category = tenure_status("plai"), ""  # a line's update
    line.save()
    TenureLine.objects.bulk_create(  # one statement for several projects
        [
            TenureLine(project=other, status=tenure_status("brs"), homes=1),
            TenureLine(project=project, category=TenureCategory.FREE_MARKET, homes=1),
        ]
    )
    actor = ProjectActor.objects.get(project=project)
    actor.project = other  # an update that moves a row between projects: both change
    actor.save()
    assert_every_project_keeps_its_keys()

    organism.family = HlmFamily.ESH  # reference rows
    organism.save()
    Organism.objects.filter(pk=organism.pk).update(kind=OrganismKind.LOCAL_AUTHORITY, family="")
    status = tenure_status("plai")
    status.category = TenureCategory.SOCIAL_OWNERSHIP
    status.save()
    begles = Commune.objects.get(insee_code=BEGLES)
    begles.department = Department.objects.get(code="24")
    begles.save()
    Department.objects.filter(code="24").update(region=Region.objects.get(slug="occitanie"))
    assert_every_project_keeps_its_keys()

    modes = list(InterventionMode.objects.all()[:2])  # the many-to-many table
    project.intervention_modes.add(*modes)
    assert_every_project_keeps_its_keys()
    project.intervention_modes.remove(modes[0])
    other.intervention_modes.set(modes)
    assert_every_project_keeps_its_keys()

    TenureLine.objects.filter(project=project).delete()  # deletes, one statement and cascades
    ProjectActor.objects.filter(project=other).delete()
    project.intervention_modes.clear()
    dordogne = Department.objects.get(code="24")  # (now in Occitanie)
    assert stored_keys()[project.pk] == {f"r{dordogne.region_id}", f"d{dordogne.pk}"}
    Organism.objects.filter(pk=organism.pk).delete()
    other.delete()
    assert_every_project_keeps_its_keys()


def test_a_category_only_line_and_an_actor_twice_give_each_key_once(catalogue):
    organism = OrganismFactory(kind=OrganismKind.HLM, family=HlmFamily.COOP)
    project = ProjectFactory(published=True, in_bordeaux=True, developer=organism, tenure=("psla", 2))
    ProjectActor.objects.create(project=project, organism=organism, role=ActorRole.MANAGER)
    TenureLine.objects.create(project=project, status=None, category=TenureCategory.COOPERATIVE, homes=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT facet_keys FROM projects_project WHERE id = %s", [project.pk])
        (keys,) = cursor.fetchone()
    assert sorted(keys) == keys and len(set(keys)) == len(keys)
    assert {f"o{organism.pk}", "hCOOP", "ccooperative", f"s{tenure_status('psla').pk}"} <= set(keys)


KEYED = {"region", "departement", "organisme", "famille_hlm", "statut", "categorie", "mode"}


@pytest.fixture
def subqueries():
    """The filters as SQLite runs them, for the time of a block."""

    class Switch:
        def __enter__(self):
            facet_keys.ENABLED = False

        def __exit__(self, *exc):
            facet_keys.ENABLED = True

    return Switch()


def test_the_keys_select_what_the_subqueries_select(varied_catalogue, subqueries):  # noqa: F811
    for query in _queries(varied_catalogue):
        with_keys = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
        rows, counts = list(with_keys.qs.values_list("pk", flat=True)), summarise(with_keys)
        keyed = KEYED.intersection(with_keys.active_filters)
        if not with_keys.qs.query.is_empty() and rows:  # (a search that finds nothing has no SQL)
            assert ("facet_keys" in str(with_keys.qs.query)) == bool(keyed), query
        with subqueries:
            without = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
            if rows:
                assert "facet_keys" not in str(without.qs.query)
            assert list(without.qs.values_list("pk", flat=True)) == rows, query
            assert summarise(without) == counts, query


def test_a_facet_filter_inside_a_subquery_tests_the_subquery_s_own_projects(varied_catalogue):  # noqa: F811
    """The counts' flags put each filter in ``pk IN (…)``: its alias there is not ``projects_project``."""
    status = TenureStatus.objects.get(code="psla")
    passing = ProjectFilter(QueryDict("statut=psla"), queryset=Project.objects.published()).qs.values("pk")
    outer = Project.objects.filter(pk__in=passing)
    assert set(outer.values_list("pk", flat=True)) == set(
        Project.objects.published().filter(tenure_lines__status=status).values_list("pk", flat=True)
    )


def assert_compiled_page_is_the_orm_s(query: str) -> None:
    """The list's first page read from compiled SQL: the FilterSet's own rows, order, state and rank."""
    from public.pagination import filtered_list_rows

    filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
    expected = list(filterset.qs.for_card_rows()[:12])
    rows = filtered_list_rows(filterset)
    assert rows is not None, query
    page = rows[0:12]
    assert page, query  # (the comparison means something)

    def shown(projects):
        return [(p.pk, p.slug, p.opening_state, getattr(p, "search_rank", None)) for p in projects]

    assert shown(page) == shown(expected), query


@pytest.mark.parametrize("sort", ["", "-logements", "livraison"])
def test_a_page_of_facet_filters_is_the_filterset_s_page_from_sql_compiled_once(varied_catalogue, sort):  # noqa: F811
    from public.pagination import _KEYED_ROWS

    region = Project.objects.published().exclude(commune=None).values_list("commune__department__region__slug")[0][0]
    queries = [f"region={region}&statut=psla", "statut=plus&statut=plai&famille_hlm=OPH", "categorie=social_rental"]
    for query in queries:
        assert_compiled_page_is_the_orm_s(f"{query}&tri={sort}")
    compiled = [entry for precompiled in _KEYED_ROWS.values() for entry in precompiled._compiled.values()]
    assert compiled and all(entry is not None for entry in compiled)  # compiled once, bound each time


@pytest.mark.parametrize("sort", ["", "-logements"])
def test_a_page_searched_by_full_text_is_the_filterset_s_page_from_one_sql_for_every_text(varied_catalogue, sort):  # noqa: F811
    from public.pagination import _KEYED_ROWS

    _KEYED_ROWS.clear()
    ProjectFactory(name="Jardins partagés du Lac", commune=commune(BEGLES), published=True)
    ProjectFactory(
        name="Les Jardinières",
        summary="Un jardin et une coopérative.",
        commune=commune(BEGLES),
        published=True,
        tenure=("psla", 4),
    )
    queries = ["q=jardins", "q=jardin&statut=psla", "q=cooperative&statut=plus&statut=plai", "q=jardins partages"]
    for query in queries:
        assert_compiled_page_is_the_orm_s(f"{query}&tri={sort}")
    # One SQL per layout whatever the words: « jardins » and « jardins partages » alone, compiled once.
    searched_alone = _KEYED_ROWS[(sort or None, (), True)]._compiled
    assert len(searched_alone) == 1 and None not in searched_alone.values()
    assert all(None not in precompiled._compiled.values() for precompiled in _KEYED_ROWS.values())


def test_a_substring_search_or_a_bound_is_not_read_as_facet_keys(varied_catalogue):  # noqa: F811
    from public.pagination import filtered_list_rows

    ProjectFactory(name="Terra Arte", commune=commune(BEGLES), published=True)
    substring = ProjectFilter(QueryDict("statut=psla&q=erra"), queryset=Project.objects.published())
    assert substring.search_plan.mode == "substring"
    for query in ("statut=psla&q=erra", "statut=psla&annee_min=2010", "famille=social_housing", ""):
        assert filtered_list_rows(ProjectFilter(QueryDict(query), queryset=Project.objects.published())) is None


def test_a_truncated_child_table_leaves_no_key_of_its_rows(catalogue):
    assert any(key.startswith("m") for keys in stored_keys().values() for key in keys)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE projects_project_intervention_modes")
    assert not any(key.startswith("m") for keys in stored_keys().values() for key in keys)
    assert_every_project_keeps_its_keys()


def test_two_transactions_changing_one_project_at_once_keep_both_changes(catalogue):
    """The second waits for the first (the refresh locks the project, then computes with a snapshot
    taken after the lock): its keys hold both new modes, not only its own. Both defer the catalogue
    version's bump, as an import does: otherwise that row's lock alone would make them wait."""
    import threading
    import time

    import psycopg

    project = Project.objects.order_by("pk").first()
    first, second = InterventionMode.objects.exclude(projects=project).values_list("pk", flat=True)[:2]
    params = connection.get_connection_params()
    names = ("dbname", "user", "password", "host", "port")

    def connect(**options):
        return psycopg.connect(**{key: params[key] for key in names if key in params}, **options)

    insert = "INSERT INTO projects_project_intervention_modes (project_id, interventionmode_id) VALUES (%s, %s)"
    defer = f"SET LOCAL {DEFER_SETTING} = 'on'"
    one, two = connect(), connect()
    try:
        one.execute(defer)
        one.execute(insert, [project.pk, first])  # not committed yet: the project is locked

        def add_the_second():
            two.execute(defer)
            two.execute(insert, [project.pk, second])
            two.commit()

        waiting = threading.Thread(target=add_the_second)
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive()  # waits for the first transaction
        one.commit()
        waiting.join(10)
        with connect(autocommit=True) as reader:
            (keys,) = reader.execute("SELECT facet_keys FROM projects_project WHERE id = %s", [project.pk]).fetchone()
        assert {f"m{first}", f"m{second}"} <= set(keys)
    finally:
        one.rollback()
        with connect(autocommit=True) as cleaner:  # (committed rows: this test's own, removed)
            cleaner.execute(
                "DELETE FROM projects_project_intervention_modes"
                " WHERE project_id = %s AND interventionmode_id IN (%s, %s)",
                [project.pk, first, second],
            )
        one.close()
        two.close()
