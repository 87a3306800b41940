"""The key of a page's filter panel cached per catalogue version (``{% cache … filters_key %}``):
the list, the map (``public``) and the statistics (``stats``) show the same panel."""

import hashlib

from django.http import QueryDict
from django.utils import timezone, translation

from .version import catalogue_version

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


def results_key(data: QueryDict, *extra: object) -> str:
    """The key of what the list shows around its cards for the filters in ``data``, links included
    (the active filters' chips, the selection's figures, the downloads, the page links): as
    ``filters_key``, with the parameters in the order typed, as the links keep them."""
    typed = [(name, values) for name, values in data.lists() if name not in NOT_IN_FILTERS]
    return filters_key(data, *extra, typed)
