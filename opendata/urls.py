"""Open-data addresses, composed by catalogue/urls.py: the exports and the feed under /projets/
(namespace ``projects``, with the public list and detail), /donnees/, the sitemaps and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from caching.parameters import accepts

from . import discovery, feed_near, feeds, views
from .sitemaps import SITEMAPS, xml_safe_view

# Under /projets/, in the ``projects`` namespace (never overlaps ``<slug:slug>/``: no dot in a slug).
project_file_patterns = [
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("export.geojson", views.export, {"fmt": "geojson"}, name="export_geojson"),
    path("flux.atom", feeds.ProjectFeed(), name="feed"),
    path("flux-pres-de.atom", feed_near.NearProjectFeed(), name="feed_near"),
]

open_data = path("donnees/", views.open_data, name="open_data")

discovery_patterns = [
    path(
        "sitemap.xml",
        xml_safe_view(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        accepts("p")(xml_safe_view(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", discovery.robots_txt, name="robots"),
]
