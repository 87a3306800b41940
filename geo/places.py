"""Where the user says: a commune from its INSEE code, postcode or name (accents, case and
hyphens ignored), found, ambiguous or unknown. Used by "near a place" and the list's suggestions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from common.text import normalize

from .models import Commune, CommuneQuerySet

MAX_CANDIDATES = 20
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = r"^(?:\d{5}|2[AB]\d{3})$"
# "Saint-Denis (974)": a name followed by its département code, as the suggestions write it.
NAME_WITH_DEPARTMENT_RE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>\d[\dAB]\d?)\s*\)\s*$", re.IGNORECASE)


class Place:
    """The outcome of resolving what the user typed: found, ambiguous or unknown."""

    def __init__(self, commune: Commune | None = None, candidates: Iterable[Commune] = (), more: bool = False) -> None:
        self.commune = commune
        self.candidates = list(candidates)
        self.more = more

    @property
    def found(self) -> bool:
        return self.commune is not None

    @property
    def ambiguous(self) -> bool:
        return self.commune is None and bool(self.candidates)


def commune_queryset() -> CommuneQuerySet:
    """Communes with their département (what a place's label shows)."""
    return Commune.objects.select_related("department")


def resolve_place(text: str | None, insee: str = "") -> Place:
    """A commune from an INSEE code (chosen among candidates), a postcode or a name, in one query.

    Names are compared normalised (accents, case, hyphens ignored): the exact name first,
    then names that start with it; most populous first. One exact match is the place; several
    exact matches, or several prefix matches, make it ambiguous (exact ones listed first).
    """
    if insee:
        commune = commune_queryset().filter(insee_code=insee).first()
        return Place(commune=commune) if commune else Place()
    text = (text or "").strip()
    if POSTCODE_RE.match(text):
        rows = list(commune_queryset().by_postcode(text)[: MAX_CANDIDATES + 1])
    else:
        communes = commune_queryset()
        match = NAME_WITH_DEPARTMENT_RE.match(text)
        if match:
            text = match.group("name")
            communes = communes.filter(department__code=match.group("code").upper())
        wanted = normalize(text)
        rows = list(communes.search(text)[: MAX_CANDIDATES + 1])
        exact = [commune for commune in rows if commune.search_name == wanted]
        if len(exact) == 1:
            # One exact match wins: a prefix match never competes with it.
            rows = exact
        # Several exact matches ("Clermont": Oise, Landes…) stay first among the candidates,
        # followed by the longer names ("Clermont-Ferrand"), the likely intent of many.
    if len(rows) == 1:
        return Place(commune=rows[0])
    return Place(candidates=rows[:MAX_CANDIDATES], more=len(rows) > MAX_CANDIDATES)
