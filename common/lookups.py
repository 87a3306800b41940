"""``<field>__any_of=[ids]``: membership in a long list of integers, bound as ONE parameter.

``__in`` with a thousand values builds, prepares and binds a thousand parameters (psycopg splits
and quotes them client-side on every query); the exports and imports read related rows a thousand
projects at a time, so that cost was paid on every chunk. On PostgreSQL this lookup sends
``field = ANY(%s)`` with one integer array; elsewhere (SQLite) it is the usual ``IN (…)``.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, IntegerField, Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", ()
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, self.rhs)


def register() -> None:
    """Makes ``__any_of`` available on integer columns and foreign keys (AppConfig.ready)."""
    IntegerField.register_lookup(AnyOf)
    ForeignKey.register_lookup(AnyOf)
