"""Page fragments cached per catalogue version: the keys of the filter panel (``{% cache %}`` in
the templates) and the fragments of a page read in one round trip before it renders
(``{% fragment %}``, ``public/templatetags/fragment_tags.py``)."""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import BaseCache, InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key
from django.http import QueryDict
from django.utils import timezone, translation

from caching.version import catalogue_version

# What the filter panel does not show: which page of the results, the keyset cursor.
NOT_IN_FILTERS = ("page", "apres")


def filters_key(data: QueryDict, *extra: object) -> str:
    """The filter panel (``includes/filters_panel.html``) as rendered for the filters typed in
    ``data``: it echoes them as typed (a search's words, an invalid value and its error), ticks the
    chosen options and shows each option's count. The counts belong to the catalogue version and
    the day (an opening becomes « à confirmer » when a day passes: ``ProjectFilter.summary``), the
    labels to the language; ``extra``: anything else the including page passes (page size…)."""
    typed = [(name, data.getlist(name)) for name in sorted(data) if name not in NOT_IN_FILTERS]
    digest = hashlib.md5(repr([typed, extra]).encode(), usedforsecurity=False).hexdigest()  # a cache key
    language = translation.get_language()
    return f"{catalogue_version().token}:{timezone.localdate():%Y%m%d}:{language}:{digest}"


def fragment_cache() -> BaseCache:
    """The cache ``{% cache %}`` uses when none is named."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


def read_fragments(fragments: Iterable[tuple[str, Sequence[Any]]]) -> dict[str, str]:
    """{key: rendered fragment} of those present, for (fragment name, its ``{% cache %}`` vary-on values)."""
    keys = [make_template_fragment_key(name, list(vary_on)) for name, vary_on in fragments]
    return fragment_cache().get_many(keys)
