"""Keyset ("seek") pagination for the project list: the link to the next page carries the sort
key of the last project shown (``apres=``), so page 5,000 costs what page 2 costs — an index
range scan instead of an OFFSET that reads and drops every earlier row.

Page numbers stay valid addresses (``?page=N`` alone still works, by OFFSET); a cursor that
cannot be read, or does not fit the sort, is ignored.
"""

import base64
import binascii
import json

from django.db.models import Q

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


def keys_for(sort, searching):
    if sort in KEYS and sort is not None:
        return KEYS[sort]
    return KEYS["search"] if searching else KEYS[None]


def encode(project, keys):
    values = [getattr(project, column) for column, *_rest in keys]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor, keys):
    """The values of a cursor, or None when it is not one for these keys."""
    if not cursor or len(cursor) > 1000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    for value, (_column, _descending, nullable, kind) in zip(values, keys):
        if value is None and nullable:
            continue
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            return None
        if kind is str and "\x00" in value:
            return None
    return values


def _after(column, descending, nullable, value):
    """Rows strictly after ``value`` in this column's order (nulls last)."""
    if value is None:
        return Q(pk__in=[])  # nothing comes after the nulls
    beyond = Q(**{f"{column}__{'lt' if descending else 'gt'}": value})
    return beyond | Q(**{f"{column}__isnull": True}) if nullable else beyond


def _equal(column, value):
    return Q(**{f"{column}__isnull": True}) if value is None else Q(**{column: value})


def after(keys, values):
    """Q selecting the rows after ``values`` in the order ``keys``: (a > x) or (a = x and b > y)…"""
    condition = Q(pk__in=[])
    tied = Q()
    for (column, descending, nullable, _kind), value in zip(keys, values):
        condition |= tied & _after(column, descending, nullable, value)
        tied &= _equal(column, value)
    first_column, first_descending, first_nullable, _kind = keys[0]
    if values[0] is not None and not first_nullable:
        # A bound on the leading column alone, which an index range scan can use.
        condition &= Q(**{f"{first_column}__{'lte' if first_descending else 'gte'}": values[0]})
    return condition
