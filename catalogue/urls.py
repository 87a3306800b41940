from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .media import media_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("glossaire/", views.glossary_page, name="glossary"),
    path("a-propos/", views.about, name="about"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("projets/", include("projects.urls")),
    path("organismes/", include("organisms.urls")),
    path("territoires/", include("geo.urls")),
    path("api/", include("api.urls")),
    path("statistiques/", include("projects.urls_stats")),
    path("carte/", RedirectView.as_view(pattern_name="geo:map", query_string=True, permanent=False)),
]

urlpatterns += media_urlpatterns()
