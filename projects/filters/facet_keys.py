"""The facet filters on PostgreSQL: one test of the project's own ``facet_keys`` array (GIN-indexed,
kept by triggers: projects/migrations/0018_project_facet_keys.py) instead of a subquery per filter.

« Occitanie, OPH, PLUS » reads ``facet_keys && '{r13}' AND facet_keys && '{hOPH}' AND facet_keys &&
'{s3}'`` from one index, and combines with the text search's index; the page's rows are then the
few matching projects sorted, not the region's projects walked in name order and each probed in
the child tables. The keys mean what the filters' subqueries mean (``ProjectFilter``'s methods,
kept for SQLite): tests/projects/test_facet_keys.py compares both on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Expression, QuerySet

# Off only to compare with the subqueries (tests) or if a plan misbehaves; ``facet_keys`` is kept anyway.
ENABLED = True


def usable(queryset: QuerySet[Any]) -> bool:
    return ENABLED and connections[queryset.db].vendor == "postgresql"


class HasAnyFacetKey(Expression):
    """True when the project (the query's own table, whatever its alias in a subquery) has one of
    ``keys`` in its ``facet_keys``."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, keys: Iterable[str]) -> None:
        super().__init__()
        self.keys = tuple(sorted(set(keys)))

    @property
    def identity(self) -> tuple[Any, ...]:
        return (type(self), self.keys)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HasAnyFacetKey) and other.keys == self.keys

    def __hash__(self) -> int:
        return hash((type(self), self.keys))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{alias}.facet_keys && %s::text[]", (list(self.keys),)


def with_any_key(queryset: QuerySet[Any], prefix: str, values: Iterable[Any]) -> QuerySet[Any]:
    """The projects of ``queryset`` with one of ``values`` under ``prefix`` (``r``, ``d``, ``o``, ``h``,
    ``s``, ``c``, ``m``: the migration's keys); a model instance stands for its id."""
    return queryset.filter(HasAnyFacetKey(f"{prefix}{getattr(value, 'pk', value)}" for value in values))
