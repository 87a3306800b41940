"""sitemap.xml: an index of one sitemap per kind of page (each paginated at 50,000 addresses).

Projects are the published ones only, with their last update; organisms, territories and
source documents are public reference pages.
"""

from datetime import datetime
from functools import wraps
from typing import Any, cast

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property

from common.validators import xml_safe
from geo.models import Department, Region
from organisms.models import Organism
from projects.models import Project, Source

STATIC_PAGES = (
    "home",
    "projects:list",
    "geo:map",
    "geo:index",
    "organisms:list",
    "stats:index",
    "open_data",
    "glossary",
    "about",
    "api:docs",
)


class CatalogueSitemap(Sitemap):
    """A section whose figures (its number of pages, its latest change) are read once per request,
    and only once for both languages: an English section given ``same_figures_as`` its French
    section reuses that section's figures (the index lists 12 sections from 6 sets of figures)."""

    same_figures_as: "CatalogueSitemap | None" = None

    @cached_property
    def paginator(self) -> Paginator:
        if self.same_figures_as is not None:
            return self.same_figures_as.paginator
        return Paginator(cast(Any, self.items()), self.limit)  # (Django's ``_items()`` only adds its ``i18n`` option)

    def get_latest_lastmod(self) -> datetime | None:
        if self.same_figures_as is not None:
            return self.same_figures_as.get_latest_lastmod()
        return super().get_latest_lastmod()


class StaticSitemap(CatalogueSitemap):
    changefreq = "weekly"

    def items(self):
        return STATIC_PAGES

    def location(self, name):
        return reverse(name)


class LatestByAggregate(CatalogueSitemap):
    """The index's <lastmod> and the section's size from one COUNT()/MAX() query: Django's default
    calls ``lastmod()`` on every item, which loads the whole catalogue for each of the index's
    pages. For a sitemap whose ``items()`` is a queryset of models with an ``updated_at``."""

    @cached_property
    def figures(self) -> dict[str, Any]:
        return cast(QuerySet, self.items()).aggregate(count=Count("pk"), latest=Max("updated_at"))

    @cached_property
    def paginator(self) -> Paginator:
        if self.same_figures_as is not None:
            return self.same_figures_as.paginator
        paginator: Paginator = Paginator(cast(QuerySet, self.items()), self.limit)
        paginator.count = self.figures["count"]  # known: no COUNT query of its own
        return paginator

    def get_latest_lastmod(self) -> datetime | None:
        if self.same_figures_as is not None:
            return self.same_figures_as.get_latest_lastmod()
        return self.figures["latest"]


class ProjectSitemap(LatestByAggregate):
    changefreq = "monthly"

    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class OrganismSitemap(LatestByAggregate):
    changefreq = "monthly"

    def items(self):
        return Organism.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, organism):
        return organism.updated_at


class RegionSitemap(CatalogueSitemap):
    def items(self):
        return Region.objects.only("slug").order_by("code")


class DepartmentSitemap(CatalogueSitemap):
    def items(self):
        return Department.objects.only("slug").order_by("code")


class SourceSitemap(CatalogueSitemap):
    def items(self):
        return Source.objects.only("slug").order_by("pk")

    def location(self, source):
        return reverse("sources:detail", args=[source.slug])


FRENCH_SITEMAPS: dict[str, type[CatalogueSitemap]] = {
    "pages": StaticSitemap,
    "projets": ProjectSitemap,
    "organismes": OrganismSitemap,
    "regions": RegionSitemap,
    "departements": DepartmentSitemap,
    "sources": SourceSitemap,
}


def in_english(sitemap: type[CatalogueSitemap]) -> type[CatalogueSitemap]:
    """The same addresses under /en/. A section of its own per language (not Django's ``i18n``
    option, which loads every item of a section into a list on each request): pages stay queryset
    slices, whatever the number of projects."""

    def location(self: Sitemap, item: Any) -> str:
        return "/en" + sitemap.location(self, item)

    return type(f"English{sitemap.__name__}", (sitemap,), {"location": location})


SITEMAPS: dict[str, type[CatalogueSitemap]] = {
    **FRENCH_SITEMAPS,
    **{f"{name}-en": in_english(sitemap) for name, sitemap in FRENCH_SITEMAPS.items()},
}


def index_sections() -> dict[str, CatalogueSitemap]:
    """This request's sections for the index: each English section reads its French one's figures."""
    sections = {name: sitemap() for name, sitemap in SITEMAPS.items()}  # French ones first, as in SITEMAPS
    for name in FRENCH_SITEMAPS:
        sections[f"{name}-en"].same_figures_as = sections[name]
    return sections


def index(request, **kwargs):
    """sitemap.xml, Django's index view over ``index_sections()`` (built anew for each request)."""
    sitemaps: dict[str, Sitemap | type[Sitemap]] = {**index_sections()}
    return sitemap_views.index(request, sitemaps=sitemaps, **kwargs)


def xml_safe_view(view):
    """``view`` (Django's sitemap views), its XML rid of any character XML cannot carry: a
    control character stored before it was refused must not break the whole sitemap."""

    @wraps(view)
    def safe(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        charset = response.charset
        response.content = xml_safe(response.content.decode(charset)).encode(charset)
        return response

    return safe
