"""Free-text search over projects (``query``) and the one maintainer of its texts.

``document`` says what a project's search texts are made of, ``index.refresh_search_text`` is the
only writer of ``Project.search_document``/``search_names``, and ``signals`` schedules a refresh
whenever something those texts read changes (connected in ``ProjectsConfig.ready()``).
"""

from __future__ import annotations

from .document import build_search_texts, search_texts
from .index import flush, refresh_search_text, schedule_refresh
from .query import (
    CORRECTED,
    MAX_QUERY_WORDS,
    MIN_FUZZY_WORD,
    SEARCH_CONFIG,
    SearchPlan,
    apply_plan,
    full_text_values,
    plan_search,
    query_words,
    ranks_rows,
    search,
    searched_by_texts,
)

__all__ = [
    "CORRECTED",
    "MAX_QUERY_WORDS",
    "MIN_FUZZY_WORD",
    "SEARCH_CONFIG",
    "SearchPlan",
    "apply_plan",
    "build_search_texts",
    "flush",
    "full_text_values",
    "plan_search",
    "query_words",
    "ranks_rows",
    "refresh_search_text",
    "schedule_refresh",
    "search",
    "search_texts",
    "searched_by_texts",
]
