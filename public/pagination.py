"""Pagination of the public pages: page sizes of the list, pages of project cards.

The card rows of a territory's or an organism's page, and of the list without filters, are read
with SQL compiled once per kind of page, sort and day (``common.precompiled``): the opening's rule
compares dates with today less its validity, so that date is part of the shape."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from common.collation import collated
from common.precompiled import Precompiled
from projects.filters import SORTS, ProjectFilter, facet_keys
from projects.models import Project, ProjectQuerySet, validity_cutoff
from projects.search import full_text_values, ranks_rows, searched_by_texts

PAGE_SIZES = (12, 24, 48, 96)
DEFAULT_PAGE_SIZE = 24

ORGANISMS_SHOWN = 30  # "active organisms" lists on territory pages: the most active ones


def _by_name(queryset: ProjectQuerySet) -> ProjectQuerySet:
    return queryset.order_by(collated("name").asc(), "pk").for_card_rows()


SECTION_ROWS = {
    "region": Precompiled(lambda pk: _by_name(Project.objects.published().filter(commune__department__region_id=pk))),
    "department": Precompiled(lambda pk: _by_name(Project.objects.published().filter(commune__department_id=pk))),
    "organism": Precompiled(lambda pk: _by_name(Project.objects.published().with_actor_among([pk]))),
}


# PostgreSQL: a territory's card rows by its facet key (``facet_keys``: the covering name index tests
# each entry's keys, no join through the commune): a département of 3,000 projects among 270,000,
# 13–23 → 1.7 ms (EXPLAIN ANALYZE on ``scale_bench_300k``).
TERRITORY_FILTERS = {"region": "region", "department": "departement"}
TERRITORY_BY_KEY = Precompiled(
    lambda key: _by_name(Project.objects.published().filter(facet_keys.HasAnyFacetKey([key])))
)


def section_rows_source(kind: str, pk: int) -> tuple[Precompiled, str, tuple]:
    """The ``Precompiled`` rows of a section page, its shape and values: a territory by its facet key
    where the keys are kept (PostgreSQL), else ``SECTION_ROWS[kind]``."""
    if kind in TERRITORY_FILTERS and facet_keys.usable(Project.objects.all()):
        (key,) = facet_keys.keys_of(TERRITORY_FILTERS[kind], pk)
        return TERRITORY_BY_KEY, "territory-key", (key,)
    return SECTION_ROWS[kind], kind, (pk,)


def section_rows(kind: str, pk: int) -> QuerySet:
    """The card rows of the page of region, département or organism ``pk``, as a QuerySet."""
    return SECTION_ROWS[kind].build(pk)


def _unfiltered_list(sort: str | None) -> ProjectQuerySet:
    ordered: Any = ProjectFilter.order(Project.objects.published(), sort)
    return ordered.for_card_rows()


LIST_ROWS = {sort: Precompiled(partial(_unfiltered_list, sort)) for sort in (None, *SORTS)}


def _keyed_list(sort: str | None, shape: tuple, searched: bool, *values: str) -> ProjectQuerySet:
    """The list's card rows under facet keys (``shape``), and a full-text search when ``searched``
    (its two texts are then the first values, the keys follow)."""
    queryset: Any = Project.objects.published()
    if searched:
        queryset = searched_by_texts(queryset, values[0], values[1])
        values = values[2:]
    ordered: Any = ProjectFilter.order(facet_keys.apply_layout(queryset, shape, values), sort, searching=searched)
    return ordered.for_card_rows()


# (sort, filters and their number of keys, searched) → its Precompiled; a few dozen layouts in practice.
_KEYED_ROWS: OrderedDict[tuple, Precompiled] = OrderedDict()
KEYED_LAYOUTS = 64
_KEYED_LOCK = threading.Lock()


def filtered_list_rows(filterset: ProjectFilter) -> "PrecompiledRows | None":
    """The list's card rows when every active filter reads the facet keys (PostgreSQL: a region,
    statuses, Hlm families…) and a search, if any, is answered by full text; compiled once per sort
    and layout (the search's words are values: one SQL for every text); None for other filters."""
    plan = filterset.search_plan
    texts = full_text_values(plan) if plan is not None else None
    if texts is None and ranks_rows(plan):
        return None  # (a substring search: its words are inside LIKE patterns, not values of their own)
    found = facet_keys.layout(filterset, besides=("q",))
    if found is None:
        return None
    shape, keys = found
    sort = filterset.cleaned_data.get("tri")
    sort = sort if sort in SORTS else None
    layout = (sort, shape, texts is not None)
    with _KEYED_LOCK:
        precompiled = _KEYED_ROWS.get(layout)
        if precompiled is not None:
            _KEYED_ROWS.move_to_end(layout)  # (the least used layout goes first)
        else:
            precompiled = _KEYED_ROWS[layout] = Precompiled(partial(_keyed_list, *layout), size=4)
            while len(_KEYED_ROWS) > KEYED_LAYOUTS:
                _KEYED_ROWS.popitem(last=False)
    return PrecompiledRows(precompiled, "keyed", (*(texts or ()), *keys))


class PrecompiledRows:
    """What a paginator slices: the rows of one page, read with ``Precompiled.page``."""

    ordered = True  # (the paginator's check: the SQL orders by name, then primary key)

    def __init__(self, precompiled: Precompiled, shape: Hashable, values: tuple = ()):
        # The opening's rule compares with this date (today less the validity): a constant of the SQL.
        self.precompiled, self.shape, self.values = precompiled, (shape, validity_cutoff()), values

    def __getitem__(self, bounds: slice) -> list[Project]:
        offset = bounds.start or 0
        return self.precompiled.page(self.shape, self.values, offset=offset, limit=bounds.stop - offset)


def list_rows(filterset: ProjectFilter) -> "PrecompiledRows | None":
    """The list's card rows from SQL compiled once per layout: without filters, under facet keys
    and a full-text search; None when the FilterSet's own QuerySet must be read."""
    if not filterset.active_filters:  # (no search either) the same SQL for every visitor
        return unfiltered_list_rows(filterset.cleaned_data.get("tri"))
    return filtered_list_rows(filterset)


def unfiltered_list_rows(sort: str | None) -> PrecompiledRows:
    """The list's card rows without any filter, in the order ``sort`` (None: by name)."""
    sort = sort if sort in SORTS else None  # ("" and None: by name, as ``ProjectFilter.order``)
    return PrecompiledRows(LIST_ROWS[sort], sort)


def project_cards_page(request: HttpRequest, kind: str, pk: int, count: int) -> Page:
    """One page of project cards (``settings.SECTION_PAGE_SIZE``) for the page of region,
    département or organism (``kind``) ``pk``; a page number out of range or not a number gives the
    nearest page, never an error. ``count``: the number of projects (cached with the page's figures).
    The cards' children are read by ``{% project_cards %}`` for the cards it does not find cached."""
    rows = PrecompiledRows(*section_rows_source(kind, pk))
    return KnownCountPaginator(rows, settings.SECTION_PAGE_SIZE, count=count).get_page(request.GET.get("page"))


class KnownCountPaginator(Paginator):
    """A paginator told its count (from the cached facet counts) instead of counting again."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count
