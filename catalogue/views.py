"""The liveness probe and robots.txt (the site's pages are in public.views.pages)."""

from django.http import HttpResponse
from django.urls import reverse


def healthz(request):
    """Liveness probe for the load balancer and the benchmark's reference: plain text, no database."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


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
