"""sitemap.xml: an index of one sitemap per kind of page (each paginated at 50,000 addresses).

Projects are the published ones only, with their last update; organisms, territories and
source documents are public reference pages.
"""

from datetime import datetime
from functools import wraps
from typing import Any, Protocol

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

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


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return STATIC_PAGES

    def location(self, name):
        return reverse(name)


class _QuerySetItems(Protocol):
    def items(self) -> QuerySet[Any]: ...


class LatestByAggregate:
    """The index's <lastmod> from one MAX() query: Django's default calls ``lastmod()`` on every
    item, which loads the whole catalogue for each of the index's pages. For a sitemap whose
    ``items()`` is a queryset of models with an ``updated_at``."""

    def get_latest_lastmod(self: _QuerySetItems) -> datetime | None:
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProjectSitemap(LatestByAggregate, Sitemap):
    changefreq = "monthly"

    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class OrganismSitemap(LatestByAggregate, Sitemap):
    changefreq = "monthly"

    def items(self):
        return Organism.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, organism):
        return organism.updated_at


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.only("slug").order_by("code")


class DepartmentSitemap(Sitemap):
    def items(self):
        return Department.objects.only("slug").order_by("code")


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.only("slug").order_by("pk")

    def location(self, source):
        return reverse("sources:detail", args=[source.slug])


FRENCH_SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticSitemap,
    "projets": ProjectSitemap,
    "organismes": OrganismSitemap,
    "regions": RegionSitemap,
    "departements": DepartmentSitemap,
    "sources": SourceSitemap,
}


def in_english(sitemap: type[Sitemap]) -> type[Sitemap]:
    """The same addresses under /en/. A section of its own per language (not Django's ``i18n``
    option, which loads every item of a section into a list on each request): pages stay queryset
    slices, whatever the number of projects."""

    def location(self: Sitemap, item: Any) -> str:
        return "/en" + sitemap.location(self, item)

    return type(f"English{sitemap.__name__}", (sitemap,), {"location": location})


SITEMAPS: dict[str, type[Sitemap]] = {
    **FRENCH_SITEMAPS,
    **{f"{name}-en": in_english(sitemap) for name, sitemap in FRENCH_SITEMAPS.items()},
}


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
