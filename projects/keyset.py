"""Keyset ("seek") pagination for the project list: the link to the next page carries the sort
key of the last project shown (``apres=``), so page 5,000 costs what page 2 costs — an index
range scan instead of an OFFSET that reads and drops every earlier row.

Page numbers stay valid addresses (``?page=N`` alone still works, by OFFSET); a cursor that
cannot be read, does not fit the sort, or does not round-trip (``decode``) is ignored.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Value
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

from common.collation import collated
from common.validators import has_control_characters

if TYPE_CHECKING:
    from .models import Project

CURSOR_PARAMETER = "apres"

# Column, descending, nullable (nulls always last), Python type; the order of filters.SORTS.
_NAME, _PK = ("name", False, False, str), ("pk", False, False, int)
KEYS = {
    None: (_NAME, _PK),
    "nom": (_NAME, _PK),
    "-nom": (("name", True, False, str), _PK),
    "livraison": (("delivery_year", False, True, int), _NAME, _PK),
    "-livraison": (("delivery_year", True, True, int), _NAME, _PK),
    "logements": (("total_homes", False, True, int), _NAME, _PK),
    "-logements": (("total_homes", True, True, int), _NAME, _PK),
    "search": (("search_rank", True, False, float), _NAME, _PK),
}


def keys_for(sort: str | None, searching: bool) -> tuple:
    if sort in KEYS and sort is not None:
        return KEYS[sort]
    return KEYS["search"] if searching else KEYS[None]


def encode(project: Project, keys: tuple) -> str:
    return _encode_values([getattr(project, column) for column, *_rest in keys])


def _encode_values(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


# A cursor's numbers must fit the database's columns (64-bit integers, finite floats).
_INT_RANGE = (-(2**63), 2**63 - 1)


def _fits(value: object, kind: type, nullable: bool) -> bool:
    if value is None:
        return nullable
    if isinstance(value, bool):  # JSON true/false is never a column value here
        return False
    if kind is float and isinstance(value, int):
        return _INT_RANGE[0] <= value <= _INT_RANGE[1]
    if not isinstance(value, kind):
        return False
    if isinstance(value, int):
        return _INT_RANGE[0] <= value <= _INT_RANGE[1]
    if isinstance(value, float):
        return math.isfinite(value)
    if not isinstance(value, str):  # the kinds are int, float and str
        return False
    try:
        value.encode("utf-8")  # a lone surrogate ("\ud800") cannot be sent to the database
    except UnicodeEncodeError:
        return False
    return not has_control_characters(value)


def decode(cursor: str, keys: tuple) -> list | None:
    """The values of a cursor, or None when it is not one for these keys.

    Only a cursor that ``encode`` could have written is read: its values have the keys' types,
    fit the database (no lone surrogate, no control character, 64-bit integers, finite floats)
    and encode back to the very same text. Anything else is ignored (the first page is shown)
    and never reaches the database.
    """
    if not cursor or not isinstance(cursor, str) or len(cursor) > 1000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    for value, (_column, _descending, nullable, kind) in zip(values, keys, strict=True):
        if not _fits(value, kind, nullable):
            return None
    if _encode_values(values) != cursor:
        return None
    return values


# Names are ordered with the French collation (filters.SORTS): cursors compare with it too.
_COLLATED = {"name"}
_LOOKUPS = {"lt": LessThan, "gt": GreaterThan, "lte": LessThanOrEqual, "gte": GreaterThanOrEqual}


def _compare(column: str, lookup: str, value: object) -> Q:
    if column in _COLLATED:
        return Q(_LOOKUPS[lookup](collated(column), Value(value)))
    return Q(**{f"{column}__{lookup}": value})


def _after(column: str, descending: bool, nullable: bool, value: object) -> Q:
    """Rows strictly after ``value`` in this column's order (nulls last)."""
    if value is None:
        return Q(pk__in=[])  # nothing comes after the nulls
    beyond = _compare(column, "lt" if descending else "gt", value)
    return beyond | Q(**{f"{column}__isnull": True}) if nullable else beyond


def _equal(column: str, value: object) -> Q:
    return Q(**{f"{column}__isnull": True}) if value is None else Q(**{column: value})


def after(keys: tuple, values: list) -> Q:
    """Q selecting the rows after ``values`` in the order ``keys``: (a > x) or (a = x and b > y)…"""
    condition = Q(pk__in=[])
    tied = Q()
    for (column, descending, nullable, _kind), value in zip(keys, values, strict=True):
        condition |= tied & _after(column, descending, nullable, value)
        tied &= _equal(column, value)
    first_column, first_descending, first_nullable, _kind = keys[0]
    if values[0] is not None and not first_nullable:
        # A bound on the leading column alone, which an index range scan can use.
        condition &= _compare(first_column, "lte" if first_descending else "gte", values[0])
    return condition
