from django.urls import path

from . import views

app_name = "geo"

urlpatterns = [
    path("", views.territory_index, name="index"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("departements/<slug:slug>/", views.department_detail, name="department"),
    path("carte/", views.project_map, name="map"),
    path("carte.geojson", views.projects_geojson, name="geojson"),
    path("pres-de/", views.near, name="near"),
    path("communes.json", views.commune_suggestions, name="commune_suggestions"),
]
