from django.urls import path

from public.views.projects import ProjectDetailView, ProjectListView

from . import feeds, views_opendata

app_name = "projects"

urlpatterns = [
    path("", ProjectListView.as_view(), name="list"),
    path("export.csv", views_opendata.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views_opendata.export, {"fmt": "json"}, name="export_json"),
    path("export.geojson", views_opendata.export, {"fmt": "geojson"}, name="export_geojson"),
    path("flux.atom", feeds.ProjectFeed(), name="feed"),
    path("<slug:slug>/", ProjectDetailView.as_view(), name="detail"),
]
