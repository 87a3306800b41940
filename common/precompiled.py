"""A QuerySet's SQL compiled once per shape, its parameters bound on each call.

Compiling a query costs more than running it on the pages that list cards (~1.5 ms for the card
rows: forty columns, two joins, a collation, the opening's rule) or the project page's children (a
union of ~30 JSON objects). ``Precompiled(build)`` compiles ``build(*placeholders)`` once per
database and *shape*, a key the caller gives, then runs that SQL with each call's values put where
the placeholders were.

The shape must say everything that changes the SQL other than the values: which filters are
present, how many values each has, the order, anything ``build`` reads besides its arguments (the
day, when the query compares dates with today). Values are plain parameters (numbers, texts). The
query is compiled twice, with two sets of stand-ins (``placeholder``); it is kept only when both
give the same SQL and every parameter is either a constant or exactly one value's stand-in (a value
turned into a pattern, or one that changes the SQL, is not a parameter of its own: such a query
is compiled on every call, as usual). A call whose values repeat one another or hold ``None`` (an
``IN`` list drops a repeated value, ``None`` compiles to ``IS NULL``) is compiled as usual too.

Model rows come through Django's own iterable (``select_related``, deferred fields, annotations,
from_db), so they are what the QuerySet gives, only without compiling it again.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

# Stand-ins while compiling: two sets (``placeholder``), so that a parameter is known to be value i
# when it is value i's stand-in in both compilations (a constant equal to one by chance is not).
# Integers stay small (a small-integer column compares them without overflow).
_INTS = (30_011, 30_517)
_TEXT = "\x1eprecompiled:{}:{}\x1e"
# The page's bounds: compiled as these numbers, then given as parameters.
_LIMIT, _OFFSET = 987_654_301, 876_543_201


def _bindable(values: Sequence[Any]) -> bool:
    """Values bound as compiled: numbers and texts, all different (an ``IN`` list drops a repeated
    value, ``None`` compiles to ``IS NULL``: such calls are compiled as usual)."""
    plain = all(isinstance(value, (int, str)) and not isinstance(value, bool) for value in values)
    return plain and len(set(values)) == len(values)


def placeholder(index: int, kind: type = int, variant: int = 0) -> Any:
    """The stand-in of value ``index`` of a call while the SQL is compiled (``int`` or ``str``)."""
    return _INTS[variant] + 7 * index if kind is int else _TEXT.format(variant, index)


@dataclass
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position in params, index of the value)
    compiler: SQLCompiler | None  # after as_sql(): what Django's model iterable reads
    queryset: QuerySet


class Precompiled:
    """``build(*values) -> QuerySet`` compiled once per (database, shape); at most ``size`` shapes kept."""

    def __init__(self, build: Callable[..., QuerySet], size: int = 256):
        self.build = build
        self.size = size
        self._compiled: OrderedDict[tuple, _Compiled | None] = OrderedDict()
        self._lock = threading.Lock()

    # --- calls ------------------------------------------------------------------------------------

    def rows(self, shape: Hashable, values: Sequence[Any], using: str = "default") -> list[tuple]:
        """The rows (tuples) of ``build(*values)``, as a cursor gives them (a values_list union…)."""
        compiled = self._get(shape, values, using, paged=False) if _bindable(values) else None
        if compiled is None:
            sql, params = self.build(*values).query.get_compiler(using=using).as_sql()
        else:
            sql, params = compiled.sql, tuple(self._bind(compiled, values))
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def page(self, shape: Hashable, values: Sequence[Any], offset: int, limit: int, using: str = "default") -> list:
        """``list(build(*values)[offset:offset + limit])``: model instances, compiled once per shape."""
        compiled = self._get(shape, values, using, paged=True) if _bindable(values) else None
        if compiled is None or compiled.compiler is None:
            return list(self.build(*values).using(using)[offset : offset + limit])
        params = (*self._bind(compiled, values), limit, offset)
        compiler = copy.copy(compiled.compiler)
        # A connection belongs to the thread that opened it: the compiler kept from the first call
        # runs on this thread's one (a threaded server answers each request on its own thread).
        compiler.connection = connections[using]
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)  # type: ignore[method-assign]
        queryset = compiled.queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)

    # --- compiling ----------------------------------------------------------------------------------

    @staticmethod
    def _placeholders(kinds: tuple[type, ...], variant: int) -> list[Any]:
        return [placeholder(index, kind, variant) for index, kind in enumerate(kinds)]

    def _get(self, shape: Hashable, values: Sequence[Any], using: str, paged: bool) -> _Compiled | None:
        kinds = tuple(str if isinstance(value, str) else int for value in values)  # (each value's stand-in)
        key = (using, shape, paged, kinds)
        with self._lock:
            if key in self._compiled:
                self._compiled.move_to_end(key)
                return self._compiled[key]
        compiled = self._compile(kinds, using, paged)
        with self._lock:
            self._compiled[key] = compiled
            while len(self._compiled) > self.size:
                self._compiled.popitem(last=False)
        return compiled

    def _compile(self, kinds: tuple[type, ...], using: str, paged: bool) -> _Compiled | None:
        try:
            first, second = (self._compile_with(self._placeholders(kinds, variant), using, paged) for variant in (0, 1))
        except (EmptyResultSet, FullResultSet):
            return None  # a stand-in changed the query's shape (out of a column's range…)
        if first is None or second is None or first[0] != second[0] or len(first[1]) != len(second[1]):
            return None  # the values change the SQL, not only its parameters
        sql, params, compiler, queryset = first
        slots = []
        stand_ins = (self._placeholders(kinds, 0), self._placeholders(kinds, 1))
        indexes = {value: index for index, value in enumerate(stand_ins[0])}
        for position, (one, other) in enumerate(zip(params, second[1], strict=True)):
            index = indexes.get(one) if isinstance(one, (int, str)) and not isinstance(one, bool) else None
            if index is not None and other == stand_ins[1][index]:
                slots.append((position, index))
            elif one != other:
                return None  # a value inside another parameter (a pattern…), not a parameter of its own
        if {index for _position, index in slots} != set(range(len(kinds))):
            return None  # a value the SQL does not carry as given
        return _Compiled(sql, tuple(params), tuple(slots), compiler, queryset)

    def _compile_with(self, stand_ins: list[Any], using: str, paged: bool) -> tuple | None:
        queryset = self.build(*stand_ins).using(using)
        if not paged:  # (the compiler of ``using``: ``sql_with_params()`` would compile for the default database)
            sql, params = queryset.query.get_compiler(using=using).as_sql()
            return sql, params, None, queryset
        compiler = queryset[_OFFSET : _OFFSET + _LIMIT].query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        tail = f" LIMIT {_LIMIT} OFFSET {_OFFSET}"
        if not sql.endswith(tail) or sql.count(str(_LIMIT)) != 1 or sql.count(str(_OFFSET)) != 1:
            return None  # not the SQL this helper knows how to page
        return sql[: -len(tail)] + " LIMIT %s OFFSET %s", params, compiler, queryset

    @staticmethod
    def _bind(compiled: _Compiled, values: Sequence[Any]) -> list[Any]:
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = values[index]
        return params
