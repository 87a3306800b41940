"""One glossary entry, and the folding (case, accents) used to sort and look entries up."""

import unicodedata
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.text import slugify


class GlossaryEntry(NamedTuple):
    key: str
    term: str | Promise
    expansion: str | Promise
    definition: str | Promise

    @property
    def anchor(self):
        return slugify(self.key)

    @property
    def sort_key(self):
        return _fold(str(self.term))

    @property
    def letter(self):
        return self.sort_key[:1].upper()


def _fold(text):
    """Lower-case, accents stripped: "Écoquartier" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
