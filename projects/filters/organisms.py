"""The FilterSet of the organisms' list (and the API's), by Hlm family, kind and region of their projects."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from geo.models import Region
from organisms.models import HlmFamily, Organism, OrganismKind

from ..models import Project


class OrganismFilter(django_filters.FilterSet):
    famille = django_filters.MultipleChoiceFilter(
        label=_("Famille Hlm"), choices=HlmFamily.choices, field_name="family", widget=forms.CheckboxSelectMultiple
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Type d'acteur"), choices=OrganismKind.choices, field_name="kind", widget=forms.CheckboxSelectMultiple
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région où il porte des projets"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Toutes les régions"),
    )

    class Meta:
        model = Organism
        fields: list[str] = []

    def filter_region(self, queryset: QuerySet[Organism], name: str, value: Region) -> QuerySet[Organism]:
        projects = Project.objects.published().filter(commune__department__region=value)
        return queryset.filter(roles__project__in=projects).distinct()
