"""Minimal published projects in bulk, for size-dependent tests (memory, query counts).

Each project has a commune, one tenure line, one developer and one cited source, so that
every prefetch of the exports has rows to read. Not a data generator: names are numbered.
"""

from django.utils import timezone

from geo.models import Commune
from organisms.models import Organism
from projects.models import ActorRole, Project, ProjectActor, ProjectSource, Source, TenureLine, TenureStatus

BATCH = 2000


def make_minimal_projects(count, prefix="genere", status="published"):
    """Create ``count`` projects with bulk inserts; returns nothing (memory stays small)."""
    commune = Commune.objects.get(insee_code="33063")  # Bordeaux
    organism = Organism.objects.get(slug="le-col")
    source = Source.objects.order_by("pk").first()
    tenure = TenureStatus.objects.get(code="psla")
    now = timezone.now()
    start = Project.objects.filter(slug__startswith=f"{prefix}-").count()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        projects = Project.objects.bulk_create(
            Project(
                name=f"Projet {prefix} {number:06d}",
                slug=f"{prefix}-{number:06d}",
                status=status,
                published_at=now if status in ("published", "archived") else None,
                commune=commune,
                total_homes=10,
                delivery_year=2020,
                phase="delivered",
            )
            for number in numbers
        )
        if projects and projects[0].pk is None:  # a backend that does not return ids on bulk insert
            projects = list(Project.objects.filter(slug__in=[p.slug for p in projects]))
        TenureLine.objects.bulk_create(TenureLine(project=p, status=tenure, homes=6) for p in projects)
        ProjectActor.objects.bulk_create(
            ProjectActor(project=p, organism=organism, role=ActorRole.DEVELOPER) for p in projects
        )
        ProjectSource.objects.bulk_create(ProjectSource(project=p, source=source, locator="p. 1") for p in projects)
