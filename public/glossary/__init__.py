"""The glossary: every acronym and term the catalogue uses, explained in plain words.

Data, not a model: the list changes with the code that uses the terms, and the
``{% abbr %}`` template tag looks entries up here. Each entry is
(key, term, expansion, definition):

- ``key``: what templates pass to ``{% abbr %}`` ("PSLA", "Coop Hlm"); its slug is
  the entry's anchor on the glossary page (``/glossaire/#psla``);
- ``term``: the heading shown on the glossary page;
- ``expansion``: the long form of an acronym (the ``<abbr title>``), empty for words;
- ``definition``: one to three plain sentences that anyone, including a
  76-year-old reader discovering social housing, can follow.

Facts come from the catalogue's sources (see the About page) and from the law
they cite; nothing here is a guess about a project.
"""

from .entries_housing import ENTRIES as HOUSING
from .entries_practice import ENTRIES as PRACTICE
from .entry import GlossaryEntry, _fold

ENTRIES = [*HOUSING, *PRACTICE]

_BY_KEY = {entry.key: entry for entry in ENTRIES}
_BY_FOLDED_KEY = {_fold(entry.key): entry for entry in ENTRIES}


def get_entry(key: object) -> GlossaryEntry | None:
    """The entry for ``key`` ("PSLA", "psla", "Écoquartier"), or None."""
    if key is None:
        return None
    key = str(key).strip()
    return _BY_KEY.get(key) or _BY_FOLDED_KEY.get(_fold(key))


def sorted_entries() -> list[GlossaryEntry]:
    return sorted(ENTRIES, key=lambda entry: entry.sort_key)


def entries_by_letter() -> list[tuple[str, list[GlossaryEntry]]]:
    """[(letter, [entries…]), …] in alphabetical order, for the page and its letter index."""
    groups: dict[str, list[GlossaryEntry]] = {}
    for entry in sorted_entries():
        groups.setdefault(entry.letter, []).append(entry)
    return list(groups.items())
