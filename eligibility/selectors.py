"""The published projects with homes in the tenures a household may apply for, nearest first."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum

from geo.models import Commune
from projects.models import Project, TenureLine
from projects.selectors import nearest_to_commune

MAX_PROJECTS = 20
# Catalogue status codes (fixtures/reference.json) of the tenures the helper knows.
STATUS_CODES = {"PLAI": "plai", "PLUS": "plus", "PLS": "pls", "PSLA": "psla", "BRS": "brs"}


def projects_offering(tenures: list[str], commune: Commune, limit: int = MAX_PROJECTS) -> list[dict[str, Any]]:
    """[{"project", "distance_km", "lines": [(tenure, homes)…], "homes"}…], nearest first."""
    codes = [STATUS_CODES[tenure] for tenure in tenures if tenure in STATUS_CODES]
    if not codes:
        return []
    offering = Project.objects.published().filter(
        pk__in=TenureLine.objects.filter(status__code__in=codes, homes__gt=0).values("project")
    )
    found = nearest_to_commune(commune, limit=limit, among=offering).get("projects", [])
    homes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        TenureLine.objects.filter(project__in=[project.pk for project in found], status__code__in=codes)
        .values("project", "status__short_name", "status__position")
        .annotate(homes=Sum("homes"))
        .order_by("project", "status__position")
    ):
        homes[row["project"]].append((row["status__short_name"], row["homes"]))
    return [
        {
            "project": project,
            "distance_km": project.distance_km,
            "lines": homes[project.pk],
            "homes": sum(count for _, count in homes[project.pk]),
        }
        for project in found
    ]
