"""The writers of the exports: CSV, JSON and GeoJSON text, streamed ``FLUSH_AT`` characters at a time."""

import csv
import json

from common.spreadsheets import neutralise
from common.streaming import FLUSH_AT, TextBuffer

LIST_SEPARATOR = " | "

FORMATS = {
    "csv": {"content_type": "text/csv; charset=utf-8", "label": "CSV"},
    "json": {"content_type": "application/json", "label": "JSON"},
    "geojson": {"content_type": "application/geo+json", "label": "GeoJSON"},
}


# A text starting otherwise (or empty) is never changed by ``neutralise``.
_RISKY_FIRST = frozenset("=+-@\t\r'")


def text_cell(value):
    """A text cell (None: empty), neutralised when it starts with a risky character: ``csv_cells``' rule
    for a text, without its type dispatch (for writers that know the column's type)."""
    return neutralise(value) if value and value[0] in _RISKY_FIRST else value


def list_cell(values):
    """A list cell: the items joined by `` | `` (empty: an empty cell), neutralised like a text."""
    if not values:
        return ""
    try:
        text = LIST_SEPARATOR.join(values)  # lists of text, nearly always
    except TypeError:
        text = LIST_SEPARATOR.join([str(item) for item in values])
    return neutralise(text) if text[0] in _RISKY_FIRST else text


def csv_cells(values, decimal_comma=False):
    """Text that spreadsheet software shows and never runs as a formula (``neutralise``);
    numbers stay numbers (a negative longitude is not text); lists joined by `` | ``; None empty.
    One loop per row, the common cases (text, number, None) first: this runs for every cell."""
    cells: list = []
    append = cells.append
    for value in values:
        kind = type(value)
        if kind is str:
            append(neutralise(value) if value[:1] in _RISKY_FIRST else value)
        elif value is None:
            append("")
        elif kind is int:
            append(value)
        elif kind is list:
            if not value:
                append("")
                continue
            try:
                text = LIST_SEPARATOR.join(value)  # lists of text, nearly always
            except TypeError:
                text = LIST_SEPARATOR.join([str(item) for item in value])
            append(neutralise(text) if text[:1] in _RISKY_FIRST else text)
        elif kind is float and decimal_comma:
            append(str(value).replace(".", ","))
        else:
            append(neutralise(value))
    return cells


def write_csv(chunks, context, delimiter=",", bom=False):
    """The CSV text of ``row_chunks()``: each chunk formatted and written at once (``writerows``),
    sent ``FLUSH_AT`` characters at a time."""
    buffer = TextBuffer()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    decimal_comma = delimiter == ";"
    if bom:
        buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents right
    writer.writerow([column.name for column in context.columns])
    for chunk in chunks:
        writer.writerows([csv_cells(values, decimal_comma) for values in chunk])
        del chunk  # not kept while the next chunk is read
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_json_document(head, items, key):
    """``{<head members>, "<key>": [items…], "count": n}``, streamed item by item."""
    buffer = TextBuffer()
    opening = json.dumps(head, ensure_ascii=False, indent=1)
    buffer.write(opening[:-1].rstrip() + f',\n "{key}": [')
    count = 0
    for item in items:
        buffer.write(("," if count else "") + "\n" + _dumps(item))
        count += 1
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    buffer.write(f'\n],\n "count": {count}\n}}\n')
    yield buffer.drain()


def write_json(row_iter, meta):
    yield from write_json_document({"metadata": meta}, row_iter, "projects")


def feature(row):
    """A GeoJSON feature: the row as properties, the commune centre as a [lon, lat] point (or null)."""
    located = row["longitude"] is not None and row["latitude"] is not None
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if located else None,
        "properties": row,
    }


def write_geojson(row_iter, meta):
    yield from write_json_document(
        {"type": "FeatureCollection", "metadata": meta}, (feature(row) for row in row_iter), "features"
    )
