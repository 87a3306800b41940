"""The projects CSV through a row plan: per column, a cell function chosen ONCE per export from the
column's declared type, instead of a type dispatch on every cell (``writers.csv_cells``).

The plan writes the very bytes of the generic path (``write_csv(row_chunks(…))``, kept as the
reference; tests/opendata/test_export_fast_path.py compares them on every kind of child):

* a column that is a project field (``Column.path``) reads it from the row's dict, without ``Facts``;
* text (text, code, url, datetime) is neutralised only when its first character is a risky one
  (``csv_cells``' test); an empty text and None both write an empty cell, so ``blank_as_null`` needs
  nothing here;
* integers go to ``csv.writer`` as they are; a number gets its decimal comma with ``separateur=point-virgule``;
* lists are joined by `` | ``, then neutralised like text;
* on PostgreSQL the two instants come as local ISO text from the server (``LocalIsoText``).

The rows stream as before: one chunk of projects (and its related rows, in one query on PostgreSQL)
at a time, written with one ``writerows``, flushed every ``FLUSH_AT`` characters.
"""

import csv
import re

from django.db import connections
from django.db.models import CharField, Func

from common.streaming import FLUSH_AT, TextBuffer

from .children import chunk_related
from .columns import PROJECT_FIELDS
from .rows import CHUNK_SIZE, Facts, project_chunks
from .writers import csv_cells, list_cell, text_cell

_TEXT_TYPES = frozenset({"text", "code", "url", "datetime"})
_LIST_TYPES = frozenset({"list", "codes"})


def _with_comma(value):
    return None if value is None else str(value).replace(".", ",")


def _any(decimal_comma):
    """A cell of no declared type: ``csv_cells``' own rules."""
    return lambda value: csv_cells([value], decimal_comma)[0]


def _formatter(column, decimal_comma):
    """The function that turns the column's value into its cell; None: the value is the cell."""
    if column.type == "integer":
        return None
    if column.type == "number":
        return _with_comma if decimal_comma else None
    if column.type in _TEXT_TYPES:
        return text_cell
    if column.type in _LIST_TYPES:
        return list_cell
    return _any(decimal_comma)


def _cell(column, decimal_comma):
    """Facts -> the column's CSV cell."""
    fmt = _formatter(column, decimal_comma)
    path, value = column.path, column.value
    if path is not None:
        if fmt is None:
            return lambda f: f.p[path]
        return lambda f: fmt(f.p[path])
    if fmt is None:
        return value
    return lambda f: fmt(value(f))


# PostgreSQL writes the two instants as ``isoformat(timespec="seconds")`` would in the local zone:
# Django's loader of ``timestamptz`` values is Python code (≈ 8 µs a row for two of them).
DATES_AS_TEXT = {"published_at": "published_at_text", "updated_at": "updated_at_text"}
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-/]+")


class LocalIsoText(Func):
    """PostgreSQL: a ``timestamptz`` as local ISO 8601 text to the second, the offset as Python writes
    it (``+01:00``; ``+00:09:21`` when it has seconds)."""

    output_field = CharField()

    def __init__(self, expression, zone):
        if not _ZONE_NAME.fullmatch(zone):
            raise ValueError(f"not a time zone name: {zone!r}")
        super().__init__(expression)
        self.zone = zone

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        local, utc = f"({column} AT TIME ZONE '{self.zone}')", f"({column} AT TIME ZONE 'UTC')"
        offset, size = f"({local} - {utc})", f"greatest({local} - {utc}, {utc} - {local})"
        sql = (
            f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN {offset} < interval '0' THEN '-' ELSE '+' END"
            f" || to_char({size}, CASE WHEN extract(second FROM {size}) = 0 THEN 'HH24:MI' ELSE 'HH24:MI:SS' END)"
        )
        return sql, tuple(params) * sql.count(column)


def dates_as_text(queryset, context):
    """``export_queryset`` with its two instants as local ISO text (PostgreSQL; None: keep them)."""
    zone = getattr(context.timezone, "key", None)
    if queryset.db is None or connections[queryset.db].vendor != "postgresql" or zone is None:
        return None
    fields = [name for name in PROJECT_FIELDS if name not in DATES_AS_TEXT]
    return queryset.values(*fields, **{text: LocalIsoText(name, zone) for name, text in DATES_AS_TEXT.items()})


class CsvPlan:
    """The header and one cell function per column of an export (its context's columns)."""

    def __init__(self, context, decimal_comma=False):
        self.context = context
        self.header = [column.name for column in context.columns]
        self.cells = [_cell(column, decimal_comma) for column in context.columns]

    def rows(self, chunk, related, dates_as_text=False):
        """The CSV rows (lists of cells) of a chunk of projects."""
        cells, context = self.cells, self.context
        if dates_as_text:  # under the fields' own names, as ``Facts`` and the columns read them
            for project in chunk:
                for name, text in DATES_AS_TEXT.items():
                    project[name] = project.pop(text)
        return [[cell(facts) for cell in cells] for facts in (Facts(p, related[p["pk"]], context) for p in chunk)]


def write_planned_csv(queryset, context, delimiter=",", bom=False, size=CHUNK_SIZE, read_related=chunk_related):
    """The projects CSV of ``queryset`` (``export_queryset``), streamed ``FLUSH_AT`` characters at a time."""
    plan = CsvPlan(context, decimal_comma=delimiter == ";")
    buffer = TextBuffer()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents right
    writer.writerow(plan.header)
    texts = dates_as_text(queryset, context)  # never tested for truth: that would read the whole queryset
    for chunk, related in project_chunks(queryset if texts is None else texts, context, size, read_related):
        writer.writerows(plan.rows(chunk, related, dates_as_text=texts is not None))
        del chunk, related  # not kept while the next chunk is read
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()
