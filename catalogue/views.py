"""Site-wide pages: home, glossary, about."""

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisms.models import Organism
from caching.version import cached_per_version
from projects.models import Project, Source, TenureCategory, TenureLine, published_via

from . import glossary

LATEST_CASE_STUDIES = 6


def key_figures():
    """Headline numbers of the published catalogue, in three queries whatever its size."""
    published = Project.objects.published()
    figures = published.aggregate(
        projects=Count("pk"),
        homes=Sum("total_homes"),
        departments=Count("commune__department", distinct=True),
        regions=Count("commune__department__region", distinct=True),
    )
    figures["homes"] = figures["homes"] or 0
    figures["social_landlords"] = (
        Organism.objects.social_landlords().filter(roles__project__in=published).distinct().count()
    )
    per_category = {
        row["category_code"]: row
        for row in TenureLine.objects.filter(project__in=published)
        .annotate(category_code=Coalesce("status__category", "category"))
        .values("category_code")
        .annotate(projects=Count("project", distinct=True), homes=Sum("homes"))
        .order_by()
    }
    figures["categories"] = [
        {
            "code": category.value,
            "label": category.label,
            "projects": per_category.get(category.value, {}).get("projects", 0),
            "homes": per_category.get(category.value, {}).get("homes") or 0,
        }
        for category in TenureCategory
    ]
    return figures


def latest_case_studies(limit=LATEST_CASE_STUDIES):
    queryset = Project.objects.published().order_by("-published_at", "name")
    try:  # The cards' own queryset (developers and tenure lines prefetched), when the projects app provides it.
        from projects.views import card_queryset
    except ImportError:
        return queryset.select_related("commune__department")[:limit]
    return card_queryset(queryset)[:limit]


def healthz(request):
    """Liveness probe for the load balancer and the benchmark's reference: plain text, no database."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def home(request):
    return render(
        request,
        "catalogue/home.html",
        {"figures": cached_per_version("key-figures", key_figures), "latest_projects": latest_case_studies()},
    )


def glossary_page(request):
    return render(
        request,
        "catalogue/glossary.html",
        {
            "letters": glossary.entries_by_letter(),
            "breadcrumbs": [(_("Glossaire"), None)],
        },
    )


def about(request):
    published = published_via("citations__project")
    sources = Source.objects.annotate(
        project_count=Count("citations__project", filter=published, distinct=True)
    ).order_by(F("year").desc(nulls_last=True), "title")
    return render(
        request,
        "catalogue/about.html",
        {"sources": sources, "breadcrumbs": [(_("À propos"), None)]},
    )


# Crawlers may read every page, but not the back-office, the data behind the pages (exports,
# API, CSVs, GeoJSON) nor the endless combinations of filters: the sitemap lists every page.
ROBOTS_DISALLOW = (
    "/admin/",
    "/i18n/",
    "/api/v1/",
    "/api/schema/",
    "/projets/export.",
    "/projets/?",
    "/statistiques/?",
    "/statistiques/*.csv",
    "/statistiques/comparer/",
    "/territoires/carte/?",
    "/territoires/carte.geojson",
    "/territoires/pres-de/",
    "/territoires/communes.json",
)


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
