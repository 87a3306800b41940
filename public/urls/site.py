"""The site's own pages (no namespace: "home", "glossary", "about")."""

from django.urls import path

from ..views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("glossaire/", pages.glossary_page, name="glossary"),
    path("a-propos/", pages.about, name="about"),
]
