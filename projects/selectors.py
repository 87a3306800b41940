"""Read-only questions about the published catalogue that several pages ask (home, territories, API).

Each starts from ``Project.objects.published()``, the one definition of what the public may see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict

from geo.distance import department_reference_commune, nearest, region_reference_commune, within_radius
from geo.models import Commune, Department, Region
from organisms.models import Organism

from .filters import ProjectFilter
from .models import Project, ProjectQuerySet, TenureCategory, TenureLine

LATEST_CASE_STUDIES = 6


def key_figures() -> dict[str, Any]:
    """Headline numbers of the published catalogue, in three queries whatever its size."""
    published = Project.objects.published()
    figures = published.aggregate(
        projects=Count("pk"),
        homes=Sum("total_homes"),
        departments=Count("commune__department", distinct=True),
        regions=Count("commune__department__region", distinct=True),
    )
    figures["homes"] = figures["homes"] or 0
    figures["social_landlords"] = (
        Organism.objects.social_landlords().filter(roles__project__in=published).distinct().count()
    )
    per_category: dict[str, Mapping[str, Any]] = {
        row["category_code"]: row
        for row in TenureLine.objects.filter(project__in=published)
        .annotate(category_code=Coalesce("status__category", "category"))
        .values("category_code")
        .annotate(projects=Count("project", distinct=True), homes=Sum("homes"))
        .order_by()
    }
    figures["categories"] = [
        {
            "code": category.value,
            "label": category.label,
            "projects": per_category.get(category.value, {}).get("projects", 0),
            "homes": per_category.get(category.value, {}).get("homes") or 0,
        }
        for category in TenureCategory
    ]
    return figures


def latest_case_studies(limit: int = LATEST_CASE_STUDIES) -> ProjectQuerySet:
    """The most recently published projects, as cards."""
    return Project.objects.published().order_by("-published_at", "name").for_cards()[:limit]


def nearest_to_commune(
    reference: Commune | None, limit: int = 5, among: ProjectQuerySet | None = None
) -> dict[str, Any]:
    """{"from": the commune, "projects": the ``limit`` nearest published projects as cards}
    (only those of ``among``, a narrower selection of projects, when given)."""
    if reference is None or reference.latitude is None or reference.longitude is None:
        return {}
    projects = Project.objects.published().for_cards()
    if among is not None:
        projects = projects.filter(pk__in=among.values("pk"))
    return {
        "from": reference,
        "projects": nearest(projects, reference.latitude, reference.longitude, limit=limit, prefix="commune__"),
    }


def nearest_to_department(department: Department, limit: int = 5) -> dict[str, Any]:
    """From the département's most populous commune (usually its préfecture)."""
    return nearest_to_commune(department_reference_commune(department), limit)


def nearest_to_region(region: Region, limit: int = 5) -> dict[str, Any]:
    """From the region's most populous commune (usually its capital)."""
    return nearest_to_commune(region_reference_commune(region), limit)


def saved_search(
    criteria: str, commune: Commune | None = None, radius_km: int | None = None
) -> tuple[ProjectQuerySet, ProjectFilter]:
    """The published projects a saved search selects (alerts, feeds): the list's filters
    (``criteria``, a query string of the one FilterSet; invalid values ignored) and, with a
    commune and a radius, only those « à moins de N km » of it. Also returns the FilterSet (for
    describing the search in words)."""
    filterset = ProjectFilter(QueryDict(criteria), queryset=Project.objects.published())
    queryset = filterset.qs
    if commune is not None and radius_km:
        if commune.latitude is None or commune.longitude is None:
            return queryset.none(), filterset
        queryset = within_radius(queryset, commune.latitude, commune.longitude, radius_km, prefix="commune__")
    return queryset, filterset
