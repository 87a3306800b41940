"""Open-data addresses, composed by catalogue/urls.py: the exports and the feed under /projets/
(namespace ``projects``, with the public list and detail), /donnees/, the sitemaps and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from caching.parameters import accepts

from . import discovery, feed_near, feeds, package_views, views
from .sitemaps import SITEMAPS, index, xml_safe_view

# Under /projets/, in the ``projects`` namespace (never overlaps ``<slug:slug>/``: no dot in a slug).
project_file_patterns = [
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("export.geojson", views.export, {"fmt": "geojson"}, name="export_geojson"),
    path("flux.atom", feeds.ProjectFeed(), name="feed"),
    path("faits.csv", views.facts_export, {"fmt": "csv"}, name="facts_csv"),
    path("faits.json", views.facts_export, {"fmt": "json"}, name="facts_json"),
    path("flux-pres-de.atom", feed_near.NearProjectFeed(), name="feed_near"),
]

open_data = path("donnees/", views.open_data, name="open_data")

data_package_patterns = [
    path("donnees/datapackage.json", package_views.package, name="opendata_package"),
    path("donnees/tables/<slug:table>.csv", package_views.table_csv, name="opendata_table"),
    path("donnees/catalogue.jsonld", package_views.dcat, name="opendata_dcat"),
    path("donnees/versions/", package_views.release_list, name="opendata_releases"),
    path("donnees/versions/<slug:version>/", package_views.release_detail, name="opendata_release"),
    path(
        "donnees/versions/<slug:version>/<str:name>",
        package_views.release_file,
        name="opendata_release_file",
    ),
]

discovery_patterns = [
    path(
        "sitemap.xml",
        xml_safe_view(index),
        {"sitemap_url_name": "sitemap-section"},
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
