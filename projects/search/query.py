"""Free-text search over projects, with one results contract on both databases.

Contract: a project matches when every word of the query (lower-cased, accents
stripped) is found in its search document — its name, commune, département,
region, organisms, summary, description, neighbourhood and tenure labels.
"begles" finds Bègles, "cooperative" finds coopérative.

PostgreSQL adds real full-text search (French stemming through the
``french_unaccent`` configuration, ranking) and trigram tolerance for misspelt
names ("vileurbanne"). SQLite uses the normalised text with a light plural strip.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest

from common.text import normalize

SEARCH_CONFIG = "french_unaccent"
TRIGRAM_THRESHOLD = 0.5
TRIGRAM_THRESHOLD_SHORT = 0.65
MIN_FUZZY_WORD = 5
MAX_QUERY_WORDS = 12


def query_words(text: str) -> list[str]:
    return normalize(text).split()[:MAX_QUERY_WORDS]


def _light_stem(word: str) -> str:
    # "cooperatives" -> "cooperative", "bordeaux" stays (only strips a plural s).
    if len(word) > 4 and word.endswith("s"):
        return word[:-1]
    return word


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Filter ``queryset`` to projects matching ``text``; annotate ``search_rank`` (higher is better)."""
    words = query_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_fallback(queryset, words)


def _search_fallback(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        queryset = queryset.filter(search_document__contains=_light_stem(word))
    return queryset.annotate(search_rank=Value(1.0, output_field=FloatField()))


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Each word must match: as a French stem (full text), as a substring, or — for words of
    four letters or more — as a close spelling of a name (trigram word similarity)."""
    vector = SearchVector("search_document", config=SEARCH_CONFIG)
    annotations: dict[str, Func] = {"search_vector": vector}
    condition = Q()
    for index, word in enumerate(words):
        match = Q(search_vector=SearchQuery(word, config=SEARCH_CONFIG, search_type="plain"))
        match |= Q(search_document__contains=word)
        if len(word) >= MIN_FUZZY_WORD:
            # Short words share trigrams too easily ("lille" / "ville"): ask more of them.
            threshold = TRIGRAM_THRESHOLD if len(word) >= 7 else TRIGRAM_THRESHOLD_SHORT
            alias = f"word_similarity_{index}"
            annotations[alias] = TrigramWordSimilarity(word, "search_names")
            # `word <% search_names` (similarity over the connection's threshold, set to the lowest
            # of ours: see set_trigram_threshold) lets the trigram index find candidates; the exact
            # threshold is then checked on them. Without it every search reads every project.
            match |= Q(search_names__trigram_word_similar=word) & Q(**{f"{alias}__gte": threshold})
        condition &= match
    phrase = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
    return (
        queryset.annotate(**annotations)
        .filter(condition)
        .annotate(
            search_rank=Greatest(
                SearchRank(F("search_vector"), phrase),
                TrigramWordSimilarity(" ".join(words), "search_names") / 10,
            )
        )
    )


def set_trigram_threshold(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """Each new PostgreSQL connection: ``<%`` matches from our lowest threshold (connection_created)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET pg_trgm.word_similarity_threshold = %s", [min(TRIGRAM_THRESHOLD, TRIGRAM_THRESHOLD_SHORT)]
            )
