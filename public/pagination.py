"""Pagination of the public pages: page sizes of the list, pages of project cards."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from projects.models import ProjectQuerySet

PAGE_SIZES = (12, 24, 48, 96)
DEFAULT_PAGE_SIZE = 24

ORGANISMS_SHOWN = 30  # "active organisms" lists on territory pages: the most active ones


def project_cards_page(request: HttpRequest, queryset: ProjectQuerySet, count: int | None = None) -> Page:
    """One page of project cards (``settings.SECTION_PAGE_SIZE``) for the pages that list a
    territory's or an organism's projects; a page number out of range or not a number gives the
    nearest page, never an error. ``count``: the number of projects when already known (cached).
    The cards' children are read by ``{% project_cards %}`` for the cards it does not find cached."""
    if count is None:
        paginator = Paginator(queryset.for_card_rows(), settings.SECTION_PAGE_SIZE)
    else:
        paginator = KnownCountPaginator(queryset.for_card_rows(), settings.SECTION_PAGE_SIZE, count=count)
    return paginator.get_page(request.GET.get("page"))


class KnownCountPaginator(Paginator):
    """A paginator told its count (from the cached facet counts) instead of counting again."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count
