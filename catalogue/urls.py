from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from caching.parameters import accepts
from opendata import urls as opendata_urls
from projects.filters import ProjectFilter
from public.urls import projects as public_projects
from public.views import pages

from . import views
from .media import media_urlpatterns
from .middleware import accepts_post

# Addresses without a language: the back-office and the API follow the visitor's choice (cookie) or
# browser; the others are technical (catalogue/locale.py).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Without CSRF protection so that public pages carry no per-visitor token and can be cached
    # whole: a forged request could only switch a visitor's language.
    path("i18n/setlang/", accepts_post(csrf_exempt(set_language)), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    *opendata_urls.discovery_patterns,  # sitemap.xml, sitemap-<section>.xml, robots.txt
]

# Every page a visitor reads, once per language: French at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("glossaire/", pages.glossary_page, name="glossary"),
    path("a-propos/", pages.about, name="about"),
    path("", include("public.urls.trust")),  # legal notice, accessibility, personal data, contact
    opendata_urls.open_data,
    *opendata_urls.data_package_patterns,
    # /projets/: the public list and pages (public) and the exports and feed (opendata), one namespace.
    path(
        "projets/",
        include(
            (
                [
                    public_projects.list_pattern,
                    *opendata_urls.project_file_patterns,
                    *public_projects.form_patterns,
                    public_projects.detail_pattern,
                ],
                "projects",
            )
        ),
    ),
    path("sources/", include("public.urls.sources")),
    path("organismes/", include("public.urls.organisms")),
    path("territoires/", include("public.urls.territories")),
    path("statistiques/", include("stats.urls")),
    path("eligibilite/", include("eligibility.urls")),
    path("alertes/", include("alerts.urls")),
    path(
        "carte/",
        accepts(ProjectFilter)(RedirectView.as_view(pattern_name="geo:map", query_string=True, permanent=False)),
    ),
    prefix_default_language=False,
)

urlpatterns += media_urlpatterns()

handler400 = "catalogue.errors.bad_request"
handler403 = "catalogue.errors.permission_denied"
handler404 = "catalogue.errors.page_not_found"
handler500 = "catalogue.errors.server_error"
