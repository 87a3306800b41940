"""Import (backoffice.spreadsheet): reading CSV and XLSX files, and refusing bad ones with a clear reason."""

import pytest

from backoffice.spreadsheet import (
    Action,
    FileRejected,
    parse,
    validate,
)
from common.spreadsheets import Table

from .import_files import (
    BAD_FILES,
    HEADER,
    csv_bytes,
    good_row,
    plan_for,
    rewrite_xlsx,
    stale_dimension,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";", "bom": True},
        {"delimiter": ";", "bom": False},
        {"delimiter": ",", "bom": True},
        {"delimiter": ",", "bom": False},
        {"delimiter": "\t", "bom": False},
    ],
    ids=["semicolon-bom", "semicolon", "comma-bom", "comma", "tab"],
)
def test_csv_in_utf8_with_or_without_bom_and_either_separator_reads_the_same(catalogue, options):
    plan = plan_for([HEADER, good_row()], **options)
    assert not plan.has_errors, plan.error_rows and plan.error_rows[0].errors
    row = plan.rows[0]
    assert (row.line, row.slug, row.action) == (2, "les-tilleuls-import", Action.CREATE)
    assert row.values["commune"].name == "Bègles"
    assert row.tenure["logements:plus"][:2] == (12, "12 PLUS")


def test_xlsx_reads_like_csv_with_numbers_and_dates_as_cells(catalogue):
    import datetime

    row = good_row()
    row[3] = 20  # a number cell
    plan = validate(parse(xlsx_bytes([[*HEADER, "verifie_le"], [*row, datetime.datetime(2024, 5, 17)]])))
    assert not plan.has_errors, plan.error_rows[0].errors
    assert plan.rows[0].values["total_homes"] == 20
    assert plan.rows[0].values["last_verified_on"] == datetime.date(2024, 5, 17)


def test_line_numbers_count_physical_lines_of_the_csv(catalogue):
    rows = [HEADER, good_row("a-premier", nom="Premier\nsur deux lignes"), good_row("b-second", commune_insee="99999")]
    plan = plan_for(rows)
    assert [row.line for row in plan.rows] == [2, 4]
    assert plan.rows[1].errors == [("commune_insee", "code INSEE de commune inconnu « 99999 ».")]


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_rejected_with_a_clear_reason(catalogue, kind):
    make, words = BAD_FILES[kind]
    with pytest.raises(FileRejected) as caught:
        parse(make())
    assert words in str(caught.value.message)


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_file_over_the_size_limit_is_rejected(settings, catalogue):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileRejected, match="la limite est de"):
        parse(csv_bytes([HEADER] + [good_row(f"p-{i}") for i in range(10)]))


# --- Round 2 of the attack (issue 12): rows never dropped -----------------------------------


def test_an_xlsx_sheet_is_read_to_its_last_row_whatever_its_dimension_says(catalogue):
    rows = [HEADER] + [good_row(f"ligne-{index}") for index in range(5)]
    data = rewrite_xlsx(xlsx_bytes(rows), {"xl/worksheets/sheet1.xml": stale_dimension})
    assert [cells[0] for _line, cells in parse(data).rows] == [f"ligne-{index}" for index in range(5)]


def test_a_multi_line_cell_in_closed_quotes_is_not_an_open_quote(catalogue):
    plan = plan_for([[*HEADER, "description"], [*good_row(), 'deux\n"lignes" ; ici']])
    assert not plan.has_errors and plan.rows[0].values["description"] == 'deux\n"lignes" ; ici'


def test_a_parsed_table_is_kept_as_json_and_comes_back_identical(catalogue):
    table = parse(csv_bytes([HEADER, good_row(nom="Sur\ndeux lignes")]))
    import json

    again = Table.from_json(json.loads(json.dumps(table.to_json())))
    assert again == table
    assert validate(again).fingerprint() == validate(table).fingerprint()
