"""A project's related cards: published projects with one of its Hlm organisms, and in its
département, six of each, both rows read in ONE query (their cards' children in three more).

Each row is its own ``… ORDER BY name, pk LIMIT 6`` sub-select, which the database answers from
the organism's actors or from the name index; the outer query reads at most twice six cards by
primary key. (Ranking every candidate of both rows with a window over all published projects took
2–5 s at 100,000 projects.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.db.models.expressions import RawSQL

from .models import Project, ProjectActor

if TYPE_CHECKING:
    from .models.querysets import ProjectQuerySet

RELATED_CARDS = 6
ROWS = ("in_organism_row", "in_department_row")


def related_rows(project: Project, limit: int = RELATED_CARDS) -> tuple[list[Project], list[Project]]:
    """(same organism, same département): each the first ``limit`` by name, as cards."""
    organisms = [actor.organism_id for actor in project.actors.all() if actor.organism.kind == "hlm"]
    department = project.commune.department_id if project.commune is not None else None
    if not organisms and department is None:
        return [], []
    rows = list(related_candidates(project, organisms, department, limit))
    return (
        [row for row in rows if getattr(row, "in_organism_row")],  # noqa: B009
        [row for row in rows if getattr(row, "in_department_row")],  # noqa: B009
    )


def related_candidates(project: Project, organisms: list[int], department: int | None, limit: int) -> ProjectQuerySet:
    """Both rows' projects by name (a project may be in both), flagged with the row(s) they are in."""
    others = Project.objects.published().exclude(pk=project.pk).order_by("name", "pk").values("pk")
    rows: dict[str, QuerySet[Project, Any]] = {}
    if organisms:
        same_organism = ProjectActor.objects.filter(project=OuterRef("pk"), organism__in=organisms)
        rows["in_organism_row"] = others.filter(Exists(same_organism))[:limit]
    if department is not None:
        rows["in_department_row"] = others.filter(commune__department=department)[:limit]
    # Each row as a derived table: ``pk IN (row 1 UNION ALL row 2)`` is read by primary key, where
    # ``pk IN (row 1) OR pk IN (row 2)`` made PostgreSQL scan every project. The SQL is Django's own
    # compilation of the querysets above, their values stay parameters.
    quote = connection.ops.quote_name
    compiled = {name: queryset.query.sql_with_params() for name, queryset in rows.items()}
    derived = {name: f"SELECT * FROM ({sql}) AS {quote(name)}" for name, (sql, _params) in compiled.items()}  # noqa: S608
    column = f"{quote(Project._meta.db_table)}.{quote('id')}"
    flags = {
        name: RawSQL(f"{column} IN ({derived[name]})", compiled[name][1], output_field=BooleanField())  # noqa: S611
        if name in compiled
        else Value(False)
        for name in ROWS
    }
    params = tuple(param for _sql, row_params in compiled.values() for param in row_params)
    either = RawSQL(" UNION ALL ".join(derived.values()), params)  # noqa: S611
    return Project.objects.filter(pk__in=either).annotate(**flags).for_cards().order_by("name", "pk")
