"""Regression corpus, round 2 of the outside attack (issue 12): hostile spreadsheet files.

Each case is a real file (XLSX archives rewritten at the XML level, CSV bytes) sent through the
parser and the back-office page: data is never dropped silently, a quote left open names its
line, the parser's work is bounded, and a confirmation imports exactly the previewed table
without parsing the file again.
"""

import re
import time

import pytest
from django.urls import reverse

from backoffice.admin import transfer as admin_transfer
from backoffice.spreadsheet import FileRejected, parse, validate
from common.spreadsheets import MAX_CELLS, MAX_SHEET_LINES, XLSX_MAX_SHARED_STRINGS
from projects.models import (
    Project,
    ProjectImport,
)
from tests.projects.import_files import HEADER, csv_bytes, good_row
from tests.reliability.hostile_imports import (
    IMPORT_URL,
    SHEET,
    column_letters,
    five_rows,
    huge_shared_strings,
    inline_row,
    moderator_client,
    rewrite,
    stale_dimension,
    text,
    token_of,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


# --- Defect 6: XLSX rows silently dropped ----------------------------------------------------


def test_round2_6_an_xlsx_sheet_with_a_stale_dimension_is_read_to_its_last_row(catalogue):
    data = rewrite(xlsx(five_rows()), {SHEET: stale_dimension})
    table = parse(data)
    assert [cells[0] for _line, cells in table.rows] == [f"ligne-{index}" for index in range(5)]
    assert [line for line, _cells in table.rows] == [2, 3, 4, 5, 6]


def test_round2_6_a_row_far_below_the_rest_is_refused_not_ignored(catalogue):
    far = inline_row(1_000_000, good_row("tout-en-bas"))
    data = rewrite(
        xlsx(five_rows()),
        {SHEET: lambda xml: stale_dimension(xml).replace("</sheetData>", far + "</sheetData>")},
    )
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert f"au-delà de la ligne {MAX_SHEET_LINES}" in str(caught.value.message)


def test_round2_6_a_stale_dimension_through_the_back_office_previews_every_row(client, catalogue):
    response = upload(moderator_client(client), rewrite(xlsx(five_rows()), {SHEET: stale_dimension}))
    assert response.status_code == 200
    html = text(response)
    for index in range(5):
        assert f"ligne-{index}" in html


# --- Defect 7: an unterminated CSV quote swallows the following rows -------------------------


def test_round2_7_an_unterminated_csv_quote_is_reported_with_its_line(catalogue):
    data = (
        "slug;nom;description\n"
        "premier;Premier;bien\n"
        'deuxieme;Deuxième;"jamais refermé\n'
        "troisieme;Troisième;bien\n"
        "quatrieme;Quatrième;bien\n"
    ).encode()
    with pytest.raises(FileRejected) as caught:
        parse(data)
    message = str(caught.value.message)
    assert message.startswith("Ligne 3 :")
    assert "guillemet" in message and "jamais refermé" in message


def test_round2_7_a_quote_closed_later_in_the_wrong_place_is_reported_too(catalogue):
    data = 'slug;nom;description\npremier;Premier;"ouvert\ndeuxieme;Deuxième;"texte";x\n'.encode()
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert str(caught.value.message).startswith("Ligne 2 :")
    assert "guillemet" in str(caught.value.message)


def test_round2_7_a_properly_quoted_field_over_several_lines_still_imports(catalogue):
    data = csv_bytes([[*HEADER, "description"], [*good_row("multi"), 'Première ligne\n"citée"\ntroisième ; ligne']])
    plan = validate(parse(data))
    assert not plan.has_errors, plan.error_rows and plan.error_rows[0].errors
    assert plan.rows[0].values["description"] == 'Première ligne\n"citée"\ntroisième ; ligne'


def test_round2_7_the_back_office_shows_the_line_of_the_open_quote(client, catalogue):
    data = f'{";".join(HEADER)}\n{";".join(good_row("a"))}\n"b;B\n{";".join(good_row("c"))}\n'.encode()
    response = upload(moderator_client(client), data, name="projets.csv")
    assert response.status_code == 200
    assert "Ligne 3 : CSV mal formé, un guillemet ouvert" in text(response)
    assert not ProjectImport.objects.exists()


# --- Defect 8: slow preview, parsed again on confirmation ------------------------------------


def test_round2_8_a_workbook_with_too_many_shared_strings_is_refused_quickly(catalogue, settings):
    data = huge_shared_strings(XLSX_MAX_SHARED_STRINGS + 1024)
    assert len(data) < settings.IMPORT_MAX_BYTES  # within the file size limit, as in the attack
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert time.monotonic() - started < 2
    assert "chaînes partagées" in str(caught.value.message)


def test_round2_8_a_sheet_with_too_many_cells_is_refused(catalogue):
    columns = 150
    rows = MAX_CELLS // columns + 2
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column_letters(c)}{r}"><v>{c}</v></c>' for c in range(columns)) + "</row>"
        for r in range(1, rows + 1)
    )
    data = rewrite(
        xlsx([HEADER]),
        {
            SHEET: lambda xml: re.sub(
                r"<sheetData>.*</sheetData>|<sheetData/>", f"<sheetData>{body}</sheetData>", xml, flags=re.S
            )
        },
    )
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert f"plus de {MAX_CELLS} cellules" in str(caught.value.message)


def test_round2_8_reading_is_bounded_in_time(catalogue, settings):
    settings.IMPORT_PARSE_SECONDS = 0
    with pytest.raises(FileRejected) as caught:
        parse(xlsx(five_rows()))
    assert "prend trop de temps" in str(caught.value.message)


def test_round2_8_confirmation_imports_the_previewed_table_without_parsing_the_file_again(client, catalogue):
    moderator = moderator_client(client)
    preview = upload(moderator, xlsx([HEADER, good_row("parse-une-fois")]))
    assert preview.status_code == 200
    # The stored file is no longer needed: spoil it; the confirmation still imports the previewed rows.
    ProjectImport.objects.update(content=b"plus du tout un classeur")
    response = moderator.post(reverse(IMPORT_URL), {"token": token_of(preview)})
    assert response.status_code == 302
    assert Project.objects.get(slug="parse-une-fois").name == "Les Tilleuls (import)"


def test_round2_8_a_tampered_or_expired_preview_gets_a_clear_message(client, catalogue, monkeypatch):
    moderator = moderator_client(client)
    preview = upload(moderator, csv_bytes([HEADER, good_row("jamais-importe")]), name="projets.csv")
    token = token_of(preview)
    # The stored table changed behind the token's back: refused.
    upload_row = ProjectImport.objects.get()
    upload_row.summary["table"]["rows"][0][1][1] = "Nom changé"
    upload_row.save()
    refused = moderator.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert "expiré ou n'est pas valide" in text(refused)
    # An expired token: refused.
    monkeypatch.setattr(admin_transfer, "TOKEN_MAX_AGE", -1)
    expired = moderator.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert "expiré ou n'est pas valide" in text(expired)
    assert not Project.objects.filter(slug="jamais-importe").exists()


def test_round2_8_a_workbook_with_too_many_distinct_short_strings_is_refused_quickly(catalogue):
    strings = "".join(f"<si><t>{index:x}</t></si>" for index in range(MAX_CELLS + 1))
    xml = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + "</sst>"
    data = rewrite(huge_shared_strings(100), {"xl/sharedStrings.xml": lambda _old: xml})
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert time.monotonic() - started < 2
    assert f"la limite est de {MAX_CELLS}" in str(caught.value.message)
