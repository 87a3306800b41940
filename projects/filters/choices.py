"""The model choices of the list's filters (a region, départements, organisms, statuses, modes)
validated against this process's copy of their table, per catalogue version, instead of a query per
filter: « Occitanie, OPH, PLUS » asked the region and the status of the database on every request
(≈ 1.5 ms of CPU and two round trips of a page that costs ≈ 12).

Every change of these tables changes the catalogue version (caching/triggers.py), so a new status
is a valid choice at once and a deleted organism is not. The values are the same as Django's fields
give: the instances (a copy each, the table's own never leave it), a multiple choice in the order
of the field's queryset, the same error messages.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django_filters import fields

from caching.front import ProcessCopies
from caching.version import catalogue_version

TABLES = ProcessCopies(size=32)  # a handful of small reference tables per catalogue version


def known_choices(queryset: QuerySet[Any], key: str) -> dict[str, Model]:
    """{str(value of ``key``): instance} of ``queryset`` (a whole table: ``Model.objects.all()``), in its order."""
    name = f"{catalogue_version().token}:{queryset.model._meta.label}:{key}:{queryset.query.order_by}"
    table: dict[str, Model] | None = TABLES.get(name)
    if table is None:
        table = {str(getattr(instance, key)): instance for instance in queryset.all()}
        TABLES.keep(name, table)
    return table


def _checked(field: fields.ModelChoiceField | fields.ModelMultipleChoiceField) -> QuerySet[Any]:
    queryset = field.queryset
    if queryset is None or queryset.query.has_filters() or queryset.query.is_sliced:
        raise ValueError("known choices are a whole table: Model.objects.all()")
    return queryset


class KnownModelChoiceField(fields.ModelChoiceField):
    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        queryset = _checked(self)
        key = self.to_field_name or "pk"
        if isinstance(value, queryset.model):
            value = getattr(value, key)
        found = known_choices(queryset, key).get(str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return copy.copy(found)


class KnownModelMultipleChoiceField(fields.ModelMultipleChoiceField):
    def _check_values(self, value: Iterable[Any]) -> list[Model]:  # (a list, not a QuerySet)
        try:
            wanted = [str(item) for item in frozenset(value)]
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        table = known_choices(_checked(self), self.to_field_name or "pk")
        for item in wanted:
            if item not in table:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return [copy.copy(instance) for item, instance in table.items() if item in wanted]


class KnownModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KnownModelChoiceField


class KnownModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KnownModelMultipleChoiceField
