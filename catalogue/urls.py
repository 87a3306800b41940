from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from opendata import urls as opendata_urls

from . import views
from .media import media_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("glossaire/", views.glossary_page, name="glossary"),
    path("a-propos/", views.about, name="about"),
    opendata_urls.open_data,
    # Without CSRF protection so that public pages carry no per-visitor token and can be cached
    # whole: a forged request could only switch a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("projets/", include("projects.urls")),
    path("sources/", include("projects.urls_sources")),
    path("organismes/", include("organisms.urls")),
    path("territoires/", include("geo.urls")),
    path("api/", include("api.urls")),
    path("statistiques/", include("projects.urls_stats")),
    path("carte/", RedirectView.as_view(pattern_name="geo:map", query_string=True, permanent=False)),
    *opendata_urls.discovery_patterns,  # sitemap.xml, sitemap-<section>.xml, robots.txt
]

urlpatterns += media_urlpatterns()

handler400 = "catalogue.errors.bad_request"
handler403 = "catalogue.errors.permission_denied"
handler404 = "catalogue.errors.page_not_found"
handler500 = "catalogue.errors.server_error"
