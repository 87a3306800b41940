"""A project's related cards: published projects with one of its Hlm organisms, and in its
département, six of each, both rows read in ONE query (their cards' children in three more)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Value, Window
from django.db.models.functions import RowNumber

from .models import Project, ProjectActor

if TYPE_CHECKING:
    from .models.querysets import ProjectQuerySet

RELATED_CARDS = 6


def related_rows(project: Project, limit: int = RELATED_CARDS) -> tuple[list[Project], list[Project]]:
    """(same organism, same département): each the first ``limit`` by name, as cards."""
    organisms = [actor.organism_id for actor in project.actors.all() if actor.organism.kind == "hlm"]
    department = project.commune.department_id if project.commune is not None else None
    if not organisms and department is None:
        return [], []
    rows = list(related_candidates(project, organisms, department, limit))
    return (
        [row for row in rows if getattr(row, "same_organism") and getattr(row, "organism_rank") <= limit],  # noqa: B009
        [row for row in rows if getattr(row, "same_department") and getattr(row, "department_rank") <= limit],  # noqa: B009
    )


def related_candidates(project: Project, organisms: list[int], department: int | None, limit: int) -> ProjectQuerySet:
    """Both rows' projects, ranked within each row (a project may be in both); at most 2 × ``limit``."""
    same_organism = (
        Exists(ProjectActor.objects.filter(project=OuterRef("pk"), organism__in=organisms))
        if organisms
        else Value(False)
    )
    same_department = (
        ExpressionWrapper(Q(commune__department=department), output_field=BooleanField())
        if department is not None
        else Value(False)
    )
    by_name = [F("name").asc(), F("pk").asc()]
    return (
        Project.objects.published()
        .exclude(pk=project.pk)
        .annotate(same_organism=same_organism, same_department=same_department)
        .filter(Q(same_organism=True) | Q(same_department=True))
        .annotate(
            organism_rank=Window(RowNumber(), order_by=[F("same_organism").desc(), *by_name]),
            department_rank=Window(RowNumber(), order_by=[F("same_department").desc(), *by_name]),
        )
        .filter(Q(organism_rank__lte=limit) | Q(department_rank__lte=limit))
        .for_cards()
        .order_by("name", "pk")
    )
