"""The spreadsheet round-trip of case studies: import, and the spreadsheet download (format:
``docs/import_format.md``). In the back-office « export » is never used: it means open data.

One row per project, matched on its ``slug``: ``parse`` reads a file into a table
(``common.spreadsheets``), ``validate`` turns each row into a ``RowPlan`` (create, update,
unchanged, or its errors with the file's line number) without writing anything, and
``apply`` writes a plan without errors in one transaction. ``spreadsheet_table`` writes
projects in the very same format, so a download imports back to identical data.

A column absent from the file leaves that piece of data untouched on update; a column
present with an empty cell empties it. Tenure columns (one per tenure status, one per
category-only line), actors and sources rebuild exactly what the file says.
"""

from common.spreadsheets import FileRejected

from .apply import apply
from .columns import all_columns, column_help, tenure_columns
from .download import spreadsheet_csv, spreadsheet_table, spreadsheet_xlsx
from .plan import Action, ImportPlan, RowPlan
from .reading import parse, validate

__all__ = [
    "Action",
    "FileRejected",
    "ImportPlan",
    "RowPlan",
    "all_columns",
    "apply",
    "column_help",
    "parse",
    "spreadsheet_csv",
    "spreadsheet_table",
    "spreadsheet_xlsx",
    "tenure_columns",
    "validate",
]
