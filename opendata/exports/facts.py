"""The facts table as CSV and JSON (``/projets/faits.csv|json?<list filters>``), streamed."""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from common.spreadsheets import neutralise
from common.streaming import FLUSH_AT, TextBuffer

from ..record.fact_table import FACT_COLUMN_NAMES, FACT_COLUMNS
from .writers import write_json_document


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def write_facts_csv(rows: Iterable[dict[str, Any]], bom: bool = False) -> Iterator[str]:
    buffer = TextBuffer()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(FACT_COLUMN_NAMES)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in FACT_COLUMN_NAMES])
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()


def facts_metadata(base: dict[str, Any]) -> dict[str, Any]:
    """The metadata of a projects export, with the facts table's columns instead of the projects'."""
    columns = [
        {"name": column.name, "type": column.type, "description": str(column.description)} for column in FACT_COLUMNS
    ]
    return {**base, "columns": columns}


def write_facts_json(rows: Iterable[dict[str, Any]], meta: dict[str, Any]) -> Iterator[str]:
    yield from write_json_document({"metadata": meta}, rows, "facts")
