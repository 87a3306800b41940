"""Exports of the filtered project list: CSV, JSON and GeoJSON (issue "Research and open data").

One list of columns (``columns()``) says, for every field, its name, type and meaning and how to
read it from a project; the three formats write the very same rows (``rows()``), and the
open-data page (/donnees/) documents them from that list.

Streaming in constant memory: projects are read ``CHUNK_SIZE`` at a time as plain dicts
(``values().iterator()``; PostgreSQL reads through a server-side cursor), each chunk with its
related rows (``children``), the text flushed every ``FLUSH_AT`` characters; no list of the whole
selection is ever built. Queries: one, plus per chunk of 1,000 projects ONE on PostgreSQL
(``related_rows_in_one_query``) or seven elsewhere (``related_rows``; ``__any_of``: one array
parameter). The CSV is written through a row plan (``csv_plan``: one cell function per column,
chosen once per export), each chunk with one ``writerows``; ``row_chunks`` + ``write_csv``, cell by
cell, stay as the reference it must equal byte for byte. The view writes it by lines
(``row_cache``): each row's finished line is kept per catalogue version, so an export reads its
selection's ids and one cache round trip per chunk, and computes only the rows not yet cached.
"""

from common.streaming import FLUSH_AT, TextBuffer, in_language

from .children import Related, chunk_related, related_rows, related_rows_in_one_query
from .columns import BASE_COLUMNS, END_COLUMNS, PROJECT_FIELDS, TYPES, Column, columns
from .csv_plan import CsvPlan, write_planned_csv
from .metadata import metadata
from .row_cache import RowLines, row_cache, write_csv_by_lines
from .rows import CHUNK_SIZE, COVERS, ExportContext, Facts, export_queryset, project_chunks, row_chunks, rows
from .writers import FORMATS, LIST_SEPARATOR, feature, write_csv, write_geojson, write_json

__all__ = [
    "BASE_COLUMNS",
    "CHUNK_SIZE",
    "COVERS",
    "END_COLUMNS",
    "FLUSH_AT",
    "FORMATS",
    "LIST_SEPARATOR",
    "PROJECT_FIELDS",
    "TYPES",
    "Column",
    "CsvPlan",
    "ExportContext",
    "Facts",
    "Related",
    "RowLines",
    "TextBuffer",
    "chunk_related",
    "columns",
    "export_queryset",
    "feature",
    "in_language",
    "metadata",
    "project_chunks",
    "related_rows",
    "related_rows_in_one_query",
    "row_cache",
    "row_chunks",
    "rows",
    "write_csv",
    "write_csv_by_lines",
    "write_geojson",
    "write_json",
    "write_planned_csv",
]
