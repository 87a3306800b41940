"""The query parameters each public view reads, declared beside the view, and the canonical
form of a public address built from them (used by ``caching.middleware`` before the cache key).

A view declares what it reads with ``@accepts(ProjectFilter, NearForm, "page")``: FilterSets and
forms give their own parameter names (a field added to the FilterSet is known at once; there is
no hand-typed list to drift), strings name the others. DRF views are read from their
``filterset_class`` and ``pagination_class``. A view that declares nothing reads no parameter.

The canonical query keeps the known parameters only, each (name, value) pair once, sorted by
name (a repeated parameter keeps its values' order: ``p=a&p=b`` compares a with b), so that
``?page=2&utm_source=x&page=2`` and ``?page=2`` are one address, one cache entry.
"""

from functools import cache
from urllib.parse import parse_qsl, urlencode


def accepts(*sources):
    """Declare the query parameters of a view (function, class, or Feed-like callable class)."""

    def declare(view):
        view.query_parameters = sources
        return view

    return declare


def _names_of(source):
    if isinstance(source, str):
        return {source}
    if hasattr(source, "base_filters"):  # a django-filter FilterSet
        fields = {name: filter_.field for name, filter_ in source.base_filters.items()}
    else:  # a Django form
        fields = source.base_fields
    names: set[str] = set()
    for name, field in fields.items():
        subwidgets = getattr(field.widget, "widgets_names", None)  # MultiWidget: name_min, name_max…
        names.update(f"{name}{suffix}" for suffix in subwidgets) if subwidgets else names.add(name)
    return names


def _drf_sources(view_class):
    sources = []
    if getattr(view_class, "filterset_class", None) is not None:
        sources.append(view_class.filterset_class)
    pagination = getattr(view_class, "pagination_class", None)
    if pagination is not None:
        sources += [getattr(pagination, "page_query_param", None), getattr(pagination, "page_size_query_param", None)]
    return [source for source in sources if source]


@cache
def view_parameters(view):
    """The set of parameter names ``view`` (a resolved URL's ``func``) reads."""
    for owner in (view, getattr(view, "view_class", None), getattr(view, "cls", None), type(view)):
        declared = getattr(owner, "query_parameters", None)
        if declared is not None:
            return frozenset().union(*(_names_of(source) for source in declared))
    if getattr(view, "cls", None) is not None:
        return frozenset().union(*(_names_of(source) for source in _drf_sources(view.cls)))
    return frozenset()


def canonical_query(query_string, known):
    """``query_string`` with the ``known`` parameters only, each pair once, sorted by name."""
    pairs, seen = [], set()
    for pair in parse_qsl(query_string, keep_blank_values=True, max_num_fields=None):
        if pair[0] in known and pair not in seen:
            seen.add(pair)
            pairs.append(pair)
    pairs.sort(key=lambda pair: pair[0])
    return urlencode(pairs)
