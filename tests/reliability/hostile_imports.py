"""Hostile import files for the round-2 regression tests: XLSX archives rewritten at the XML
level, and the back-office upload and confirmation as a moderator does them."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import MODERATORS
from accounts.services import create_staff_user
from tests.projects.import_files import HEADER, good_row

IMPORT_URL = "admin:projects_project_import"
SHEET = "xl/worksheets/sheet1.xml"


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


def column_letters(index):
    """The letters of a spreadsheet column: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
