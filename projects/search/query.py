"""Free-text search over projects, with one results contract on both databases.

Contract: a project matches when every word of the query (lower-cased, accents stripped) starts a
word of its indexed text — its name, commune, département, region, organisms, summary,
description, neighbourhood and tenure labels ("begles" finds Bègles, "cooperatives" finds
coopérative, "arte" finds Terra Arte but not « partenaires »). Results are ranked by where the
words are found: the name first, then the places and organisms, then the rest.

When that finds nothing, two fallbacks, tried in order on the query alone (the other filters
apply afterwards), the same on both databases:

1. substring: every word inside the text (``LIKE '%word%'``, served by the trigram GIN index
   on PostgreSQL);
2. spelling: each unknown word replaced by the nearest word of the vocabulary
   (``suggest.corrected_words``: « vileurbanne » → Villeurbanne); the page then says
   « Vouliez-vous dire Villeurbanne ? ».

``plan_search`` decides (one ``EXISTS`` query per step tried); ``apply_plan`` filters and
annotates ``search_rank`` (higher is better). Indexes: ``fulltext``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import FloatField, QuerySet, Value

from common.text import normalize

from .fulltext import SEARCH_CONFIG, full_text, full_text_rank, full_text_texts, light_stem, searched_by_texts
from .suggest import corrected_words

MIN_FUZZY_WORD = 5
MAX_QUERY_WORDS = 12

FULL_TEXT = "full_text"
SUBSTRING = "substring"
CORRECTED = "corrected"
NOTHING = "nothing"
EVERYTHING = "everything"

__all__ = [
    "SEARCH_CONFIG",
    "SearchPlan",
    "apply_plan",
    "full_text_values",
    "plan_search",
    "query_words",
    "ranks_rows",
    "search",
    "searched_by_texts",
]


def query_words(text: str) -> list[str]:
    return normalize(text).split()[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class SearchPlan:
    """How a query is answered: ``mode`` and the ``words`` searched (corrected ones when
    ``mode`` is CORRECTED, with ``suggestion`` the correction as shown)."""

    text: str
    mode: str
    words: tuple[str, ...] = ()
    suggestion: str = ""


def _substring(queryset: QuerySet[Any], words: list[str]) -> QuerySet[Any]:
    for word in words:
        queryset = queryset.filter(search_document__contains=light_stem(word))
    return queryset


def plan_search(base: QuerySet[Any], text: str) -> SearchPlan:
    """Decide how ``text`` is searched among ``base`` (the published projects)."""
    words = query_words(text)
    if not words:
        return SearchPlan(text, EVERYTHING)
    vendor = connection.vendor
    if full_text(base, words, vendor).exists():
        return SearchPlan(text, FULL_TEXT, tuple(words))
    if _substring(base, words).exists():
        return SearchPlan(text, SUBSTRING, tuple(words))
    correction = corrected_words(words)
    if correction is not None and full_text(base, correction[0], vendor).exists():
        return SearchPlan(text, CORRECTED, tuple(correction[0]), correction[1])
    return SearchPlan(text, NOTHING, tuple(words))


def apply_plan(queryset: QuerySet[Any], plan: SearchPlan) -> QuerySet[Any]:
    """``queryset`` filtered as ``plan`` says, annotated with ``search_rank``."""
    words = list(plan.words)
    if plan.mode == EVERYTHING:
        return queryset
    if plan.mode in (FULL_TEXT, CORRECTED):
        vendor = connection.vendor
        return full_text(queryset, words, vendor).annotate(search_rank=full_text_rank(words, vendor))
    queryset = _substring(queryset, words) if plan.mode == SUBSTRING else queryset.none()
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))


def ranks_rows(plan: SearchPlan | None) -> bool:
    """Whether ``apply_plan`` annotates ``search_rank`` (every plan but a query without words)."""
    return plan is not None and plan.mode != EVERYTHING


def full_text_values(plan: SearchPlan) -> tuple[str, str] | None:
    """PostgreSQL, a plan answered by full text: the two texts ``searched_by_texts`` takes (the
    query filters and ranks as ``apply_plan``'s, its SQL the same for every text); else None."""
    if plan.mode not in (FULL_TEXT, CORRECTED) or connection.vendor != "postgresql":
        return None
    return full_text_texts(list(plan.words))


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Filter ``queryset`` to projects matching ``text``; annotate ``search_rank`` (higher is better)."""
    return apply_plan(queryset, plan_search(queryset, text))
