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

# The FilterSet's filters read from the keys, and each one's prefix (the migration's keys).
PREFIXES = {
    "region": "r",
    "departement": "d",
    "organisme": "o",
    "famille_hlm": "h",
    "statut": "s",
    "categorie": "c",
    "mode": "m",
}


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
    def identity(self) -> tuple[Any, ...]:  # (Expression's equality and hash read it)
        return (type(self), self.keys)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.quote_name_unless_alias(compiler.query.base_table)
        # One parameter per key: the SQL of a page is then compiled once per number of keys
        # (common/precompiled.py, public/pagination.py ``filtered_list_rows``).
        return f"{alias}.facet_keys && ARRAY[{', '.join(['%s'] * len(self.keys))}]::text[]", self.keys


def keys_of(name: str, value: Any) -> list[str]:
    """The keys filter ``name`` tests for its cleaned ``value`` (a model instance stands for its id)."""
    values = value if isinstance(value, (list, tuple, QuerySet)) else [value]
    return sorted({f"{PREFIXES[name]}{getattr(item, 'pk', item)}" for item in values})


def with_any_key(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
    """The projects of ``queryset`` that filter ``name`` lets through for ``value``."""
    return queryset.filter(HasAnyFacetKey(keys_of(name, value)))


def layout(filterset: Any, besides: Iterable[str] = ()) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]] | None:
    """When every active filter of ``filterset`` but those named ``besides`` (the search, read apart)
    reads the keys (no bounds…): the filters and their number of keys, and the keys in that order;
    otherwise None (and None when no filter is active at all)."""
    if not usable(filterset.queryset):
        return None
    data = filterset.cleaned_data
    active = [name for name in filterset.active_filters if name not in besides]
    if not filterset.active_filters or not set(active) <= PREFIXES.keys():
        return None
    shape, keys = [], []
    for name in sorted(active):
        own = keys_of(name, data[name])
        shape.append((name, len(own)))
        keys.extend(own)
    return tuple(shape), tuple(keys)


def apply_layout(queryset: QuerySet[Any], shape: tuple[tuple[str, int], ...], keys: tuple[str, ...]) -> QuerySet[Any]:
    """``queryset`` filtered as ``layout()`` described it (with the keys given, or their stand-ins)."""
    start = 0
    for _name, count in shape:
        queryset = queryset.filter(HasAnyFacetKey(keys[start : start + count]))
        start += count
    return queryset
