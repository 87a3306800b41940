"""Regression corpus, round 2 of the outside attack (issue 12): hostile spreadsheet imports.

Each case is a real file (XLSX archives rewritten at the XML level, CSV bytes) sent through the
parser, the validator and the back-office page: data is never dropped silently, a quote left
open names its line, the parser's work is bounded, numbers have realistic bounds (import,
model, database), control characters are row errors, and a confirmation imports exactly the
previewed table without parsing the file again.
"""

import io
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import MODERATORS
from accounts.services import create_staff_user
from backoffice.admin import transfer as admin_transfer
from backoffice.spreadsheet import FileRejected, parse, validate
from common.spreadsheets import MAX_CELLS, MAX_SHEET_LINES, XLSX_MAX_SHARED_STRINGS
from projects.models import (
    MAX_HOMES,
    CommonSpace,
    CostFigure,
    Milestone,
    Project,
    ProjectImport,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)
from tests.projects.import_files import HEADER, csv_bytes, good_row

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:projects_project_import"
SHEET = "xl/worksheets/sheet1.xml"


# --- Building hostile files ------------------------------------------------------------------


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(data, edits):
    """The XLSX ``data`` with some members rewritten: ``edits`` maps a member to a function of its text."""
    original = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            content = original.read(member)
            if member.filename in edits:
                content = edits[member.filename](content.decode()).encode()
            archive.writestr(member.filename, content)
        for name in set(edits) - set(original.namelist()):  # new members
            archive.writestr(name, edits[name]("").encode())
    return buffer.getvalue()


def stale_dimension(sheet_xml, ref="A1:H2"):
    assert "<dimension" in sheet_xml
    return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', sheet_xml)


def inline_row(number, values):
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def five_rows():
    return [HEADER] + [good_row(f"ligne-{index}") for index in range(5)]


def moderator_client(client):
    user, _ = create_staff_user("moderatrice-r2", role=MODERATORS)
    client.force_login(user)
    return client


def upload(client, data, name="projets.xlsx"):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, data)})


def token_of(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form in the preview"
    return match.group(1)


def text(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


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


def huge_shared_strings(size):
    """A small workbook whose shared-strings table is ``size`` bytes of distinct strings."""
    strings = []
    total = 0
    index = 0
    while total < size:
        item = f"<si><t>texte {index:08d} {'abcdefghij' * 6}</t></si>"
        strings.append(item)
        total += len(item)
        index += 1
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{index}" uniqueCount="{index}">'
        + "".join(strings)
        + "</sst>"
    )
    relation = (
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    content_type = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    return rewrite(
        xlsx([HEADER, good_row()]),
        {
            "xl/sharedStrings.xml": lambda _old: xml,
            "xl/_rels/workbook.xml.rels": lambda rels: rels.replace("</Relationships>", relation),
            "[Content_Types].xml": lambda types: types.replace("</Types>", content_type),
        },
    )


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
        f'<row r="{r}">' + "".join(f'<c r="{_column(c)}{r}"><v>{c}</v></c>' for c in range(columns)) + "</row>"
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


def _column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


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


# --- Defect 9: no upper bound on numbers -----------------------------------------------------


def test_round2_9_absurd_numbers_are_row_errors_in_the_preview(catalogue):
    rows = [
        [*HEADER, "annee_livraison"],
        [*good_row("milliard", logements_total="999 999 999 999"), ""],
        [*good_row("ligne-enorme", **{"logements:plus": "999999999999", "logements_total": ""}), ""],
        [*good_row("an-3000"), "3000"],
        [*good_row("chiffres-sans-fin", logements_total="9" * 5000), ""],
    ]
    plan = validate(parse(csv_bytes(rows)))
    errors = {row.line: row.errors for row in plan.rows}
    assert errors[2] == [("logements_total", "999999999999 dépasse le maximum réaliste de 10000.")]
    assert errors[3] == [("logements:plus", "999999999999 dépasse le maximum réaliste de 10000.")]
    assert errors[4] == [("annee_livraison", "L'année de livraison doit être comprise entre 1900 et 2100.")]
    assert errors[5][0][0] == "logements_total"


def test_round2_9_the_limits_themselves_are_accepted(catalogue):
    plan = validate(parse(csv_bytes([HEADER, good_row("dix-mille", logements_total=str(MAX_HOMES))])))
    assert not plan.has_errors, plan.error_rows and plan.error_rows[0].errors


def test_round2_9_the_back_office_lists_the_number_errors_without_a_confirm_button(client, catalogue):
    response = upload(
        moderator_client(client), csv_bytes([HEADER, good_row("trop", logements_total="999999999999")]), "p.csv"
    )
    assert response.status_code == 200
    html = text(response)
    assert "Ligne 2, <code>logements_total</code> : 999999999999 dépasse le maximum réaliste de 10000." in html
    assert 'name="token"' not in html


def _over_limit_objects(project):
    source = Source.objects.first()
    status = TenureStatus.objects.first()
    return {
        "total homes": lambda: Project.objects.filter(pk=project.pk).update(total_homes=MAX_HOMES + 1),
        "participatory homes": lambda: Project.objects.filter(pk=project.pk).update(
            participatory_homes=MAX_HOMES + 1, total_homes=None
        ),
        "tenure line": lambda: TenureLine.objects.bulk_create(
            [TenureLine(project=Project.objects.create(name="x", slug="x-r2"), status=status, homes=MAX_HOMES + 1)]
        ),
        "source year": lambda: Source.objects.filter(pk=source.pk).update(year=2500),
        "surface": lambda: Surface.objects.create(project=project, measure="SHAB", area_m2=Decimal("1000001")),
        "common space": lambda: CommonSpace.objects.create(project=project, name="Jardin", area_m2=Decimal("100001")),
        "cost in euros": lambda: CostFigure.objects.create(
            project=project, kind="other", unit="eur", amount=Decimal("1000000001")
        ),
        "price per m2": lambda: CostFigure.objects.create(
            project=project, kind="sale_price", unit="eur_m2", amount=Decimal("100001")
        ),
        "rent per m2": lambda: CostFigure.objects.create(
            project=project, kind="rent", unit="eur_m2_month", amount=Decimal("1001")
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "total homes",
        "participatory homes",
        "tenure line",
        "source year",
        "surface",
        "common space",
        "cost in euros",
        "price per m2",
        "rent per m2",
    ],
)
def test_round2_9_the_database_refuses_numbers_beyond_the_limits(catalogue, case):
    project = Project.objects.filter(total_homes__isnull=True).first() or Project.objects.first()
    Project.objects.filter(pk=project.pk).update(total_homes=None)
    write = _over_limit_objects(project)[case]
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_round2_9_the_models_validate_the_limits(catalogue):
    with pytest.raises(ValidationError) as caught:
        Project(name="Trop", slug="trop", total_homes=MAX_HOMES + 1).full_clean(exclude=["commune", "former_region"])
    assert "total_homes" in caught.value.message_dict
    with pytest.raises(ValidationError):
        Milestone(project=Project.objects.first(), kind="other", date_text="x", year=2101).full_clean()
    with pytest.raises(ValidationError) as caught:
        CostFigure(
            project=Project.objects.first(), kind="rent", unit="eur_m2_month", amount=Decimal("5000")
        ).full_clean()
    assert "1 000 €/m²/mois" in str(caught.value)


# --- Defect 2 (imports): control characters --------------------------------------------------


PADDING_COLUMNS = ["notes", "comment_participer", "contexte_quartier"]
PADDING = ["n" * 18_000, "c" * 18_000, "q" * 18_000]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1b"])
def test_round2_2_a_control_character_in_a_cell_is_a_row_error_naming_row_and_column(catalogue, char):
    rows = [
        HEADER + PADDING_COLUMNS + ["description"],
        good_row("controle") + PADDING + ["d" * 18_000 + f"{char}après"],
    ]
    data = csv_bytes(rows)
    assert data.index(char.encode()) > 65536  # after the first 64 KB, where the binary sniffing does not look
    plan = validate(parse(data))
    assert plan.rows[0].errors == [
        ("description", f"caractère de contrôle interdit (U+{ord(char):04X}) : retirez-le du fichier.")
    ]


def test_round2_2_tabs_and_line_breaks_stay_legitimate(catalogue):
    plan = validate(parse(csv_bytes([[*HEADER, "description"], [*good_row("propre"), "un\tdeux\r\ntrois"]])))
    assert not plan.has_errors
    assert plan.rows[0].values["description"] == "un\tdeux\ntrois"


def test_round2_2_a_control_character_in_a_header_refuses_the_file(catalogue):
    with pytest.raises(FileRejected) as caught:
        parse(csv_bytes([[*HEADER, "no\x07tes"], [*good_row(), "x"]]))
    assert "Ligne 1, colonne 9 : caractère de contrôle interdit (U+0007)" in str(caught.value.message)


def test_round2_2_the_back_office_shows_the_control_character_row_error_and_stores_nothing(client, catalogue):
    rows = [HEADER + PADDING_COLUMNS + ["description"], good_row("nul-en-base") + PADDING + ["d" * 18_000 + "\x00b"]]
    response = upload(moderator_client(client), csv_bytes(rows), "p.csv")
    assert response.status_code == 200
    html = text(response)
    assert "Ligne 2, <code>description</code> : caractère de contrôle interdit (U+0000)" in html
    assert 'name="token"' not in html
    assert not Project.objects.filter(slug="nul-en-base").exists()


def test_round2_8_a_workbook_with_too_many_distinct_short_strings_is_refused_quickly(catalogue):
    strings = "".join(f"<si><t>{index:x}</t></si>" for index in range(MAX_CELLS + 1))
    xml = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + "</sst>"
    data = rewrite(huge_shared_strings(100), {"xl/sharedStrings.xml": lambda _old: xml})
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        parse(data)
    assert time.monotonic() - started < 2
    assert f"la limite est de {MAX_CELLS}" in str(caught.value.message)
