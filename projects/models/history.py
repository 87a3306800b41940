"""The project's versions (django-simple-history), its intervention modes included, written without
re-reading the project.

simple_history writes the version of a many-to-many field from ``history_instance.instance``: a
project rebuilt from the version, which re-reads the fields the history leaves out (the search
texts: one query per save), only to reach the through model; and it loads each through row's
objects (a join on the whole project row) to copy their ids. Here: the saved project itself, and
the ids. Same rows, two queries fewer per save (the back-office import saves 1,000 projects).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db.models import ForeignKey, Model
from simple_history import utils
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_m2m_records, pre_create_historical_m2m_records

SEARCH_TEXTS = ["search_document", "search_names"]  # derived from the other fields: left out of the versions


def through_columns(through_model: type[Model]) -> list[str]:
    """The columns of a many-to-many table a version copies (its own id included)."""
    return [f.attname if isinstance(f, ForeignKey) else f.name for f in through_model._meta.fields]


class ProjectHistoricalRecords(HistoricalRecords):
    def create_historical_record_m2ms(self, history_instance: Any, instance: Any) -> None:
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            through_model = getattr(instance, field.name).through
            columns = through_columns(through_model)
            rows = through_model.objects.filter(**{utils.get_m2m_field_name(field): instance.pk})
            insert_rows = [
                m2m_history_model(history=history_instance, **dict(zip(columns, values, strict=True)))
                for values in rows.values_list(*columns)
            ]
            pre_create_historical_m2m_records.send(
                sender=m2m_history_model,
                rows=insert_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )
            created_rows = m2m_history_model.objects.bulk_create(insert_rows)
            post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )


# --- Versions written in bulk (the back-office import) ---------------------------------------


def _history_model(model: type[Model]) -> Any:
    # ``Model.history`` builds a manager class at each access (simple_history): read it once per batch.
    return model.history.model  # type: ignore[attr-defined]  # added by simple_history, which has no stubs


def version(history_model: Any, instance: Model, history_type: str, date: datetime) -> Any:
    """The version simple_history's signal would write for one save (``+``, ``~``) or delete (``-``)
    of ``instance``: the same fields, the same user (the instance's ``_history_user``, else the
    request's) and reason (the instance's ``_change_reason``, else none). Not saved."""
    return history_model(
        history_date=date,
        history_type=history_type,
        history_user=history_model.get_default_history_user(instance),
        history_change_reason=getattr(instance, "_change_reason", None),
        **{field.attname: getattr(instance, field.attname) for field in history_model.tracked_fields},
    )


def bulk_versions(model: type[Model], instances: Iterable[Model], history_type: str, date: datetime) -> list[Any]:
    """The versions of ``instances`` (see ``version``), written in one INSERT (a few on SQLite)."""
    history_model = _history_model(model)
    return list(history_model.objects.bulk_create([version(history_model, i, history_type, date) for i in instances]))


def bulk_project_versions(entries: Sequence[tuple[Model, str, datetime, Sequence[tuple[Any, ...]]]]) -> None:
    """Versions of projects, each with its intervention modes as they are at that version, in two
    INSERTs: entries (project, history type, date, rows of the modes' table in ``through_columns``
    order) — what ``ProjectHistoricalRecords`` writes one save at a time."""
    if not entries:
        return
    model = type(entries[0][0])
    history_model = _history_model(model)
    versions = history_model.objects.bulk_create(
        [version(history_model, project, history_type, date) for project, history_type, date, _rows in entries]
    )
    field = model._meta.get_field("intervention_modes")
    m2m_history_model = getattr(history_model, field.name).model
    columns = through_columns(field.remote_field.through)  # type: ignore[union-attr]  # a many-to-many field
    m2m_history_model.objects.bulk_create(
        [
            m2m_history_model(history=stored, **dict(zip(columns, values, strict=True)))
            for stored, (_project, _type, _date, rows) in zip(versions, entries, strict=True)
            for values in rows
        ]
    )
