"""Exports of the filtered project list: CSV, JSON and GeoJSON (issue "Research and open data").

One list of columns (``columns()``) says, for every field, its name, type and meaning and how to
read it from a project; the three formats write the very same rows (``rows()``), and the
open-data page (/donnees/) documents them from that list.

Streaming in constant memory: projects are read ``CHUNK_SIZE`` at a time as plain dicts
(``values().iterator()``; PostgreSQL reads through a server-side cursor), each chunk with its
related rows in four queries, the text flushed every ``FLUSH_AT`` characters; no list of the
whole selection is ever built. Queries: one, plus seven per chunk of 1,000 projects (``__any_of``:
one array parameter on PostgreSQL). The CSV writer takes whole chunks of value lists
(``row_chunks``) and formats each chunk with one ``writerows``.
"""

from common.streaming import FLUSH_AT, TextBuffer, in_language

from .columns import BASE_COLUMNS, END_COLUMNS, PROJECT_FIELDS, TYPES, Column, columns
from .metadata import metadata
from .rows import CHUNK_SIZE, COVERS, ExportContext, Facts, export_queryset, related_rows, row_chunks, rows
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
    "ExportContext",
    "Facts",
    "TextBuffer",
    "columns",
    "export_queryset",
    "feature",
    "in_language",
    "metadata",
    "related_rows",
    "row_chunks",
    "rows",
    "write_csv",
    "write_geojson",
    "write_json",
]
