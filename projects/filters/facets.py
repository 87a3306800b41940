"""Facets of the project list: the options of each filter with their counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from organisms.models import HlmFamily

from ..models import OpeningState, ParticipatoryFamily, Phase, TenureCategory
from .filterset import ProjectFilter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHOICE_FACETS = {
    "famille_hlm": HlmFamily.choices,
    "categorie": TenureCategory.choices,
    "famille": ParticipatoryFamily.choices,
    "phase": Phase.choices,
    "ouverture": OpeningState.choices,
}


def _selected_labels(filterset: ProjectFilter, facet: str) -> dict[str, tuple[str, int]]:
    """{value: (label, sort)} of the options the user selected (shown even when their count is 0)."""
    value = filterset.cleaned_data.get(facet)
    if facet in CHOICE_FACETS or not value:
        return {}
    items = value if facet != "region" else [value]
    field = {"region": "slug", "departement": "code", "organisme": "slug", "statut": "code", "mode": "code"}[facet]
    labels = {}
    for item in items:
        name = item.short_name if facet == "statut" else item.name
        labels[getattr(item, field)] = (name, getattr(item, "position", 0))
    return labels


def _options(facet: str, values: set[str], labels: dict[str, tuple[str, int]]) -> list[tuple[str, StrOrPromise]]:
    """[(value, label), …] of the values present, in display order."""
    if facet in CHOICE_FACETS:
        return [(value, label) for value, label in CHOICE_FACETS[facet] if value in values]
    known = [(value, *labels[value]) for value in values if value in labels]
    if facet == "departement":
        return [(code, f"{name} ({code})") for code, name, _sort in sorted(known)]
    if facet in ("statut", "mode"):
        return [(value, name) for value, name, _sort in sorted(known, key=lambda row: (row[2], row[1]))]
    return [(value, name) for value, name, _sort in sorted(known, key=lambda row: (row[1], row[0]))]


def build_facets(filterset: ProjectFilter) -> list:
    """Facets for display: options with counts under the other filters; empty options hidden
    unless the user selected them (then shown with 0 so they can be unticked)."""
    summary = filterset.summary()
    counts = summary["counts"]
    facets = []
    for facet in ProjectFilter.FACETS:
        selected = set(filterset.data.getlist(facet)) if hasattr(filterset.data, "getlist") else set()
        present = set(counts[facet]) | selected
        labels = {**_selected_labels(filterset, facet), **summary["labels"][facet]}
        options = [
            {
                "value": value,
                "label": label,
                "count": counts[facet].get(value, 0),
                "checked": value in selected,
            }
            for value, label in _options(facet, present, labels)
        ]
        hidden = 0
        limit = settings.FACET_MAX_OPTIONS
        if facet not in CHOICE_FACETS and facet != "departement" and len(options) > limit:
            # Organisms grow with the catalogue: show the busiest ones (and every ticked one), in
            # the usual order, and say how many more there are.
            busiest = sorted(options, key=lambda option: (not option["checked"], -option["count"]))[:limit]
            kept = {option["value"] for option in busiest}
            hidden = len(options) - len(kept)
            options = [option for option in options if option["value"] in kept]
        facets.append(
            {
                "name": facet,
                "label": filterset.filters[facet].label,
                "options": options,
                "hidden_count": hidden,
                "single": facet == "region",
                "errors": filterset.form.errors.get(facet, []),
            }
        )
    return facets


# --- Query strings and descriptions shared by the list, its exports, feeds and statistics ------
