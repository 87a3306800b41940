"""Query strings of filtered views: canonical, with a sort, described in words."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.translation import pgettext

from .filterset import ProjectFilter


def filter_querystring(query: QueryDict, drop: Iterable[str] = ()) -> str:
    """Only the ``ProjectFilter`` part of a query string (no paging, no export options).

    ``drop`` removes parameters, e.g. ``filterset.form.errors`` so that links from a page that
    ignored invalid values give the same projects as the page rather than a 400.
    """
    kept = QueryDict(mutable=True)
    if query is None:
        return ""
    for name in ProjectFilter.base_filters:
        if name in drop:
            continue
        values = [value for value in query.getlist(name) if value != ""]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def with_query(url: str, querystring: str) -> str:
    return f"{url}?{querystring}" if querystring else url


def filter_errors(filterset: ProjectFilter) -> dict[str, list[str]]:
    """Invalid parameters as ``{name: [message, …]}`` (empty when every value is valid)."""
    if filterset.form.is_valid():
        return {}
    return {name: [str(message) for message in messages] for name, messages in filterset.form.errors.items()}


def describe_filters(filterset: ProjectFilter) -> list:
    """The active filters in words, for people: ``[("Statut d'occupation", "PLUS, PLAI"), …]``."""
    summary = []
    for name in filterset.active_filters:
        value = filterset.form.cleaned_data[name]
        items = list(value) if hasattr(value, "model") or isinstance(value, (list, tuple)) else [value]
        field = filterset.form.fields[name]
        # Model choices label themselves (str(instance)); reading their field's choices would query.
        labels = {} if isinstance(field, forms.ModelChoiceField) else dict(getattr(field, "choices", ()))
        summary.append((filterset.filters[name].label, ", ".join(str(labels.get(item, item)) for item in items)))
    return summary


def describe_filters_text(described: list) -> str:
    """``describe_filters()`` as one line, punctuated in the active language.

    French: "Statut d'occupation : PSLA ; Région : Occitanie"; English: "Tenure type: PSLA; Region: Occitanie".
    """
    separator = pgettext("between two filters in words", " ; ")
    return separator.join(
        pgettext("a filter in words", "%(label)s : %(values)s") % {"label": label, "values": values}
        for label, values in described
    )
