"""A project's children, every kind of them, read in ONE query (the project page's cold path).

``prefetch_related`` costs one query per kind of child (13 on a project page, with the opening's
tenure statuses and the photos). Here each kind is one branch of a ``UNION ALL``; a branch gives
one row per child: its kind, its rank in the model's own order (``ROW_NUMBER()``, the order
``prefetch_related`` would give, the primary key breaking ties) and the child as a JSON object
(``json_build_object`` on PostgreSQL, ``json_object`` on SQLite), with the rows it points to (its
source, organism, tenure status) as nested objects. The rows are then rebuilt as model instances,
each value through its field (dates, decimals to their scale, booleans), and put where
``prefetch_related`` would have put them: ``project.tenure_lines.all()`` and the others answer
without a query, exactly as after ``case_study_prefetches()``.

The same query carries the project's last recorded change (``history.last_change``'s union of
history dates, as one aggregate branch per tracked model).
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import F, Max, Value, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from common.precompiled import Precompiled

from .history import CHILDREN as TRACKED_CHILDREN
from .models import (
    CommonSpace,
    CostFigure,
    FieldCertainty,
    Milestone,
    Photo,
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    ProjectVisit,
    Quote,
    Surface,
    TenureLine,
)

LAST_CHANGE = "last_change"


@dataclass(frozen=True)
class Kind:
    """One kind of child: where ``prefetch_related`` keeps it and which rows it points to."""

    name: str  # the reverse accessor (``project.<name>.all()``) or the ``to_attr`` list
    model: type[models.Model]
    joined: tuple[str, ...] = ()  # foreign keys read with the row (``select_related``)
    to_attr: str = ""
    ordering: tuple[Any, ...] = field(default=())


KINDS = (
    Kind("openings", ProjectOpening, to_attr="opening_rows"),
    Kind("visits", ProjectVisit, to_attr="visit_rows"),
    Kind("tenure_lines", TenureLine, ("status", "source")),
    Kind("actors", ProjectActor, ("organism", "source")),
    Kind("milestones", Milestone, ("source",)),
    Kind("surfaces", Surface, ("source",)),
    Kind("cost_figures", CostFigure, ("source",)),
    Kind("common_spaces", CommonSpace, ("source",)),
    Kind("quotes", Quote, ("source",)),
    Kind("citations", ProjectSource, ("source",)),
    Kind("field_certainties", FieldCertainty, ("source",)),
    Kind("photos", Photo),
)
# Many-to-many: the through table's rows, the target as a nested object.
INTERVENTION_MODES = "intervention_modes"
OPENING_TENURES = "opening_tenures"


def load_children(project: Project) -> datetime.datetime:
    """Read every child of ``project`` in one query and attach them as ``prefetch_related`` would
    (``case_study_prefetches()`` plus the photos); return the date of its last change, as
    ``history.last_change`` gives it (the project's ``updated_at`` or a later recorded change)."""
    db = project._state.db or "default"
    rows = _union(project.pk, db)
    grouped: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for name, rank, data in rows:
        grouped[name].append((rank, data))
    for rows_of_kind in grouped.values():
        rows_of_kind.sort(key=lambda row: row[0])
    opening_tenures: dict[int, list[models.Model]] = defaultdict(list)
    tenure_model: Any = ProjectOpening._meta.get_field("tenures").related_model
    for _rank, data in grouped[OPENING_TENURES]:
        opening_tenures[data["opening"]].append(_instance(tenure_model, data["target"], db))
    for kind in KINDS:
        children = [_child(kind, data, db) for _rank, data in grouped[kind.name]]
        if kind.model is ProjectOpening:
            for opening in children:
                _prefetched(opening, "tenures", opening_tenures[opening.pk])
        for child in children:
            project_field: Any = kind.model._meta.get_field("project")
            project_field.set_cached_value(child, project)
        if kind.to_attr:
            setattr(project, kind.to_attr, children)
        else:
            _prefetched(project, kind.name, children)
    mode_model: Any = Project._meta.get_field(INTERVENTION_MODES).related_model
    modes = [_instance(mode_model, data["target"], db) for _rank, data in grouped[INTERVENTION_MODES]]
    _prefetched(project, INTERVENTION_MODES, modes)
    dates = [_value(_HISTORY_DATE, data["at"]) for _rank, data in grouped[LAST_CHANGE]]
    return max(date for date in (project.updated_at, *dates) if date is not None)


def _prefetched(instance: models.Model, name: str, rows: list) -> None:
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache[name] = queryset


# --- the query --------------------------------------------------------------------------------


# The union's SQL is compiled once per database (compiling ~30 JSON objects costs more than running
# the query); the project's id is its one parameter (common.precompiled).
UNION = Precompiled(lambda project_id: _union_queryset(project_id))


def _union(project_id: int, db: str) -> list[tuple[str, int, dict]]:
    rows = UNION.rows("children", [project_id], using=db)
    return [(kind, rank, json.loads(data) if isinstance(data, str) else data) for kind, rank, data in rows]


def _union_queryset(project_id: int) -> models.QuerySet:
    branches = [_kind_branch(kind, project_id) for kind in KINDS]
    branches.append(_m2m_branch(Project, INTERVENTION_MODES, {"project_id": project_id}, INTERVENTION_MODES))
    branches.append(_m2m_branch(ProjectOpening, "tenures", {"projectopening__project_id": project_id}, OPENING_TENURES))
    branches += [_history_branch(model, project_id) for model in (Project, *TRACKED_CHILDREN)]
    first, *others = branches
    return first.union(*others, all=True)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def _object(model: type[models.Model], prefix: str = "") -> JSONObject:
    return JSONObject(**{f.attname: F(prefix + f.attname) for f in _fields(model)})


def _ordering(model: type[models.Model], prefix: str = "") -> list[Any]:
    """The model's default order (as ``prefetch_related`` reads it), the primary key last."""
    order: list[Any] = []
    item: Any
    for item in model._meta.ordering or ():
        if isinstance(item, str):
            descending = item.startswith("-")
            name = prefix + item.lstrip("-")
            order.append(F(name).desc() if descending else F(name).asc())
        else:
            expression = item.copy()
            inner: Any = expression.expression
            if prefix and isinstance(inner, F):
                expression.expression = F(prefix + str(getattr(inner, "name")))  # noqa: B009
            order.append(expression)
    order.append(F(prefix + "pk").asc())
    return order


def _branch(queryset: models.QuerySet, kind: str, order: list[Any], data: JSONObject) -> models.QuerySet:
    return (
        queryset.order_by()
        .annotate(k=Value(kind), r=Window(RowNumber(), order_by=order), d=data)
        .values_list("k", "r", "d")
    )


def _kind_branch(kind: Kind, project_id: int) -> models.QuerySet:
    objects: dict[str, Any] = {f.attname: F(f.attname) for f in _fields(kind.model)}
    for name in kind.joined:
        related = kind.model._meta.get_field(name).related_model
        objects[name] = _object(related, f"{name}__")  # type: ignore[arg-type]
    queryset = kind.model._default_manager.filter(project_id=project_id)
    return _branch(queryset, kind.name, _ordering(kind.model), JSONObject(**objects))


def _m2m_branch(model: type[models.Model], name: str, lookup: dict, kind: str) -> models.QuerySet:
    through = getattr(model, name).through
    m2m: Any = model._meta.get_field(name)
    source = m2m.m2m_field_name()
    target = m2m.m2m_reverse_field_name()
    related = m2m.related_model
    data = JSONObject(opening=F(f"{source}_id"), target=_object(related, f"{target}__"))
    return _branch(through.objects.filter(**lookup), kind, _ordering(related, f"{target}__"), data)


def _history_branch(model: type[models.Model], project_id: int) -> models.QuerySet:
    lookup = {"id": project_id} if model is Project else {"project_id": project_id}
    records = model.history.filter(**lookup).order_by()  # type: ignore[attr-defined]
    return (
        records.annotate(k=Value(LAST_CHANGE))
        .values("k")
        .annotate(r=Value(0), d=JSONObject(at=Max("history_date")))
        .values_list("k", "r", "d")
    )


# --- rebuilding the rows ----------------------------------------------------------------------

_HISTORY_DATE = models.DateTimeField()


def _child(kind: Kind, data: dict, db: str) -> models.Model:
    instance = _instance(kind.model, data, db)
    for name in kind.joined:
        related_field = kind.model._meta.get_field(name)
        nested = data.get(name)
        target = related_field.related_model
        related = (
            _instance(target, nested, db)  # type: ignore[arg-type]
            if nested and nested.get(target._meta.pk.attname) is not None  # type: ignore[union-attr]
            else None
        )
        related_field.set_cached_value(instance, related)  # type: ignore[union-attr]
    return instance


def _instance(model: type[models.Model], data: dict, db: str) -> models.Model:
    fields = _fields(model)
    names = [f.attname for f in fields]
    return model.from_db(db, names, [_value(f, data.get(f.attname)) for f in fields])


def _value(model_field: models.Field, value: Any) -> Any:
    """A value out of JSON as the database driver and Django's converters would have given it."""
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value).replace(" ", "T"))
        if moment is not None and timezone.is_naive(moment):  # SQLite keeps UTC without an offset
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment
    if isinstance(model_field, models.DateField):
        return value if isinstance(value, datetime.date) else parse_date(str(value))
    if isinstance(model_field, models.DecimalField):
        places = decimal.Decimal(1).scaleb(-(model_field.decimal_places or 0))
        return decimal.Decimal(str(value)).quantize(places)
    if isinstance(model_field, models.BooleanField):
        return bool(value)
    if isinstance(model_field, models.FloatField):
        return float(value)
    return value
