"""Write the data package to a directory: one CSV per table, the same tables in one SQLite file,
``datapackage.json`` and the codebook. Rows are streamed: memory stays flat whatever the size."""

import csv
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import translation

from common.spreadsheets import neutralise

from .descriptor import CODEBOOK_HEADER, codebook_rows, datapackage
from .tables import Table, tables

SQLITE_NAME = "catalogue.sqlite"
DESCRIPTOR_NAME = "datapackage.json"
CODEBOOK_NAME = "codebook.csv"
SQLITE_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "datetime": "TEXT", "string": "TEXT"}


def csv_name(table: Table) -> str:
    return f"{table.name}.csv"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralise(" | ".join(str(item) for item in value))
    return neutralise(value)


def _sql_value(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    if isinstance(value, bool):
        return int(value)
    return value


def _sqlite_table(connection: sqlite3.Connection, table: Table) -> None:
    names = [field.name for field in table.fields]
    definitions = ", ".join(
        f'"{field.name}" {SQLITE_TYPES.get(field.type, "")}'.rstrip()
        + (" PRIMARY KEY" if field.name == table.primary_key else "")
        for field in table.fields
    )
    connection.execute(f'CREATE TABLE "{table.name}" ({definitions})')
    placeholders = ", ".join("?" for _ in names)
    insert = f'INSERT INTO "{table.name}" VALUES ({placeholders})'  # noqa: S608

    def values(rows: Iterator[dict[str, Any]]) -> Iterator[list[Any]]:
        for row in rows:
            yield [_sql_value(row[name]) for name in names]

    connection.executemany(insert, values(table.rows()))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_package(directory: Path, base_url: str, version: str = "") -> dict[str, int]:
    """Write every file of the package into ``directory``; returns the number of rows per table."""
    counts: dict[str, int] = {}
    with translation.override("fr"):
        package_tables = tables(base_url)
        for table in package_tables:
            names = [field.name for field in table.fields]
            with (directory / csv_name(table)).open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(names)
                count = 0
                for row in table.rows():
                    writer.writerow([_cell(row[name]) for name in names])
                    count += 1
                counts[table.name] = count
        connection = sqlite3.connect(directory / SQLITE_NAME)
        try:
            for table in package_tables:
                _sqlite_table(connection, table)
            connection.commit()
        finally:
            connection.close()
        descriptor = datapackage(package_tables, csv_name, base_url, version=version)
        (directory / DESCRIPTOR_NAME).write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), "utf-8")
        with (directory / CODEBOOK_NAME).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(CODEBOOK_HEADER)
            writer.writerows(codebook_rows(package_tables))
    return counts
