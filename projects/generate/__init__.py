"""Realistic fictitious projects in bulk, for load tests and benchmarks (``manage.py generate_projects``).

Everything comes from one seeded random generator, so the same seed on the same database gives
the same projects. Projects lie in real communes drawn in proportion to their population; their
landlords are existing organisms and generated ones of every Hlm family; their tenure mixes use
the reference tenure statuses (or a category alone, as sources sometimes do) and never exceed the
project's homes; phases follow the delivery year (1985–2030). Most are published, some are drafts.

Generated rows are recognisable by their slug, which starts with ``gen-`` (projects, organisms,
sources), and ``remove_generated()`` deletes them all. Rows are written with ``bulk_create`` in
batches, with the same derived fields a save through the admin computes: search texts
(``projects.search.refresh_search_text``, once for all the projects at the end: bulk_create sends
no signals), creation history, photo renditions (one small real image per variant, shared by the
generated photos).

The package: ``vocabulary`` (names, weights), ``reference`` (organisms, sources, photo files shared
by generated projects), ``build`` (one project in memory), here the bulk writes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time

from django.core.files.storage import default_storage
from django.db import router, transaction
from django.db.models import Model
from django.utils import timezone

from organisms.models import Organism

from ..models import (
    CommonSpace,
    CostFigure,
    Milestone,
    Photo,
    Project,
    ProjectActor,
    ProjectQuerySet,
    ProjectSource,
    ProjectTransition,
    Quote,
    Source,
    Surface,
    TenureLine,
)
from ..search import refresh_search_text
from .build import build_project
from .reference import Reference, ensure_organisms, ensure_photo_files
from .vocabulary import BATCH, PHOTO_DIR, PREFIX

__all__ = [
    "BATCH",
    "PHOTO_DIR",
    "PREFIX",
    "Reference",
    "build_project",
    "ensure_organisms",
    "ensure_photo_files",
    "generate_projects",
    "generated_projects",
    "remove_generated",
]

# --- In bulk ----------------------------------------------------------------------------


def generate_projects(
    count: int,
    seed: int = 0,
    batch_size: int = BATCH,
    with_photos: bool = True,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Create ``count`` generated projects; returns the number created."""
    rng = random.Random(seed)  # noqa: S311 — reproducible sample data, not a secret
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    reference = Reference.load()
    start = Project.objects.filter(slug__startswith=PREFIX).count()
    with transaction.atomic():
        ensure_organisms(reference, count)
        if with_photos:
            reference.photos = ensure_photo_files()
    through = Project.intervention_modes.through
    created, project_ids = 0, []
    while created < count:
        size = min(batch_size, count - created)
        batch = [build_project(rng, reference, start + created + index + 1, now) for index in range(size)]
        with transaction.atomic():
            projects = Project.objects.bulk_create([item.project for item in batch])
            Project.history.bulk_history_create(projects, default_change_reason="generate_projects", default_date=now)
            lines: list[TenureLine] = []
            actors: list[ProjectActor] = []
            children: dict[type[Model], list[Model]] = {}
            for item in batch:
                for row in (*item.lines, *item.actors, *item.children):
                    row.project = item.project
                lines += item.lines
                actors += item.actors
                for child in item.children:
                    children.setdefault(type(child), []).append(child)
            TenureLine.objects.bulk_create(lines)
            ProjectActor.objects.bulk_create(actors)
            through.objects.bulk_create(
                [through(project=item.project, interventionmode=mode) for item in batch for mode in item.modes]
            )
            for model, rows in children.items():
                model._default_manager.bulk_create(rows)
        project_ids += [project.pk for project in projects]
        created += size
        if progress:
            progress(created)
    refresh_search_text(project_ids)  # bulk_create sends no signals: one refresh for all
    return created


def generated_projects() -> ProjectQuerySet:
    return Project.objects.filter(slug__startswith=PREFIX)


def remove_generated() -> int:
    """Delete every generated project, organism and source (and their rows); returns the number of
    projects removed. Deletes in bulk, without loading rows (no per-row signals or history)."""
    db = router.db_for_write(Project)
    ids = generated_projects().values("pk")
    removed = generated_projects().count()
    with transaction.atomic(using=db):
        for model in (
            Photo,
            TenureLine,
            ProjectActor,
            Milestone,
            Surface,
            CostFigure,
            CommonSpace,
            Quote,
            ProjectSource,
            ProjectTransition,
            Project.intervention_modes.through,
        ):
            model.objects.filter(project__in=ids)._raw_delete(db)
            history = getattr(model, "history", None)
            if history is not None:
                history.model.objects.filter(project_id__in=ids)._raw_delete(db)
        historical = Project.history.model
        for related in historical._meta.related_objects:  # history of the many-to-many field
            related.related_model.objects.filter(**{f"{related.field.name}__id__in": ids})._raw_delete(db)
        historical.objects.filter(id__in=ids)._raw_delete(db)
        generated_projects()._raw_delete(db)
        # Through the ORM (cascades, protection of organisms a real project uses), then their history.
        Organism.objects.filter(slug__startswith=PREFIX).delete()
        Source.objects.filter(slug__startswith=PREFIX).delete()
        Organism.history.model.objects.filter(slug__startswith=PREFIX)._raw_delete(db)
        Source.history.model.objects.filter(slug__startswith=PREFIX)._raw_delete(db)
    if not Photo.objects.filter(image__startswith=PHOTO_DIR).exists():
        _delete_photo_files()
    return removed


def _delete_photo_files() -> None:
    try:
        _directories, files = default_storage.listdir(PHOTO_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        default_storage.delete(f"{PHOTO_DIR}/{name}")
