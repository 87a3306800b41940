"""``<field>__any_of=Ids(ids)``: membership in a long list of integers, bound as ONE parameter.

``__in`` with a thousand values builds, prepares and binds a thousand parameters (psycopg splits
and quotes them client-side on every query); the exports and imports read related rows a thousand
projects at a time, so that cost was paid on every chunk. On PostgreSQL this lookup sends
``field = ANY(%s::bigint[])`` with the array as one text literal (``{1,2,3}``); elsewhere (SQLite)
it is the usual ``IN (…)``.

Pass the integers wrapped in ``Ids``: a plain list is also accepted, but Django walks a list
element by element while it builds the filter (resolving and type-checking each id, ≈ 5 µs per id
on a foreign key), and psycopg dumps a Python list element by element; ``Ids`` is one opaque
value, converted once however many queries use it.
"""

from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, IntegerField, Lookup
from django.db.models.sql.compiler import SQLCompiler


class Ids:
    """Integers for ``__any_of``, one opaque value (neither a list nor iterable: Django keeps it whole)."""

    __slots__ = ("literal", "values")

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = [int(value) for value in values]
        self.literal = "{" + ",".join(map(str, self.values)) + "}"  # a PostgreSQL array literal

    def __len__(self) -> int:
        return len(self.values)


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> Ids:
        return self.rhs if isinstance(self.rhs, Ids) else Ids(self.rhs)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs.values
        if not values:
            return "1 = 0", ()
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, self.rhs.literal)


def register() -> None:
    """Makes ``__any_of`` available on integer columns and foreign keys (AppConfig.ready)."""
    IntegerField.register_lookup(AnyOf)
    ForeignKey.register_lookup(AnyOf)
