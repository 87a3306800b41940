"""Keep the search texts right: every change to what they read schedules the projects concerned.

Connected once in ``ProjectsConfig.ready()``. A handler only schedules (``index.schedule_refresh``);
the refresh runs after the transaction commits, once for all the projects scheduled. Fixture
loading (``raw=True``) is skipped. ``bulk_create``/``bulk_update``/``QuerySet.update`` send no
signals: their callers call ``refresh_search_text`` themselves (``projects.seed``,
``projects.generate``) or send ``geo.signals.geography_changed`` (``load_geography``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from geo.models import Commune, Department, FormerRegion, Region
from geo.signals import geography_changed
from organisms.models import Organism

from ..models import InterventionMode, Project, ProjectActor, TenureLine, TenureStatus
from .index import schedule_refresh

# A save writing only these fields changes nothing the search texts read.
UNSEARCHED_FIELDS = frozenset(
    {"status", "published_at", "updated_at", "total_homes", "last_verified_on", "search_document", "search_names"}
)


def _projects(condition: Q, using: str) -> Iterable[int]:
    return Project.objects.using(using).filter(condition).values_list("pk", flat=True).distinct()


def project_saved(
    sender: type[Model],
    instance: Project,
    raw: bool = False,
    using: str = "default",
    update_fields: Iterable[str] | None = None,
    **kwargs: object,
) -> None:
    if raw or (update_fields is not None and set(update_fields) <= UNSEARCHED_FIELDS):
        return
    schedule_refresh([instance.pk], using)


def project_deleted(sender: type[Model], instance: Project, using: str = "default", **kwargs: object) -> None:
    """Its FTS5 row (SQLite) goes at the next refresh, which finds no project of that id."""
    schedule_refresh([instance.pk], using)


def project_row_changed(
    sender: type[Model],
    instance: TenureLine | ProjectActor,
    raw: bool = False,
    using: str = "default",
    **kwargs: object,
) -> None:
    if not raw:
        schedule_refresh([instance.project_id], using)


def modes_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    using: str = "default",
    **kwargs: object,
) -> None:
    if action == "pre_clear" and reverse:
        # A mode losing all its projects: which ones is known only before the rows go.
        schedule_refresh(_projects(Q(intervention_modes=instance), using), using)
    elif action in ("post_add", "post_remove", "post_clear"):
        schedule_refresh((pk_set or ()) if reverse else [instance.pk], using)


def _related_saved(condition: str) -> Callable[..., None]:
    def handler(
        sender: type[Model], instance: Model, raw: bool = False, using: str = "default", **kwargs: object
    ) -> None:
        if not raw and instance.pk is not None:
            schedule_refresh(_projects(Q(**{condition: instance.pk}), using), using)

    return handler


# Reference rows whose names the search texts read, and the path from a project to them.
RELATED = (
    (TenureStatus, "tenure_lines__status"),
    (InterventionMode, "intervention_modes"),
    (Organism, "actors__organism"),
    (Commune, "commune"),
    (Department, "commune__department"),
    (Region, "commune__department__region"),
    (FormerRegion, "former_region"),
)
_HANDLERS = {model: _related_saved(path) for model, path in RELATED}
# Deleting a mode removes its m2m rows without m2m_changed: look its projects up before.
_mode_deleted = _related_saved("intervention_modes")


def communes_changed(sender: object, commune_ids: Iterable[int] = (), using: str = "default", **kwargs: object) -> None:
    ids = list(commune_ids)
    for start in range(0, len(ids), 5000):
        schedule_refresh(_projects(Q(commune__in=ids[start : start + 5000]), using), using)


def connect() -> None:
    post_save.connect(project_saved, sender=Project, dispatch_uid="projects.search.project")
    post_delete.connect(project_deleted, sender=Project, dispatch_uid="projects.search.project_deleted")
    for model in (TenureLine, ProjectActor):
        post_save.connect(project_row_changed, sender=model, dispatch_uid=f"projects.search.{model.__name__}.save")
        post_delete.connect(project_row_changed, sender=model, dispatch_uid=f"projects.search.{model.__name__}.delete")
    m2m_changed.connect(modes_changed, sender=Project.intervention_modes.through, dispatch_uid="projects.search.modes")
    for related, handler in _HANDLERS.items():
        post_save.connect(handler, sender=related, dispatch_uid=f"projects.search.{related.__name__}.related")
    pre_delete.connect(_mode_deleted, sender=InterventionMode, dispatch_uid="projects.search.mode_deleted")
    geography_changed.connect(communes_changed, dispatch_uid="projects.search.geography")
