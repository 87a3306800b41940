"""Reading and writing spreadsheets safely: CSV (UTF-8, ``,`` or ``;``) and XLSX.

Reading treats every file as hostile. The format is decided by the content (a ZIP
signature for XLSX), never by the name. Limits: ``IMPORT_MAX_BYTES`` on the file,
``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns, ``MAX_CELL_CHARS`` characters per cell; an XLSX
file is checked as a ZIP archive before it is opened (members, total uncompressed size,
compression ratio: no zip bomb) and parsed by openpyxl in read-only mode, with defusedxml
installed (no XML entity bomb). Every problem becomes a ``FileRejected`` with a French
message, never an exception the user sees as a server error.

Reading never drops data silently and bounds its work (round 2 of the attack, SECURITY.md
« Imports : limites (round 2) »): an XLSX sheet is read to its last row whatever its declared
``<dimension>`` says; a CSV quote left open is an error naming its line (``strict`` dialect);
the shared strings of an XLSX file (``XLSX_MAX_SHARED_STRINGS``), its cells (``MAX_CELLS``)
and the time spent (``IMPORT_PARSE_SECONDS``) are bounded; a C0 control character in a
header is refused here (in a row, it is a row error: ``control_character``).

Writing neutralises cells that a spreadsheet would run as a formula (leading ``=``,
``+``, ``-``, ``@``, tab or carriage return get a leading apostrophe); reading removes
exactly that apostrophe again, so an export imports back to the same text.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# openpyxl parses with defusedxml when it is installed (a declared dependency).
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_ROWS = 1000  # a confirmed import of 1,000 changed rows takes about 15 s (docs/backoffice.md)
MAX_COLUMNS = 200
MAX_CELL_CHARS = 20_000
XLSX_MAX_MEMBERS = 500
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 200
# Far above what MAX_ROWS rows of the import format hold (about 40 columns, most of them short).
XLSX_MAX_SHARED_STRINGS = 10 * 1024 * 1024  # uncompressed xl/sharedStrings.xml
MAX_CELLS = 100_000  # non-empty cells read from a sheet
MAX_SHEET_LINES = MAX_ROWS * 5  # lines read, blank ones included: data further down is refused
# C0 control characters other than tab, line feed and carriage return: never valid text.
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")  # one <si> per shared string
_OUTER_SPACE = re.compile(r"\A[^\S\x0b\x0c\x1c-\x1f]+|[^\S\x0b\x0c\x1c-\x1f]+\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


class FileRejected(Exception):
    """The whole file is refused; ``message`` says why, in French."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """A sheet as text: a header and rows, each row with its line number in the file."""

    kind: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # [(line number, [cell text, ...]), ...]
    delimiter: str = ""

    def to_json(self) -> dict[str, Any]:
        """What is kept between the preview and the confirmation (``from_json`` gives it back)."""
        return {"kind": self.kind, "headers": self.headers, "rows": self.rows, "delimiter": self.delimiter}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        rows = [(int(line), [str(cell) for cell in cells]) for line, cells in data["rows"]]
        return cls(kind=data["kind"], headers=list(data["headers"]), rows=rows, delimiter=data.get("delimiter", ""))


def control_character(text: str) -> str:
    """The first forbidden C0 control character in ``text`` as « U+0000 », or "" if there is none."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


class _Deadline:
    """Refuses a file whose reading takes longer than ``settings.IMPORT_PARSE_SECONDS``."""

    def __init__(self) -> None:
        self.end = time.monotonic() + getattr(settings, "IMPORT_PARSE_SECONDS", 20)

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise FileRejected(
                _("La lecture du fichier prend trop de temps (plus de %(seconds)s s) : découpez-le ou allégez-le.")
                % {"seconds": getattr(settings, "IMPORT_PARSE_SECONDS", 20)}
            )


# --- Formula neutralisation -----------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Text a spreadsheet will not run as a formula (OWASP "CSV injection")."""
    if isinstance(value, str) and value and (value.startswith(_DANGEROUS_START) or _NEUTRALISED.match(value)):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text


# --- Reading ---------------------------------------------------------------------------------


def read_table(data: bytes) -> Table:
    """Parse the bytes of an uploaded CSV or XLSX file into a ``Table`` (or raise ``FileRejected``)."""
    limit = settings.IMPORT_MAX_BYTES
    if not data or not data.strip():
        raise FileRejected(_("Le fichier est vide."))
    if len(data) > limit:
        raise FileRejected(
            _("Le fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"PK"):
        raise FileRejected(_("Ce fichier ZIP n'est pas un classeur XLSX lisible."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _(
                "L'ancien format Excel (.xls) n'est pas pris en charge : "
                "enregistrez le classeur en .xlsx ou en CSV UTF-8."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("Le fichier est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 »."))
    if b"\x00" in data[:65536]:
        raise FileRejected(_("Ce fichier n'est ni un CSV ni un classeur XLSX (contenu binaire)."))
    return _read_csv(data)


def _clean_cell(value: str) -> str:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    # Like str.strip(), except that the control characters it counts as spaces stay, to be refused.
    return _OUTER_SPACE.sub("", unneutralise(text))


def _check_row(line: int, cells: list[str]) -> None:
    if len(cells) > MAX_COLUMNS:
        raise FileRejected(_("Ligne %(line)s : plus de %(max)s colonnes.") % {"line": line, "max": MAX_COLUMNS})
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise FileRejected(
                _("Ligne %(line)s : une cellule dépasse %(max)s caractères.") % {"line": line, "max": MAX_CELL_CHARS}
            )


def _build_table(kind: str, records: Iterable[tuple[int, list[str]]], delimiter: str = "") -> Table:
    """``records``: iterable of (line, [raw text]) with blank rows included; builds and checks the table."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in records:
        cells = [_clean_cell(cell) for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        _check_row(line, cells)
        if not cells:
            continue
        if headers is None:
            for number, cell in enumerate(cells, start=1):
                if control_character(cell):
                    raise FileRejected(
                        _(
                            "Ligne %(line)s, colonne %(column)s : "
                            "caractère de contrôle interdit (%(char)s) dans l'en-tête."
                        )
                        % {"line": line, "column": number, "char": control_character(cell)}
                    )
            headers = [cell.lower() for cell in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRejected(_("Le fichier a plus de %(max)s lignes de projets : découpez-le.") % {"max": MAX_ROWS})
        rows.append((line, cells))
    if headers is None:
        raise FileRejected(_("Le fichier est vide."))
    if not rows:
        raise FileRejected(_("Le fichier n'a qu'une ligne d'en-tête, aucun projet."))
    return Table(kind=kind, headers=headers, rows=rows, delimiter=delimiter)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position %(position)s). "
                "Dans votre tableur, enregistrez-le au format « CSV UTF-8 »."
            )
            % {"position": error.start}
        ) from None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    # strict: a quote left open is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    deadline = _Deadline()

    def records() -> Iterator[tuple[int, list[str]]]:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileRejected(_csv_error(line, error, delimiter)) from None
            if reader.line_num > MAX_ROWS * 50:
                raise FileRejected(_("Le fichier a trop de lignes."))
            deadline.check()
            yield line, cells

    return _build_table("csv", records(), delimiter)


def _csv_error(line: int, error: csv.Error, delimiter: str) -> str:
    reason = str(error)
    if reason.startswith("unexpected end of data"):
        return _(
            "Ligne %(line)s : CSV mal formé, un guillemet ouvert dans cette ligne n'est jamais refermé "
            '(les lignes suivantes seraient lues comme une seule cellule). Refermez-le ou doublez-le ("").'
        ) % {"line": line}
    if "expected after" in reason:
        return _(
            "Ligne %(line)s : CSV mal formé, un guillemet fermant est suivi d'autre chose que le séparateur "
            "« %(delimiter)s » : un guillemet ouvert plus haut dans cette ligne n'est sans doute pas refermé."
        ) % {"line": line, "delimiter": delimiter}
    return _("Ligne %(line)s : CSV mal formé (%(reason)s).") % {"line": line, "reason": reason}


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRejected(_("Le classeur XLSX est endommagé (archive illisible).")) from None
    bomb = FileRejected(
        _("Le classeur XLSX se décompresse en un volume anormal (bombe de décompression ?) : il est refusé.")
    )
    if len(members) > XLSX_MAX_MEMBERS:
        raise bomb
    total = 0
    for member in members:
        total += member.file_size
        if total > XLSX_MAX_UNCOMPRESSED:
            raise bomb
        if member.file_size > 1024 * 1024 and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1):
            raise bomb
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > XLSX_MAX_SHARED_STRINGS:
            raise FileRejected(
                _(
                    "Le classeur XLSX contient %(size)s de textes (table des chaînes partagées) ; la limite est de "
                    "%(limit)s. Un import de projets en contient bien moins : découpez le fichier ou supprimez les "
                    "feuilles et cellules inutiles."
                )
                % {"size": filesizeformat(member.file_size), "limit": filesizeformat(XLSX_MAX_SHARED_STRINGS)}
            )
    names = {member.filename for member in members}
    for name in names:
        if name.lower().endswith("sharedstrings.xml"):
            try:
                count = len(_SHARED_STRING.findall(archive.read(name)))
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
                raise FileRejected(_("Le classeur XLSX est endommagé (archive illisible).")) from None
            if count > MAX_CELLS:
                raise FileRejected(
                    _("Le classeur XLSX contient %(count)s textes différents ; la limite est de %(max)s : découpez-le.")
                    % {"count": count, "max": MAX_CELLS}
                )
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("Ce fichier ZIP n'est pas un classeur XLSX lisible."))


def _read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileRejected(_("Le classeur XLSX est endommagé ou n'est pas un classeur Excel.")) from None
    try:
        if not workbook.worksheets:
            raise FileRejected(_("Le classeur XLSX n'a aucune feuille."))
        sheet = workbook["Projets"] if "Projets" in workbook.sheetnames else workbook.worksheets[0]
        # The declared <dimension> may be stale or false: read the rows actually there, all of them.
        sheet.reset_dimensions()
        deadline = _Deadline()

        def records() -> Iterator[tuple[int, list[str]]]:
            cells = 0
            rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_SHEET_LINES + 1, values_only=True)
            for index, values in enumerate(rows, start=1):
                if index > MAX_SHEET_LINES:
                    raise FileRejected(
                        _(
                            "Le classeur a des cellules au-delà de la ligne %(max)s (lignes vides comprises) : "
                            "supprimez les lignes inutiles en bas de la feuille ou découpez le fichier."
                        )
                        % {"max": MAX_SHEET_LINES}
                    )
                texts = [_xlsx_text(value) for value in values]
                cells += sum(1 for text in texts if text)
                if cells > MAX_CELLS:
                    raise FileRejected(
                        _("Le classeur a plus de %(max)s cellules remplies : découpez-le.") % {"max": MAX_CELLS}
                    )
                deadline.check()
                yield index, texts

        try:
            return _build_table("xlsx", records())
        except FileRejected:
            raise
        except Exception:
            raise FileRejected(_("Le classeur XLSX est endommagé : une feuille est illisible.")) from None
    finally:
        workbook.close()


# --- Writing ---------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def write_csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV bytes: UTF-8 with a BOM and ``;`` separators, as French spreadsheets expect."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headers: Sequence[Any], rows: Iterable[Sequence[Any]], help_rows: Iterable[Sequence[Any]] = ()) -> bytes:
    """XLSX bytes: the rows on a "Projets" sheet, optional (column, explanation) rows on an "Aide" sheet."""

    def cell(value: Any) -> Any:
        value = _cell(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projets")
    sheet.freeze_panes = "C2"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([cell(value) for value in row])
    if help_rows:
        help_sheet = workbook.create_sheet("Aide")
        for row in help_rows:
            help_sheet.append([cell(str(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
