"""Import files for the tests of ``backoffice.spreadsheet``: CSV and XLSX bytes, a good row
in the import format, and files that must be refused (``BAD_FILES``)."""

import csv
import io
import re
import zipfile

from openpyxl import Workbook

from backoffice.spreadsheet import parse, validate
from common.spreadsheets import MAX_CELL_CHARS, MAX_ROWS
from projects.models import Project, ProjectActor, ProjectSource, TenureLine

from . import images


def csv_bytes(rows, delimiter=";", bom=True, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_for(rows, publish=False, **options):
    return validate(parse(csv_bytes(rows, **options)), publish=publish)


HEADER = ["slug", "nom", "commune_insee", "logements_total", "logements:plus", "logements:plai", "acteurs", "sources"]


def good_row(slug="les-tilleuls-import", **overrides):
    values = {
        "slug": slug,
        "nom": "Les Tilleuls (import)",
        "commune_insee": "33039",
        "logements_total": "20",
        "logements:plus": "12 | 12 PLUS | actes-habitat-participatif-logement-social-2017 | p. 8",
        "logements:plai": "8",
        "acteurs": "alliade-habitat:developer | Maître d'ouvrage ; metropole-de-lyon:initiating_authority",
        "sources": "actes-habitat-participatif-logement-social-2017 | p. 8 | programme",
    }
    values.update(overrides)
    return [values[column] for column in HEADER]


def counts():
    return (
        Project.objects.count(),
        TenureLine.objects.count(),
        ProjectActor.objects.count(),
        ProjectSource.objects.count(),
    )


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def xml_entity_bomb():
    """A valid workbook whose sheet declares the "billion laughs" entities."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "ha">{laughs}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    )
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, good_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in original.infolist():
            content = sheet if member.filename == "xl/worksheets/sheet1.xml" else original.read(member)
            archive.writestr(member, content)
    return buffer.getvalue()


BAD_FILES = {
    "empty": (lambda: b"", "vide"),
    "only blanks": (lambda: b"\n\n  \n", "vide"),
    "header only": (lambda: csv_bytes([HEADER]), "aucun projet"),
    "latin-1": (lambda: csv_bytes([HEADER, good_row(nom="Élan")], encoding="latin-1", bom=False), "UTF-8"),
    "utf-16": (lambda: "slug;nom\nx;y\n".encode("utf-16"), "UTF-16"),
    "png image": (images.png, "ni un CSV ni un classeur"),
    "old xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    "zip not xlsx": (lambda: _zip({"readme.txt": "bonjour"}), "pas un classeur XLSX"),
    "zip bomb": (zip_bomb, "bombe de décompression"),
    "xml entity bomb": (xml_entity_bomb, "endommagé"),
    "truncated xlsx": (lambda: xlsx_bytes([HEADER, good_row()])[:1500], "endommagé"),
    "missing columns": (
        lambda: csv_bytes([["nom", "commune_insee"], ["A", "33039"]]),
        "Colonnes obligatoires manquantes : slug",
    ),
    "unknown column": (
        lambda: csv_bytes([[*HEADER, "couleur"], [*good_row(), "bleu"]]),
        "Colonnes inconnues : couleur",
    ),
    "unknown tenure code": (
        lambda: csv_bytes([[*HEADER, "logements:xyz"], [*good_row(), "3"]]),
        "Statuts d'occupation connus",
    ),
    "duplicate columns": (lambda: csv_bytes([[*HEADER, "nom"], [*good_row(), "B"]]), "Colonnes en double : nom"),
    "huge cell": (
        lambda: csv_bytes([HEADER, [*good_row(description="x")[:-1], "x" * (MAX_CELL_CHARS + 1)]]),
        "caractères",
    ),
    "too many rows": (lambda: csv_bytes([HEADER] + [good_row(f"p-{i}") for i in range(MAX_ROWS + 1)]), "découpez-le"),
    "broken quoting": (lambda: b'slug;nom\n"a;"b"c\n' + b"x" * 200_000, "CSV mal formé"),
    "unterminated quote": (
        lambda: b'slug;nom;description\na;A;"ouvert\nb;B;x\nc;C;y\n',
        "Ligne 2 : CSV mal formé, un guillemet ouvert",
    ),
    "row far below": (lambda: far_row_xlsx(), "au-delà de la ligne"),
    "too many shared strings": (lambda: shared_strings_xlsx(12 * 1024 * 1024), "chaînes partagées"),
}


def rewrite_xlsx(data, edits):
    """An XLSX file with members rewritten (or added): ``edits`` maps a member to a function of its text."""
    original = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            content = original.read(member)
            if member.filename in edits:
                content = edits[member.filename](content.decode()).encode()
            archive.writestr(member.filename, content)
        for name in set(edits) - set(original.namelist()):
            archive.writestr(name, edits[name]("").encode())
    return buffer.getvalue()


def stale_dimension(sheet):
    return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', sheet)


def far_row_xlsx():
    far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>tout-en-bas</t></is></c></row>'
    sheet = "xl/worksheets/sheet1.xml"
    return rewrite_xlsx(
        xlsx_bytes([HEADER, good_row()]),
        {sheet: lambda xml: stale_dimension(xml).replace("</sheetData>", far + "</sheetData>")},
    )


def shared_strings_xlsx(size):
    item = "<si><t>%08d texte assez long pour peser</t></si>"
    count = size // len(item % 0) + 1
    items = "".join(item % i for i in range(count))
    xml = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    relation = (
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    return rewrite_xlsx(
        xlsx_bytes([HEADER, good_row()]),
        {
            "xl/sharedStrings.xml": lambda _old: xml,
            "xl/_rels/workbook.xml.rels": lambda rels: rels.replace("</Relationships>", relation),
        },
    )


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()
