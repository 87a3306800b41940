#!/usr/bin/env python3
"""Write the French catalogue of plural messages: « 0 projet », not « 0 projets ».

The UI is written in French (the msgids), so French needs no translation, except for
plurals: without a French catalogue, gettext picks the singular for 1 only, while French
uses it for 0 and 1 (Plural-Forms: n > 1). This file lists every plural message of the
English catalogue with its own French forms. Run it after `makemessages -l en`, then
`compilemessages -l fr` (tests/catalogue/test_translation_coverage.py checks it is current).

Usage: python scripts/french_plurals.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_translations import DEFAULT_PO, parse_po

FRENCH_PO = DEFAULT_PO.parents[2] / "fr" / "LC_MESSAGES" / "django.po"
HEADER = """# Plural forms of the French messages, written by scripts/french_plurals.py: do not edit.
msgid ""
msgstr ""
"Project-Id-Version: catalogue\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def quoted(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def french_plurals(english_po=DEFAULT_PO):
    blocks = [HEADER]
    for entry in parse_po(english_po):
        if entry.msgid_plural is None:
            continue
        lines = []
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {quoted(entry.msgctxt)}")
        lines += [
            f"msgid {quoted(entry.msgid)}",
            f"msgid_plural {quoted(entry.msgid_plural)}",
            f"msgstr[0] {quoted(entry.msgid)}",
            f"msgstr[1] {quoted(entry.msgid_plural)}",
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


if __name__ == "__main__":
    FRENCH_PO.parent.mkdir(parents=True, exist_ok=True)
    FRENCH_PO.write_text(french_plurals(), encoding="utf-8")
    print(f"{FRENCH_PO}: written")
