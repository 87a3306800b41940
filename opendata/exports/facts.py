"""The facts table as CSV and JSON (``/projets/faits.csv|json?<list filters>``), streamed."""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from common.streaming import FLUSH_AT, TextBuffer

from ..record.fact_table import FACT_COLUMN_NAMES, FACT_COLUMNS
from .writers import csv_cells, text_cell, write_json_document

_IN_COLUMN_ORDER = itemgetter(*FACT_COLUMN_NAMES)
_BATCH = 250  # rows formatted and written at once (``writerows``): few, so memory stays flat


def _boolean_cell(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _any_cell(value: Any) -> Any:
    return csv_cells([value])[0]


# Per column, chosen once from its declared type: None (integers) goes to csv.writer as it is.
_CELLS = tuple(
    {"string": text_cell, "integer": None, "boolean": _boolean_cell}.get(column.type, _any_cell)
    for column in FACT_COLUMNS
)


def _cells(row: dict[str, Any]) -> list[Any]:
    """The row's CSV cells: None empty, booleans as true/false, text neutralised (``csv_cells``' rules)."""
    return [value if cell is None else cell(value) for cell, value in zip(_CELLS, _IN_COLUMN_ORDER(row), strict=True)]


def write_facts_csv(rows: Iterable[dict[str, Any]], bom: bool = False) -> Iterator[str]:
    buffer = TextBuffer()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(FACT_COLUMN_NAMES)
    rows = iter(rows)
    while batch := list(islice(rows, _BATCH)):
        writer.writerows([_cells(row) for row in batch])
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
