"""The one FilterSet behind the project list, its exports, the map and the API.

Parameter names are short French words so that shared URLs read well:
/projets/?region=occitanie&statut=psla&statut=plus&annee_min=2010
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caching.front import ProcessCopies
from caching.version import cached_per_version, catalogue_version
from common.collation import collated
from geo.models import Department, Region
from organisms.models import HlmFamily, Organism, OrganismKind

from ..models import (
    InterventionMode,
    OpeningState,
    ParticipatoryFamily,
    Phase,
    Project,
    TenureCategory,
    TenureStatus,
    opening_state,
)
from ..search import SearchPlan, apply_plan, plan_search
from . import facet_keys
from .choices import KnownModelChoiceFilter, KnownModelMultipleChoiceFilter
from .counts import summarise
from .shared import SharedFilterSet

FACET_CACHE_SECONDS = 3600
SUMMARIES = ProcessCopies()  # the summaries this process read last (keys hold the version and the day)

MAX_TEXT_QUERY = 200


def _unset(value: Any) -> bool:
    """No value: nothing typed, or an empty multiple choice (``queryset.none()``, known without a query)."""
    return value in (None, "", [], ()) or (isinstance(value, QuerySet) and value.query.is_empty())


class BoundedIntegerFilter(django_filters.NumberFilter):
    """An integer filter whose bounds keep huge numbers out of the database."""

    field_class = forms.IntegerField


# Unknown years and sizes always sort last.
# Names in French order, accents in their place (common/collation.py).
SORTS = {
    "nom": (collated("name").asc(), "pk"),
    "-nom": (collated("name").desc(), "pk"),
    "livraison": (F("delivery_year").asc(nulls_last=True), collated("name").asc(), "pk"),
    "-livraison": (F("delivery_year").desc(nulls_last=True), collated("name").asc(), "pk"),
    "logements": (F("total_homes").asc(nulls_last=True), collated("name").asc(), "pk"),
    "-logements": (F("total_homes").desc(nulls_last=True), collated("name").asc(), "pk"),
}


class FacetKeysFilter:
    """A model choice filter that reads the facet keys on PostgreSQL and its field's chain of foreign
    keys elsewhere (a filter class rather than a method, so that the API schema still describes it
    by that field: the département's « Code INSEE »)."""

    facet = ""  # its name among facet_keys.PREFIXES

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not _unset(value) and facet_keys.usable(qs):
            return facet_keys.with_any_key(qs, self.facet, value)
        return super().filter(qs, value)  # type: ignore[misc]


class RegionFilter(FacetKeysFilter, KnownModelChoiceFilter):
    facet = "region"


class DepartmentFilter(FacetKeysFilter, KnownModelMultipleChoiceFilter):
    facet = "departement"


class ProjectFilter(SharedFilterSet):
    """Its filters and form class are built once per process and language (``shared``)."""

    q = django_filters.CharFilter(
        label=_("Recherche"),
        method="filter_text",
        max_length=MAX_TEXT_QUERY,
        help_text=_("Un nom de projet, une commune, un organisme, un statut (« begles », « PSLA »…)."),
    )
    region = RegionFilter(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        field_name="commune__department__region",
    )
    departement = DepartmentFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="commune__department__code",
        # A chain of foreign keys: no duplicate row, so no SELECT DISTINCT (django-filter's default for
        # multiple choices), which PostgreSQL refuses with a searched order and server-side binding.
        distinct=False,
    )
    organisme = KnownModelMultipleChoiceFilter(
        label=_("Organisme"),
        queryset=Organism.objects.all(),
        to_field_name="slug",
        method="filter_organism",
    )
    famille_hlm = django_filters.MultipleChoiceFilter(
        label=_("Famille d'organisme Hlm"),
        choices=HlmFamily.choices,
        method="filter_hlm_family",
    )
    statut = KnownModelMultipleChoiceFilter(
        label=_("Statut d'occupation"),
        queryset=TenureStatus.objects.all(),
        to_field_name="code",
        method="filter_tenure_status",
        help_text=_("Projets qui comptent au moins un logement de l'un des statuts cochés."),
    )
    categorie = django_filters.MultipleChoiceFilter(
        label=_("Catégorie de statut"),
        choices=TenureCategory.choices,
        method="filter_tenure_category",
    )
    mode = KnownModelMultipleChoiceFilter(
        label=_("Mode d'intervention"),
        queryset=InterventionMode.objects.all(),
        to_field_name="code",
        method="filter_intervention_mode",
    )
    famille = django_filters.MultipleChoiceFilter(
        label=_("Famille d'habitat participatif"),
        choices=ParticipatoryFamily.choices,
        field_name="participatory_family",
        distinct=False,
    )
    phase = django_filters.MultipleChoiceFilter(
        label=_("Phase"), choices=Phase.choices, field_name="phase", distinct=False
    )
    ouverture = django_filters.MultipleChoiceFilter(
        label=_("Recrutement des habitants"),
        choices=OpeningState.choices,
        method="filter_opening",
        help_text=_(
            "Où en est le recrutement, d'après le bailleur ou le groupe ; « À confirmer » : l'information "
            "date de plus de six mois."
        ),
    )
    annee_min = BoundedIntegerFilter(
        label=_("Livré à partir de"), field_name="delivery_year", lookup_expr="gte", min_value=1900, max_value=2100
    )
    annee_max = BoundedIntegerFilter(
        label=_("Livré jusqu'en"), field_name="delivery_year", lookup_expr="lte", min_value=1900, max_value=2100
    )
    logements_min = BoundedIntegerFilter(
        label=_("Logements, au moins"), field_name="total_homes", lookup_expr="gte", min_value=0, max_value=100_000
    )
    logements_max = BoundedIntegerFilter(
        label=_("Logements, au plus"), field_name="total_homes", lookup_expr="lte", min_value=0, max_value=100_000
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=[
            ("nom", _("Nom (A → Z)")),
            ("-nom", _("Nom (Z → A)")),
            ("-livraison", _("Livraison (récente d'abord)")),
            ("livraison", _("Livraison (ancienne d'abord)")),
            ("-logements", _("Taille (grande d'abord)")),
            ("logements", _("Taille (petite d'abord)")),
        ],
        method="sort",
        empty_label=_("Pertinence / nom"),
    )

    # Filters that each get a facet (options with counts under the other active filters).
    FACETS = (
        "region",
        "departement",
        "organisme",
        "famille_hlm",
        "statut",
        "categorie",
        "mode",
        "famille",
        "phase",
        "ouverture",
    )

    class Meta:
        model = Project
        fields: list[str] = []

    # How the text query is searched (see search_plan_for).
    _search_plan: SearchPlan | None

    # --- filter methods -------------------------------------------------------------
    # drf-spectacular reads the type of ``value`` for the API schema: a plain ``str`` is a string
    # parameter; keep ``Any`` out of these hints (the schema would lose its types).

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return apply_plan(queryset, self.search_plan_for(value))

    def search_plan_for(self, text: str) -> SearchPlan:
        """How ``text`` is searched (full text, substring or corrected spelling: projects.search),
        decided once per FilterSet among the FilterSet's base projects; among every published
        project (the public pages, exports and feeds), once per catalogue version and text."""
        plan: SearchPlan | None = getattr(self, "_search_plan", None)
        if plan is None or plan.text != text:
            base = self.queryset
            if getattr(base, "every_published", False):
                digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
                plan = cached_per_version(f"search-plan:{digest}", lambda: plan_search(base, text))
            else:
                plan = plan_search(base, text)
            self._search_plan = plan
        return plan

    @property
    def search_plan(self) -> SearchPlan | None:
        """The plan of the valid ``q`` parameter, None without one."""
        text = self.cleaned_data.get("q")
        return self.search_plan_for(text) if text else None

    # Facet filters: on PostgreSQL one test of the project's ``facet_keys`` (GIN, facet_keys.py);
    # elsewhere a column, a chain of foreign keys or a subquery, so that rows are never duplicated
    # and facet counts stay exact: "has any of the selected values". No SELECT DISTINCT, which
    # PostgreSQL refuses with a searched order and server-side binding (the rank's parameters in
    # ORDER BY are not those of the select list).
    @staticmethod
    def _having(queryset: QuerySet[Any], name: str, value: Any, condition: Q) -> QuerySet[Any]:
        if not value:
            return queryset
        if facet_keys.usable(queryset):
            return facet_keys.with_any_key(queryset, name, value)
        return queryset.filter(pk__in=Project.objects.filter(condition).values("pk"))

    def filter_organism(self, queryset: QuerySet[Any], name: str, value: QuerySet[Organism]) -> QuerySet[Any]:
        return self._having(queryset, name, value, Q(actors__organism__in=value))

    def filter_hlm_family(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        condition = Q(actors__organism__kind=OrganismKind.HLM, actors__organism__family__in=value)
        return self._having(queryset, name, value, condition)

    def filter_tenure_status(self, queryset: QuerySet[Any], name: str, value: QuerySet[TenureStatus]) -> QuerySet[Any]:
        return self._having(queryset, name, value, Q(tenure_lines__status__in=value))

    def filter_tenure_category(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        condition = Q(tenure_lines__status__category__in=value) | Q(tenure_lines__category__in=value)
        return self._having(queryset, name, value, condition)

    def filter_intervention_mode(
        self, queryset: QuerySet[Any], name: str, value: QuerySet[InterventionMode]
    ) -> QuerySet[Any]:
        return self._having(queryset, name, value, Q(intervention_modes__in=value))

    def filter_opening(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(pk__in=Project.objects.alias(state=opening_state()).filter(state__in=value).values("pk"))

    def sort(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Applied last by filter_queryset(), so ordering wins over search ranking.
        return queryset

    # --- application ------------------------------------------------------------------

    @property
    def cleaned_data(self) -> dict[str, Any]:
        """Valid values only; invalid ones are reported as form errors and ignored."""
        if self.is_bound:
            self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def filter_queryset(self, queryset: QuerySet[Any], exclude: Iterable[str] = ()) -> QuerySet[Any]:
        data = self.cleaned_data
        for name, value in data.items():
            if name in exclude or name == "tri" or _unset(value):
                continue  # (every filter returns an unset value's queryset as it is)
            queryset = self.filters[name].filter(queryset, value)
        return self.order(queryset, data.get("tri"), searching="search_rank" in queryset.query.annotations)

    @staticmethod
    def order(queryset: QuerySet[Any], sort: str | None, searching: bool = False) -> QuerySet[Any]:
        if sort in SORTS:
            return queryset.order_by(*SORTS[sort])
        if searching:
            return queryset.order_by("-search_rank", collated("name").asc(), "pk")
        return queryset.order_by(collated("name").asc(), "pk")

    @property
    def active_filters(self) -> list[str]:
        """Names of the filters the user actually set (valid values only)."""
        return [name for name, value in self.cleaned_data.items() if name != "tri" and not _unset(value)]

    # --- facets -------------------------------------------------------------------------

    def cache_key(self) -> str:
        """The valid filters, normalised: two URLs selecting the same projects share a key."""
        if "_cache_key" in self.__dict__:  # asked by the facets, the selection and the charts of one page
            return self.__dict__["_cache_key"]
        parts = []
        for name, value in sorted(self.cleaned_data.items()):
            if name == "tri" or value in (None, "", [], ()) or (isinstance(value, QuerySet) and value.query.is_empty()):
                continue  # (an empty multiple choice is ``queryset.none()``: not iterated)
            if name == "q":
                value = " ".join(str(value).lower().split())
            items = value if isinstance(value, (list, tuple)) or hasattr(value, "model") else [value]
            parts.append(f"{name}={','.join(sorted(str(getattr(item, 'pk', item)) for item in items))}")
        key = hashlib.md5("&".join(parts).encode(), usedforsecurity=False).hexdigest()  # a cache key
        self.__dict__["_cache_key"] = key
        return key

    def summary(self) -> dict[str, Any]:
        """Counts for the page, cached per catalogue version and filters (see :meth:`_summarise`)."""
        # The day is in the key: an opening becomes « à confirmer » when a day passes, not on a write.
        key = f"facets:{catalogue_version().token}:{timezone.localdate():%Y%m%d}:{self.cache_key()}"
        if self.__dict__.get("_summary_key") == key:  # one cache read per page, not one per use
            return self.__dict__["_summary"]
        found = SUMMARIES.get(key)  # shared by the requests of this process: read, never changed
        if found is None:
            found = cache.get(key)
        if found is None:
            found = self._summarise()
            cache.set(key, found, FACET_CACHE_SECONDS)
        SUMMARIES.keep(key, found)
        self.__dict__.update(_summary_key=key, _summary=found)
        return found

    def facet_counts(self) -> dict[str, dict[Any, int]]:
        """For each facet, {option value: number of projects} under every *other* active filter."""
        return self.summary()["counts"]

    def _summarise(self) -> dict[str, Any]:
        """In ONE statement (projects/filters/counts.py): for each facet, the count of each option
        under every *other* active filter, with its label; the number of matching projects; and
        their number per département (for the map)."""
        return summarise(self)
