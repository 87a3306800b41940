#!/usr/bin/env python3
"""Check the English catalogue: every entry translated, none fuzzy, the .mo up to date.

Usage: python scripts/check_translations.py [path/to/django.po]

Exits 1 and lists the offending entries when ``locale/en/LC_MESSAGES/django.po``
- has an entry whose ``msgstr`` (or one of its ``msgstr[n]``) is empty;
- has a ``#, fuzzy`` entry (Django ignores them at run time), the header included;
- has no compiled ``django.mo`` next to it, or a ``.mo`` older than the ``.po``.

A ``git clone`` or checkout does not keep modification times, so a ``.mo`` that is
older than its ``.po`` is only reported when its content also differs from the
``.po`` (compiled with ``compilemessages``): the translations it would serve are
what matters. A ``.mo`` whose content differs is reported whatever its date.

Standard library only, so that tests can call it without gettext or polib.
Obsolete entries (``#~``) are ignored.
"""

import gettext
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))")


def _unescape(text):
    def replace(match):
        octal, hexa, char = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16))
        return _ESCAPES.get(char, char)

    return _ESCAPE_RE.sub(replace, text)


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # index (0 for a singular entry) -> text

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def is_untranslated(self):
        if not self.msgstr:
            return True
        if self.msgid_plural is not None and len(self.msgstr) < 2:
            return True
        return any(text == "" for text in self.msgstr.values())

    def label(self):
        text = self.msgid.replace("\n", "\\n")
        if len(text) > 90:
            text = text[:87] + "..."
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{text!r}"


def parse_po(path):
    """The entries of a PO file, obsolete ones left out."""
    entries = []
    current = None
    target = None  # (attribute, index) the next continuation string belongs to
    pending_flags = set()
    pending_line = None

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue  # obsolete entry
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            if line.startswith("#,"):
                pending_flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            if pending_line is None:
                pending_line = number
            target = None
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: string without a keyword")
            value = _unescape(line[1:-1])
            attribute, index = target
            if attribute == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, attribute, getattr(current, attribute) + value)
            continue
        value = _unescape(rest.strip()[1:-1])
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            finish()
        if current is None:
            current = Entry(line=pending_line or number, flags=pending_flags)
            pending_flags, pending_line = set(), None
        if keyword == "msgctxt":
            current.msgctxt = value
            target = ("msgctxt", None)
        elif keyword == "msgid":
            current.msgid = value
            current.line = current.line or number
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural = value
            target = ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0] = value
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
    finish()
    return entries


def _plural_forms(header_text):
    for line in header_text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            return value.strip()
    return None


def mo_differences(entries, mo_path):
    """What the compiled catalogue lacks or serves differently from the PO file."""
    with open(mo_path, "rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    header = catalog.pop("", "")
    differences = []
    expected_keys = set()
    for entry in entries:
        if entry.is_header:
            if _plural_forms(header) != _plural_forms(entry.msgstr.get(0, "")):
                differences.append("header: Plural-Forms differ")
            continue
        if entry.is_fuzzy or entry.is_untranslated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected = {key: entry.msgstr[0]}
        else:
            expected = {(key, index): text for index, text in entry.msgstr.items()}
        for mo_key, text in expected.items():
            expected_keys.add(mo_key)
            if catalog.get(mo_key) != text:
                differences.append(entry.label())
                break
    extra = [key for key in catalog if key not in expected_keys]
    if extra:
        differences.append(f"{len(extra)} message(s) in the .mo that the .po does not translate")
    return differences


def check(po_path=DEFAULT_PO):
    """The list of problems (empty when all is well)."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return [f"{po_path} does not exist"]
    entries = parse_po(po_path)
    problems = []
    untranslated = [e for e in entries if not e.is_header and e.is_untranslated]
    fuzzy = [e for e in entries if e.is_fuzzy]
    for entry in untranslated:
        problems.append(f"untranslated: {entry.label()}")
    for entry in fuzzy:
        problems.append(f"fuzzy: {'header' if entry.is_header else entry.label()}")
    if not mo_path.exists():
        problems.append(f"{mo_path.name} is missing: run `manage.py compilemessages`")
        return problems
    differences = mo_differences(entries, mo_path)
    older = mo_path.stat().st_mtime < po_path.stat().st_mtime
    if differences:
        why = "is older than the .po and " if older else ""
        problems.append(
            f"{mo_path.name} {why}does not match the .po: run `manage.py compilemessages` "
            f"({len(differences)} difference(s))"
        )
        problems.extend(f"  not compiled: {difference}" for difference in differences[:20])
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    po_path = Path(argv[0]) if argv else DEFAULT_PO
    problems = check(po_path)
    if problems:
        print(f"{po_path}: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    entries = parse_po(po_path)
    print(
        f"{po_path}: {sum(1 for e in entries if not e.is_header)} entries, all translated, none fuzzy; .mo up to date"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
