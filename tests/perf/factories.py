"""More published projects, cloned in bulk from the seed catalogue with their lines, actors,
modes, sources, milestones and a photo, spread over other communes: pages then show more
cards, facets, markers, rows… and their query counts must not change."""

from django.utils import timezone

from geo.models import Commune
from projects.models import Milestone, Photo, Project, ProjectActor, ProjectSource, TenureLine


def clone_seed_projects(count, prefix="clone"):
    seeds = list(
        Project.objects.published().order_by("pk").prefetch_related(
            "tenure_lines", "actors", "citations", "milestones", "intervention_modes"
        )
    )
    communes = list(Commune.objects.filter(population__gte=50_000).order_by("insee_code")[:40])
    now = timezone.now()
    clones = []
    for number in range(count):
        seed = seeds[number % len(seeds)]
        clone = Project(
            **{
                field.attname: getattr(seed, field.attname)
                for field in Project._meta.concrete_fields
                if field.attname not in ("id", "slug", "name", "commune_id", "published_at")
            },
            name=f"{seed.name} {prefix} {number:04d}",
            slug=f"{seed.slug}-{prefix}-{number:04d}",
            commune=communes[number % len(communes)],
            published_at=now,
        )
        clones.append(clone)
    clones = Project.objects.bulk_create(clones)
    if clones[0].pk is None:
        clones = list(Project.objects.filter(slug__in=[c.slug for c in clones]).order_by("slug"))
    by_slug = {c.slug: c for c in clones}
    lines, actors, citations, milestones, photos, modes = [], [], [], [], [], []
    Modes = Project.intervention_modes.through
    for number in range(count):
        seed = seeds[number % len(seeds)]
        clone = by_slug[f"{seed.slug}-{prefix}-{number:04d}"]
        lines += [TenureLine(project=clone, status_id=l.status_id, category=l.category, homes=l.homes) for l in seed.tenure_lines.all()]
        actors += [ProjectActor(project=clone, organism_id=a.organism_id, role=a.role) for a in seed.actors.all()]
        citations += [ProjectSource(project=clone, source_id=c.source_id, locator=c.locator) for c in seed.citations.all()]
        milestones += [
            Milestone(project=clone, kind=m.kind, date_text=m.date_text, year=m.year, month=m.month) for m in seed.milestones.all()
        ]
        modes += [Modes(project=clone, interventionmode=m) for m in seed.intervention_modes.all()]
        photos.append(
            Photo(
                project=clone, image=f"photos/{clone.pk}/a.jpg", alt_text="Façade", credit="Test", licence="CC-BY-4.0",
                position=0, width=2560, height=1707, card=f"photos/{clone.pk}/a-card.webp", card_width=640,
                card_height=427, large=f"photos/{clone.pk}/a-large.webp", large_width=1280, large_height=853,
                thumbnail=f"photos/{clone.pk}/a-thumb.webp", thumbnail_width=320, thumbnail_height=213,
            )
        )
    TenureLine.objects.bulk_create(lines)
    ProjectActor.objects.bulk_create(actors)
    ProjectSource.objects.bulk_create(citations)
    Milestone.objects.bulk_create(milestones)
    Modes.objects.bulk_create(modes)
    Photo.objects.bulk_create(photos)
    return clones
