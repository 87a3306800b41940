from django.urls import path
from django.views.generic import RedirectView

from caching.parameters import accepts
from projects.filters import ProjectFilter

from ..views import territories as views

app_name = "geo"

urlpatterns = [
    path("", views.territory_index, name="index"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("departements/<slug:slug>/", views.department_detail, name="department"),
    path("carte/", views.project_map, name="map"),
    path("carte.svg", views.project_map_svg, name="map_svg"),
    # The filtered list as GeoJSON is the projects export (one implementation); old links keep working.
    path(
        "carte.geojson",
        accepts(ProjectFilter)(
            RedirectView.as_view(pattern_name="projects:export_geojson", query_string=True, permanent=True)
        ),
        name="geojson",
    ),
    path("pres-de/", views.near, name="near"),
    path("communes.json", views.commune_suggestions, name="commune_suggestions"),
]
