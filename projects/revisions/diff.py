"""What a pending revision would change, in words: the moderator's before → after.

Fields are compared value by value (choice labels, names of related rows, « oui / non »);
lines (``registry.CHILDREN``) are compared as what they say: an identical line on both sides
is unchanged; a line whose first fields (its name: a tenure status, an organism and role, a
milestone kind…) match one on the other side is « modifiée » with its changed fields; the rest
are « ajoutée » or « supprimée ». Photos carry their image so the moderator sees it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Photo, Project
from .registry import CHILDREN, Child, carried_fields, carried_many_to_many

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    kind: str  # "added", "removed", "changed"
    label: str
    changes: list[FieldChange] = field(default_factory=list)
    photo: Photo | None = None


@dataclass
class ChildDiff:
    heading: StrOrPromise
    rows: list[RowChange]
    unchanged: int


@dataclass
class RevisionDiff:
    fields: list[FieldChange]
    children: list[ChildDiff]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not any(child.rows for child in self.children)


def in_words(instance: Model, name: str) -> str:
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if isinstance(model_field, Field) and model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value is True:
        return str(_("oui"))
    if value is False:
        return str(_("non"))
    if value is None or value == "":
        return EMPTY
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name, not its bytes
        return str(value.name).rsplit("/", 1)[-1]
    return str(value)


def label_of(instance: Model, name: str) -> str:
    return str(capfirst(instance._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def field_changes(live: Project, twin: Project) -> list[FieldChange]:
    changes = [
        FieldChange(label_of(live, name), in_words(live, name), in_words(twin, name))
        for name in carried_fields()
        if getattr(live, name) != getattr(twin, name)
    ]
    for name in carried_many_to_many():
        before = sorted(str(row) for row in getattr(live, name).all())
        after = sorted(str(row) for row in getattr(twin, name).all())
        if before != after:
            changes.append(FieldChange(label_of(live, name), ", ".join(before) or EMPTY, ", ".join(after) or EMPTY))
    return changes


def _describe(child: Child, row: Model) -> dict[str, str]:
    return {name: in_words(row, name) for name in child.fields}


def _signature(child: Child, values: dict[str, str]) -> tuple[str, ...]:
    return tuple(values[name] for name in child.fields)


def _name(child: Child, values: dict[str, str]) -> str:
    named = [values[name] for name in child.fields[:2] if values[name] != EMPTY]
    return " · ".join(named) or EMPTY


def child_diff(child: Child, live: Project, twin: Project) -> ChildDiff:
    before = [(row, _describe(child, row)) for row in getattr(live, child.related_name).all().order_by("pk")]
    after = [(row, _describe(child, row)) for row in getattr(twin, child.related_name).all().order_by("pk")]
    common = Counter(_signature(child, values) for _row, values in before) & Counter(
        _signature(child, values) for _row, values in after
    )
    unchanged = sum(common.values())

    def remaining(rows: list[tuple[Model, dict[str, str]]]) -> list[tuple[Model, dict[str, str]]]:
        left = Counter(common)
        kept = []
        for row, values in rows:
            signature = _signature(child, values)
            if left[signature]:
                left[signature] -= 1
            else:
                kept.append((row, values))
        return kept

    removed, added = remaining(before), remaining(after)
    rows: list[RowChange] = []
    for row, values in added:
        match = next((old for old in removed if _name(child, old[1]) == _name(child, values)), None)
        photo = row if isinstance(row, Photo) else None
        if match is None:
            rows.append(RowChange("added", _name(child, values), _row_fields(row, child, {}, values), photo))
            continue
        removed.remove(match)
        rows.append(RowChange("changed", _name(child, values), _row_fields(row, child, match[1], values), photo))
    for row, values in removed:
        photo = row if isinstance(row, Photo) else None
        rows.append(RowChange("removed", _name(child, values), _row_fields(row, child, values, {}), photo))
    return ChildDiff(child.heading, rows, unchanged)


def _row_fields(row: Model, child: Child, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    return [
        FieldChange(label_of(row, name), old.get(name, EMPTY), new.get(name, EMPTY))
        for name in child.fields
        if old.get(name, EMPTY) != new.get(name, EMPTY)
    ]


def revision_diff(twin: Project) -> RevisionDiff:
    """Before (the published project, now) → after (the twin) for every field and every line."""
    live = twin.revision_of
    if live is None:
        raise ValueError(f"project {twin.pk} is not a revision")
    return RevisionDiff(field_changes(live, twin), [child_diff(child, live, twin) for child in CHILDREN])
