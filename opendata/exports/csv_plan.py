"""The projects CSV through a row plan: per column, a cell function chosen ONCE per export from the
column's declared type, instead of a type dispatch on every cell (``writers.csv_cells``).

The plan writes the very bytes of the generic path (``write_csv(row_chunks(…))``, kept as the
reference; tests/opendata/test_export_fast_path.py compares them on every kind of child):

* a column that is a project field (``Column.path``) reads it from the row's dict, without ``Facts``;
* text (text, code, url, datetime) is neutralised only when its first character is a risky one
  (``csv_cells``' test); an empty text and None both write an empty cell, so ``blank_as_null`` needs
  nothing here;
* integers go to ``csv.writer`` as they are; a number gets its decimal comma with ``separateur=point-virgule``;
* lists are joined by `` | ``, then neutralised like text.

The rows stream as before: one chunk of projects (and its related rows, in one query on PostgreSQL)
at a time, written with one ``writerows``, flushed every ``FLUSH_AT`` characters.
"""

import csv

from common.streaming import FLUSH_AT, TextBuffer

from .children import chunk_related
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


class CsvPlan:
    """The header and one cell function per column of an export (its context's columns)."""

    def __init__(self, context, decimal_comma=False):
        self.context = context
        self.header = [column.name for column in context.columns]
        self.cells = [_cell(column, decimal_comma) for column in context.columns]

    def rows(self, chunk, related):
        """The CSV rows (lists of cells) of a chunk of projects."""
        cells, context = self.cells, self.context
        return [[cell(facts) for cell in cells] for facts in (Facts(p, related[p["pk"]], context) for p in chunk)]


def write_planned_csv(queryset, context, delimiter=",", bom=False, size=CHUNK_SIZE, read_related=chunk_related):
    """The projects CSV of ``queryset`` (``export_queryset``), streamed ``FLUSH_AT`` characters at a time."""
    plan = CsvPlan(context, decimal_comma=delimiter == ";")
    buffer = TextBuffer()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents right
    writer.writerow(plan.header)
    for chunk, related in project_chunks(queryset, context, size, read_related):
        writer.writerows(plan.rows(chunk, related))
        del chunk, related  # not kept while the next chunk is read
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()
