"""Every facet count of a filtered selection in ONE statement that reads each table once.

For each facet, the count of each option is taken under every *other* active filter. Rather
than one aggregate per facet, each repeating the filtered selection and its joins, the
statement selects the candidate projects once (``base``: published, the text search and the
year and size bounds), with one flag per active facet filter; a project failing two facet
filters counts nowhere, so only those failing at most one are kept (``sel``, materialised on
PostgreSQL). Each facet then counts the kept projects that pass every filter but its own,
joining its child table (tenure lines, actors, intervention modes) once, grouped by key, and
its labels on the few keys found:

    WITH base AS (SELECT id, department_id, …, <flag per active facet filter> FROM project …),
         sel AS (SELECT *, <number of failed flags> AS misses FROM base …)
    SELECT 'region', … FROM (per département) … UNION ALL SELECT 'statut', … FROM sel JOIN lines …

The same statement runs on SQLite (without ``MATERIALIZED``). The flags reuse the FilterSet's
own filters (``pk IN (that filter's projects)``), so what a filter means is said once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from ..models import opening_state

if TYPE_CHECKING:
    from .filterset import ProjectFilter

TOTAL, MAP = "_total", "_map"  # the summary's rows of the total and of the counts per département


def base_queryset(filterset: ProjectFilter, active: list[str]) -> QuerySet[Any]:
    """The candidate projects (every non-facet filter applied), with one 0/1 flag per active facet
    filter: ``f0``… in the order of ``active``."""
    queryset = filterset.filter_queryset(filterset.queryset, exclude=filterset.FACETS).order_by()
    data = filterset.cleaned_data
    flags = {}
    for index, name in enumerate(active):
        passing = filterset.filters[name].filter(filterset.queryset, data[name]).order_by().values("pk")
        flags[f"f{index}"] = Case(When(Q(pk__in=passing), then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(department_id=F("commune__department_id"), opening=opening_state(), **flags).values(
        "id", "department_id", "participatory_family", "phase", "opening", *flags
    )


# Each facet counts the projects of ``sel`` meeting its condition ({region}, {statut}…): every
# facet filter passed but its own. Each table is read once (actors for organisms and their
# families, tenure lines for statuses and categories); labels are joined on the keys found.
# Actors may name an organism twice in a project (two roles): pairs are made distinct. A project
# has one line per status (a unique constraint) and one row per mode: counted as they are.
STATEMENT = """
WITH base AS {materialized}({base}),
sel AS {materialized}(
    SELECT b.id, b.department_id, b.participatory_family, b.phase, b.opening, {misses} = 0 AS every{but}
    FROM base b WHERE {misses} <= 1
),
per_department AS (
    SELECT d.code, d.name, d.region_id, x.n_region, x.n_departement, x.n_map FROM (
        SELECT s.department_id, COUNT(CASE WHEN {region} THEN 1 END) AS n_region,
               COUNT(CASE WHEN {departement} THEN 1 END) AS n_departement,
               COUNT(CASE WHEN s.every THEN 1 END) AS n_map
        FROM sel s WHERE s.department_id IS NOT NULL GROUP BY s.department_id
    ) x JOIN geo_department d ON d.id = x.department_id
),
actor_pairs AS (
    SELECT DISTINCT a.project_id, a.organism_id, {organisme} AS in_organisme, {famille_hlm} AS in_famille_hlm
    FROM sel s JOIN projects_projectactor a ON a.project_id = s.id WHERE {organisme} OR {famille_hlm}
),
line_keys AS (
    SELECT l.project_id, l.status_id, COALESCE(t.category, NULLIF(l.category, '')) AS category,
           {statut} AS in_statut, {categorie} AS in_categorie
    FROM sel s JOIN projects_tenureline l ON l.project_id = s.id LEFT JOIN projects_tenurestatus t ON t.id = l.status_id
    WHERE {statut} OR {categorie}
)
SELECT 'region', r.slug, r.name, 0, SUM(p.n_region) FROM per_department p JOIN geo_region r ON r.id = p.region_id
    GROUP BY r.slug, r.name HAVING SUM(p.n_region) > 0
UNION ALL SELECT 'departement', p.code, p.name, 0, p.n_departement FROM per_department p WHERE p.n_departement > 0
UNION ALL SELECT '{map}', p.code, '', 0, p.n_map FROM per_department p WHERE p.n_map > 0
UNION ALL SELECT 'organisme', o.slug, o.name, 0, x.n FROM (
        SELECT ap.organism_id, COUNT(*) AS n FROM actor_pairs ap WHERE ap.in_organisme GROUP BY ap.organism_id
    ) x JOIN organisms_organism o ON o.id = x.organism_id WHERE o.slug IS NOT NULL AND o.slug <> ''
UNION ALL SELECT 'famille_hlm', pairs.family, '', 0, COUNT(*) FROM (
        SELECT DISTINCT ap.project_id, o.family FROM actor_pairs ap JOIN organisms_organism o ON o.id = ap.organism_id
        WHERE ap.in_famille_hlm AND o.family IS NOT NULL AND o.family <> ''
    ) pairs GROUP BY pairs.family
UNION ALL SELECT 'statut', t.code, t.short_name, t.position, x.n FROM (
        SELECT lk.status_id, COUNT(*) AS n FROM line_keys lk WHERE lk.in_statut AND lk.status_id IS NOT NULL
        GROUP BY lk.status_id
    ) x JOIN projects_tenurestatus t ON t.id = x.status_id WHERE t.code IS NOT NULL AND t.code <> ''
UNION ALL SELECT 'categorie', pairs.category, '', 0, COUNT(*) FROM (
        SELECT DISTINCT lk.project_id, lk.category FROM line_keys lk
        WHERE lk.in_categorie AND lk.category IS NOT NULL AND lk.category <> ''
    ) pairs GROUP BY pairs.category
UNION ALL SELECT 'mode', m.code, m.name, m.position, x.n FROM (
        SELECT pm.interventionmode_id AS mode_id, COUNT(*) AS n
        FROM sel s JOIN projects_project_intervention_modes pm ON pm.project_id = s.id
        WHERE {mode} GROUP BY pm.interventionmode_id
    ) x JOIN projects_interventionmode m ON m.id = x.mode_id WHERE m.code IS NOT NULL AND m.code <> ''
UNION ALL SELECT 'famille', s.participatory_family, '', 0, COUNT(*) FROM sel s
    WHERE {famille} AND s.participatory_family IS NOT NULL AND s.participatory_family <> ''
    GROUP BY s.participatory_family
UNION ALL SELECT 'phase', s.phase, '', 0, COUNT(*) FROM sel s
    WHERE {phase} AND s.phase IS NOT NULL AND s.phase <> '' GROUP BY s.phase
UNION ALL SELECT 'ouverture', s.opening, '', 0, COUNT(*) FROM sel s
    WHERE {ouverture} AND s.opening IS NOT NULL AND s.opening <> '' GROUP BY s.opening
UNION ALL SELECT '{total}', '*', '', 0, COUNT(*) FROM sel s WHERE s.every
"""


def counts_sql(filterset: ProjectFilter) -> tuple[str, list[Any]]:
    """The statement and its parameters; rows are ``(facet, value, label, sort, n)``. Raises
    ``EmptyResultSet`` when no project can match (a search that finds nothing)."""
    active = [name for name in filterset.FACETS if name in filterset.active_filters]
    base_sql, base_params = base_queryset(filterset, active).query.sql_with_params()

    def passes(facet: str) -> str:
        """The condition of a project counted in ``facet``: every other facet filter passed."""
        return f"s.but_{active.index(facet)}" if facet in active else "s.every"

    misses = " + ".join(f"(1 - b.f{index})" for index in range(len(active))) or "0"

    sql = STATEMENT.format(  # only constants and Django's own compiled SQL; values are parameters
        base=base_sql,
        materialized="MATERIALIZED " if connection.vendor == "postgresql" else "",
        # Boolean columns: the planner reckons half the rows pass (not 0.5 %, as for ``misses = 0``).
        but="".join(f", {misses} = 1 - b.f{index} AS but_{index}" for index in range(len(active))),
        misses=misses,
        map=MAP,
        total=TOTAL,
        **{facet: passes(facet) for facet in filterset.FACETS},
    )
    return sql, list(base_params)


def summarise(filterset: ProjectFilter) -> dict[str, Any]:
    """``{"counts": {facet: {value: n}}, "labels": {facet: {value: (label, sort)}}, "total",
    "by_department"}`` for :meth:`ProjectFilter.summary`, in one query."""
    counts: dict[str, dict[Any, int]] = {facet: {} for facet in filterset.FACETS}
    labels: dict[str, dict[Any, tuple[Any, int]]] = {facet: {} for facet in filterset.FACETS}
    by_department: dict[str, int] | None = None
    total = 0
    try:
        sql, params = counts_sql(filterset)
    except EmptyResultSet:  # nothing to count, nothing to ask
        rows = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    for facet, value, label, sort, n in rows:
        if facet == TOTAL:
            total = int(n)
        elif facet == MAP:
            by_department = by_department or {}
            by_department[value] = int(n)
        else:
            counts[facet][value] = int(n)
            labels[facet][value] = (label, sort)
    # The map's counts are the département facet's when no département is ticked. As the
    # per-facet aggregates did, a selection with no project in any commune shows the facet's.
    return {
        "counts": counts,
        "labels": labels,
        "total": total,
        "by_department": counts["departement"] if by_department is None else by_department,
    }
