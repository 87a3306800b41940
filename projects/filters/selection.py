"""What a filtered selection adds up to, and how to undo each of its filters.

``selection_figures``: projects, homes and homes per tenure category of the selection (the
summary above the list's results), cached per catalogue version and filters like the facets.
``filter_chips``: one removable "chip" per active filter value, for the list's chips.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from caching.version import catalogue_version

from ..models import Project, TenureCategory, TenureLine
from .filterset import FACET_CACHE_SECONDS, ProjectFilter


def selection_figures(filterset: ProjectFilter) -> dict[str, Any]:
    """``{"projects", "homes", "homes_unknown", "categories": [{"code", "label", "homes"}…]}``.

    Two queries on the first visit of a filter combination, none after (cached with the facets).
    Homes per category add up the tenure lines the sources give, so they may total less than
    ``homes``; a project without a known size is counted in ``homes_unknown``. The key has no
    language: the categories' labels are put in on each read (``_labelled``), in the page's language.
    """
    key = f"selection:{catalogue_version().token}:{filterset.cache_key()}"
    found = cache.get(key)
    if found is not None:
        return _labelled(found)
    matching = filterset.filter_queryset(filterset.queryset).order_by().values("pk")
    totals = Project.objects.filter(pk__in=matching).aggregate(
        projects=Count("pk"),
        homes=Sum("total_homes"),
        homes_known=Count("total_homes"),
    )
    per_category = {
        row["category_code"]: row["homes"] or 0
        for row in TenureLine.objects.filter(project__in=matching)
        .annotate(category_code=Coalesce("status__category", "category"))
        .values("category_code")
        .annotate(homes=Sum("homes"))
        .order_by()
    }
    found = {
        "projects": totals["projects"],
        "homes": totals["homes"] or 0,
        "homes_unknown": totals["projects"] - totals["homes_known"],
        "categories": [
            {"code": category.value, "homes": per_category[category.value]}
            for category in TenureCategory
            if per_category.get(category.value)
        ],
    }
    cache.set(key, found, FACET_CACHE_SECONDS)
    return _labelled(found)


def _labelled(figures: dict[str, Any]) -> dict[str, Any]:
    """The cached figures with each category's label in the active language (a cached label would
    be in the language of whoever computed the figures first)."""
    categories = [{**row, "label": TenureCategory(row["code"]).label} for row in figures["categories"]]
    return {**figures, "categories": categories}


def filter_chips(filterset: ProjectFilter, drop: tuple[str, ...] = ("page", "apres")) -> list[dict[str, Any]]:
    """One chip per active filter value: ``{"name", "label", "value_label", "query"}``.

    ``query`` is the page's query without this value (nor the parameters in ``drop``: the page
    number and keyset cursor): ``{% querystring chip.query %}`` is the link that removes it,
    keeping every other filter, the sort and the page size.
    """
    chips = []
    data = filterset.cleaned_data
    for name in filterset.active_filters:
        value = data[name]
        field = filterset.form.fields[name]
        raw = [item for item in filterset.data.getlist(name) if item != ""]
        if isinstance(field, forms.ModelMultipleChoiceField):
            key = field.to_field_name or "pk"
            items = [(str(getattr(item, key)), str(item)) for item in value]
        elif isinstance(field, forms.ModelChoiceField):
            key = field.to_field_name or "pk"
            items = [(str(getattr(value, key)), str(value))]
        elif isinstance(field, forms.MultipleChoiceField):
            labels: dict[Any, Any] = dict(field.choices)  # type: ignore[arg-type]  # flat choices here
            items = [(str(item), str(labels.get(item, item))) for item in value]
        else:
            items = [(str(value), str(value))]
        multiple = isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))
        for item_value, item_label in items:
            query = filterset.data.copy()
            for dropped in drop:
                query.pop(dropped, None)
            remaining = [other for other in raw if other != item_value] if multiple else []
            if remaining:
                query.setlist(name, remaining)
            else:
                query.pop(name, None)
            chips.append(
                {"name": name, "label": str(filterset.filters[name].label), "value_label": item_label, "query": query}
            )
    return chips
