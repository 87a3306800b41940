"""The figures of territory and organism pages, computed once per catalogue version.

Counts of neighbours' projects, the most active organisms of a region, tenure totals of an
organism… are aggregates over every published project of the territory or organism: at 100,000
projects they cost 0.3–0.8 s each, and they only change when the catalogue does. They are kept
per catalogue version (``caching.version.cached_per_version``), so an uncached page (an editor's,
or after a change) pays for the page of cards and the rendering only; the first visit after a
change computes them again.
"""

from typing import Any

from django.db.models import Count, Q, Sum

from caching.version import cached_per_version
from geo.models import Department, Region
from organisms.models import Organism
from projects.models import InterventionMode, Project, TenureLine

from .pagination import ORGANISMS_SHOWN


def _organisms_of(projects) -> dict[str, Any]:
    organisms = (
        Organism.objects.filter(roles__project__in=projects)
        .annotate(n=Count("roles__project", distinct=True))
        .order_by("-n", "name")
    )
    return {"organisms": list(organisms[:ORGANISMS_SHOWN]), "organism_count": organisms.count()}


def _totals(projects) -> dict[str, Any]:
    totals = projects.aggregate(project_count=Count("pk"), homes=Sum("total_homes"))
    return {"project_count": totals["project_count"], "homes": totals["homes"]}


def _with_project_counts(departments) -> list[Department]:
    """The départements, by code, each with ``project_count``: its published projects, counted in one
    pass over them (``COUNT … FILTER (WHERE project IN published)`` per département was planned as a
    nested loop: it did not end within two minutes at 300,000 projects)."""
    departments = list(departments.order_by("code"))
    counts = Project.objects.published().filter(commune__department__in=departments).count_by_department()
    for department in departments:
        department.project_count = counts.get(department.code, 0)
    return departments


def region_figures(region: Region) -> dict[str, Any]:
    def compute():
        projects = Project.objects.published().filter(commune__department__region=region)
        departments = _with_project_counts(region.departments.all())
        return {**_totals(projects), **_organisms_of(projects), "departments": departments}

    return cached_per_version(f"region-page:{region.pk}", compute)


def department_figures(department: Department) -> dict[str, Any]:
    def compute():
        projects = Project.objects.published().filter(commune__department=department)
        region_projects = Project.objects.published().filter(commune__department__region=department.region_id)
        neighbours = _with_project_counts(department.neighbours.all())
        return {**_totals(projects), **_organisms_of(region_projects), "neighbours": neighbours}

    return cached_per_version(f"department-page:{department.pk}", compute)


def organism_figures(organism: Organism) -> dict[str, Any]:
    def compute():
        projects = Project.objects.published().filter(pk__in=organism.roles.values("project"))
        tenure_totals = (
            TenureLine.objects.filter(project__in=projects)
            .values("status__short_name", "status__name", "category", "status__category", "status__position")
            .annotate(homes=Sum("homes"), projects=Count("project", distinct=True))
            .order_by("status__position", "category")
        )
        modes = InterventionMode.objects.annotate(
            n=Count("projects", filter=Q(projects__in=projects), distinct=True)
        ).filter(n__gt=0)
        roles = organism.roles.filter(project__in=projects).values("role").annotate(n=Count("project", distinct=True))
        return {
            **_totals(projects),
            "tenure_totals": list(tenure_totals),
            "modes": list(modes),
            "roles": list(roles),
        }

    return cached_per_version(f"organism-page:{organism.pk}", compute)
