"""A project's history: its own changes and those of its lines, in one timeline.

Each tracked model keeps its historical rows (django-simple-history); this module
reads them for one project, diffs each version against the previous version of the
same row, and describes values in words (choice labels, names of related rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Field, ForeignKey, ManyToManyField, Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import (
    CommonSpace,
    CostFigure,
    FieldCertainty,
    Milestone,
    Project,
    ProjectActor,
    ProjectSource,
    ProjectTransition,
    Quote,
    Surface,
    TenureLine,
)

if TYPE_CHECKING:
    from datetime import datetime

# Model → fields naming one of its rows in the timeline.
LABEL_FIELDS = {
    Project: ("name",),
    TenureLine: ("homes", "status", "category"),
    ProjectActor: ("organism", "role"),
    Milestone: ("kind", "date_text"),
    Surface: ("measure", "area_m2"),
    CostFigure: ("kind", "amount", "unit"),
    CommonSpace: ("name",),
    Quote: ("text",),
    ProjectSource: ("source", "locator"),
    FieldCertainty: ("field", "certainty"),
}
CHILDREN = [model for model in LABEL_FIELDS if model is not Project]
NOT_SHOWN = {"id", "project", "updated_at", "created_at"}
KIND = {"+": _("ajout"), "~": _("modification"), "-": _("suppression")}
# Change reasons are written as codes (projects.workflow) and read in the reader's language.
REASONS = {
    **{action.value: action.label for action in ProjectTransition.Action},
    "verified": _("Informations vérifiées"),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    date: datetime
    user: object
    model_name: str
    label: str
    kind: str
    history_type: str
    changes: list[Change]
    reason: str


class _Describer:
    """Turns stored values into words, fetching each related row once."""

    def __init__(self) -> None:
        self._related: dict[tuple[type[Model], object], str] = {}

    def value(self, model: type[Model], name: str, value: Any) -> str:
        field = model._meta.get_field(name)
        if isinstance(field, ManyToManyField):
            target = field.related_model
            column = target._meta.model_name
            return ", ".join(self._related_label(target, row[column]) for row in value) or "—"
        if value is None or value == "":
            return "—"
        if isinstance(field, ForeignKey):
            return self._related_label(field.related_model, value)
        if isinstance(field, Field) and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("oui") if value else _("non"))
        text = str(value)
        return text if len(text) <= 200 else text[:199] + "…"

    def _related_label(self, model: type[Model], pk: object) -> str:
        key = (model, pk)
        if key not in self._related:
            obj = model._default_manager.filter(pk=pk).first()
            self._related[key] = str(obj) if obj is not None else str(_("(supprimé)"))
        return self._related[key]

    def label(self, model: type[Model], record: Model) -> str:
        parts = [
            self.value(model, name, getattr(record, name if not _is_fk(model, name) else f"{name}_id"))
            for name in LABEL_FIELDS[model]
        ]
        return " · ".join(part for part in parts if part != "—")


def _is_fk(model: type[Model], name: str) -> bool:
    return isinstance(model._meta.get_field(name), ForeignKey)


def _field_name(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(capfirst(field.verbose_name if isinstance(field, Field) else field.name))


def _records(model: type[Model], project_id: int) -> QuerySet[Any]:
    lookup = {"id": project_id} if model is Project else {"project_id": project_id}
    history = model.history  # type: ignore[attr-defined]  # added by simple_history, which has no stubs
    return history.filter(**lookup).select_related("history_user").order_by("history_date", "history_id")


def project_timeline(project_id: int, limit: int = 500) -> tuple[list[Entry], bool]:
    """The newest ``limit`` changes to the project and its lines, newest first; and whether there were more."""
    describe = _Describer()
    entries: list[Entry] = []
    for model in (Project, *CHILDREN):
        previous: dict[int, Any] = {}
        for record in _records(model, project_id):
            before = previous.get(record.id)
            previous[record.id] = record
            changes = []
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before)
                changes = [
                    Change(
                        field=_field_name(model, change.field),
                        old=describe.value(model, change.field, change.old),
                        new=describe.value(model, change.field, change.new),
                    )
                    for change in delta.changes
                    if change.field not in NOT_SHOWN
                ]
                if not changes:
                    continue  # saved without a visible change (e.g. only its lines changed)
            entries.append(
                Entry(
                    date=record.history_date,
                    user=record.history_user,
                    model_name=str(capfirst(model._meta.verbose_name)),
                    label=describe.label(model, record),
                    kind=str(KIND.get(record.history_type, record.history_type)),
                    history_type=record.history_type,
                    changes=changes,
                    reason=str(REASONS.get(record.history_change_reason, record.history_change_reason or "")),
                )
            )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit], len(entries) > limit


def last_change(project: Project) -> datetime:
    """Date of the latest recorded change to the project or one of its lines (one query)."""
    dates = [_records(model, project.pk).order_by().values("history_date") for model in (Project, *CHILDREN)]
    latest = dates[0].union(*dates[1:], all=True).order_by("-history_date").first()
    candidates = [project.updated_at, latest["history_date"] if latest else None]
    return max(date for date in candidates if date is not None)
