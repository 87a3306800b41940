"""robots.txt: crawlers may read every page, the sitemap (opendata.sitemaps) lists them."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Crawlers may read every page, but not the back-office, the data behind the pages (exports,
# API, CSVs, GeoJSON) nor the endless combinations of filters: the sitemap lists every page.
UNLOCALISED_DISALLOW = ("/admin/", "/i18n/", "/api/v1/", "/api/schema/")
# Public addresses exist once per language: French at the root, English under /en/.
LOCALISED_DISALLOW = (
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
ROBOTS_DISALLOW = (
    *UNLOCALISED_DISALLOW,
    *LOCALISED_DISALLOW,
    *(f"/en{path}" for path in LOCALISED_DISALLOW),
)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
