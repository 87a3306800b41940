"""``bulk_update_rows(objs, fields)``: the rows of many objects updated in one statement per chunk.

Django's ``bulk_update`` writes ``SET f = CASE WHEN id = 1 THEN … WHEN id = 2 THEN … END``: for
1,000 rows that is 1,000 branches evaluated for every row (a quadratic UPDATE: 1.1 s of SQL for
1,000 projects, two fields) and 1,000 expressions resolved in Python per field. On PostgreSQL this
joins a ``VALUES`` list instead (``UPDATE … FROM (VALUES …) WHERE id = v.id``: one pass); elsewhere
(SQLite) it is Django's ``bulk_update``. Like ``bulk_update``, it sends no signals and does not
touch ``auto_now`` fields: set them on the objects first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import connections
from django.db.models import Field, Model

MAX_PARAMETERS = 60_000  # PostgreSQL binds at most 65,535 parameters per statement


def bulk_update_rows(objs: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` (names) of ``objs`` (saved instances of one model); return the rows updated."""
    if not objs or not fields:
        return 0
    model = type(objs[0])
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        return manager.bulk_update(objs, fields)
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # noqa: S101 — every concrete model has one
    columns: list[Field[Any, Any]] = [pk, *(cast("Field[Any, Any]", meta.get_field(name)) for name in fields)]

    def quote(field: Field[Any, Any]) -> str:
        return str(connection.ops.quote_name(str(field.column)))

    casts = ", ".join(f"%s::{field.db_type(connection)}" for field in columns)
    names = ", ".join(quote(field) for field in columns)
    assignments = ", ".join(f"{quote(field)} = v.{quote(field)}" for field in columns[1:])
    table = connection.ops.quote_name(meta.db_table)
    chunk = max(1, min(1000, MAX_PARAMETERS // len(columns)))
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), chunk):
            part = objs[start : start + chunk]
            values = ", ".join(f"({casts})" for _obj in part)
            params: list[Any] = [
                field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in part for field in columns
            ]
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) AS v ({names}) "  # noqa: S608 — quoted names, values as parameters
                f"WHERE t.{quote(pk)} = v.{quote(pk)}",
                params,
            )
            updated += cursor.rowcount
    return updated


def settle_after_bulk_write(models: Sequence[type[Model]]) -> bool:
    """``VACUUM ANALYZE`` the tables of ``models`` after a bulk write, on PostgreSQL outside a
    transaction; returns whether it ran.

    A bulk insert leaves the visibility map empty and the statistics stale until autovacuum passes:
    meanwhile the planner prices index-only scans as heap scans and picks sequential scans (a
    misspelt search's ``LIMIT 1`` probe: 520 ms instead of 0.04 ms at 100,000 projects).
    """
    connection = connections[models[0]._default_manager.db] if models else connections["default"]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    return True
