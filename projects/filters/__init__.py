"""Filters of the project list (``filterset``), its facets, query strings, and the organisms' filter.

Every name stays importable from ``projects.filters``.
"""

from .counts import MAP, TOTAL
from .facets import CHOICE_FACETS, build_facets
from .filterset import (
    FACET_CACHE_SECONDS,
    MAX_TEXT_QUERY,
    SORTS,
    BoundedIntegerFilter,
    ProjectFilter,
)
from .organisms import OrganismFilter
from .querystrings import describe_filters, describe_filters_text, filter_errors, filter_querystring, with_query

__all__ = [
    "CHOICE_FACETS",
    "FACET_CACHE_SECONDS",
    "MAP",
    "MAX_TEXT_QUERY",
    "SORTS",
    "TOTAL",
    "BoundedIntegerFilter",
    "OrganismFilter",
    "ProjectFilter",
    "build_facets",
    "describe_filters",
    "describe_filters_text",
    "filter_errors",
    "filter_querystring",
    "with_query",
]
