"""« Vouliez-vous dire … ? »: the nearest known spelling of each word of a search that found nothing.

The vocabulary is every word of the published projects' names, their communes, every
département and region, and the organisms' names, with how many projects each word names. It is
computed once per catalogue version (cached) and only when a search found nothing. Each query
word that is not in it is replaced by the nearest word within a few edits (« vileurbanne »,
« villeurbane » → Villeurbanne, « bordaux » → Bordeaux, « lile » → Lille): fewest edits first,
then a word with the same first letter, then the word naming the most projects. A search's
correction is kept per catalogue version too: comparing a word with the whole vocabulary is
≈ 100 ms of Python at 100,000 projects, paid once per misspelling and version, not per request.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from caching.version import cached_per_version
from common.text import normalize
from geo.models import Department, Region
from organisms.models import Organism

from ..models import Project

MIN_WORD = 3
_WORD = re.compile(r"\w+")


def allowed_edits(word: str) -> int:
    if len(word) <= 4:
        return 1
    return 2 if len(word) <= 9 else 3


def _words(texts: Iterable[str | None], counts: Counter[str], display: dict[str, str], weight: int = 1) -> None:
    for text in texts:
        for token in _WORD.findall(text or ""):
            key = normalize(token)
            if len(key) >= MIN_WORD and " " not in key:
                counts[key] += weight
                display.setdefault(key, token[:1].upper() + token[1:] if token.islower() else token)


def build_vocabulary() -> dict[str, tuple[str, int]]:
    """{normalised word: (as written, number of projects it names)}."""
    counts: Counter[str] = Counter()
    display: dict[str, str] = {}
    for name, commune in Project.objects.published().values_list("name", "commune__name").iterator(chunk_size=5000):
        _words((name, commune), counts, display)
    _words(Department.objects.values_list("name", flat=True), counts, display)
    _words(Region.objects.values_list("name", flat=True), counts, display)
    for name, short_name in Organism.objects.values_list("name", "short_name"):
        _words((name, short_name), counts, display)
    return {key: (display[key], count) for key, count in counts.items()}


def vocabulary() -> dict[str, tuple[str, int]]:
    result: dict[str, tuple[str, int]] = cached_per_version("search-vocabulary", build_vocabulary)
    return result


def edit_distance(first: str, second: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def nearest_word(word: str, known: dict[str, tuple[str, int]]) -> str | None:
    """The known word nearest to ``word`` within its allowed edits, else None."""
    limit = allowed_edits(word)
    best: tuple[int, int, int, str] | None = None
    for candidate, (_, count) in known.items():
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (distance, candidate[0] != word[0], -count, candidate)
        if best is None or key < best:
            best = key
    return best[3] if best is not None else None


def corrected_words(words: list[str]) -> tuple[list[str], str] | None:
    """(corrected words, the correction as it should be shown), or None when nothing changes."""
    key = "search-correction:" + hashlib.md5(" ".join(words).encode(), usedforsecurity=False).hexdigest()
    # In a 1-tuple: None (nothing to correct) is a result to keep, not a cache miss.
    (result,) = cached_per_version(key, lambda: (_corrected_words(words),))
    return result


def _corrected_words(words: list[str]) -> tuple[list[str], str] | None:
    known = vocabulary()
    corrected, shown, changed = [], [], False
    for word in words:
        replacement = None if word in known or len(word) < MIN_WORD + 1 or word.isdigit() else nearest_word(word, known)
        if replacement is None:
            corrected.append(word)
            shown.append(known[word][0] if word in known else word)
        else:
            changed = True
            corrected.append(replacement)
            shown.append(known[replacement][0])
    return (corrected, " ".join(shown)) if changed else None
