"""A FilterSet whose filters and form class are built once per process and language.

django-filter builds them again for every FilterSet: a deep copy of every filter, a form field for
each, a form class, then the form deep-copies every field (~1.4 ms a request for ``ProjectFilter``,
before any value is read). Here each filter is copied shallowly (it keeps the field built once) and
given its FilterSet (``parent``: the filter methods run on this instance); the form class is shared
and the form copies each field shallowly.

What is shared holds no rows, so there is nothing to invalidate when the data changes: a model
choice is a queryset, read when a value is validated (a new tenure status, organism or region is a
valid choice at once; a deleted one is not), and each form gets its own copy of it, so a queryset
read by one request is never kept for the next. Labels are lazy translations; the filters and the
form class are still kept per language, so that a label evaluated while building (django-filter's
default labels are) is never served in another language. What belongs to a request stays per
instance: the bound data, the form with its cleaned data and errors, the filters' ``parent``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import translation
from django_filters.filters import Filter, FilterMethod


@dataclass(frozen=True)
class Built:
    filters: dict[str, Filter]  # with their fields built, no parent
    form_class: type[forms.Form]


# (FilterSet class, language) → what that class builds; a handful of entries per process.
_BUILT: dict[tuple[type, str | None], Built] = {}


class SharedFields(dict):
    """A form class's fields: each form gets a shallow copy of each (Django deep-copies them: their
    widgets, choices and validators, which no request changes), a model choice its own queryset."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return {name: _field_for_one_form(field) for name, field in self.items()}


def _field_for_one_form(field: forms.Field) -> forms.Field:
    own = copy.copy(field)
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        own._queryset = field.queryset.all()  # type: ignore[attr-defined]  # (the setter would touch the shared widget)
    return own


def _build(filterset_class: type[django_filters.FilterSet]) -> Built:
    filters: dict[str, Filter] = copy.deepcopy(filterset_class.base_filters)
    for filter_ in filters.values():
        filter_.model = filterset_class._meta.model
    fields = {name: filter_.field for name, filter_ in filters.items()}
    form_class = type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)
    form_class.base_fields = SharedFields(form_class.base_fields)  # type: ignore[attr-defined]
    return Built(filters, form_class)


def built_for(filterset_class: type[django_filters.FilterSet]) -> Built:
    """The filters and form class of ``filterset_class`` in the active language (built on first use;
    two threads building at once build the same thing, the last one is kept)."""
    key = (filterset_class, translation.get_language())
    built = _BUILT.get(key)
    if built is None:
        built = _BUILT[key] = _build(filterset_class)
    return built


def _filter_for(prototype: Filter, filterset: django_filters.FilterSet) -> Filter:
    own = copy.copy(prototype)
    own.parent = filterset
    if prototype.method is not None:  # a FilterMethod calls the method of its filter's parent
        own.filter = FilterMethod(own)
    return own


class SharedFilterSet(django_filters.FilterSet):
    """``django_filters.FilterSet`` with its filters and form class built once (see the module)."""

    def __init__(
        self,
        data: Any = None,  # a QueryDict (or a dict), None: unbound
        queryset: Any = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, prototype in built_for(type(self)).filters.items():
            own = self.filters[name] = _filter_for(prototype, self)
            own.model = queryset.model

    def get_form_class(self) -> type[forms.Form]:
        return built_for(type(self)).form_class
