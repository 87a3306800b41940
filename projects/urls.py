from django.urls import path

from opendata.urls import project_file_patterns
from public.views.projects import ProjectDetailView, ProjectListView

app_name = "projects"

urlpatterns = [
    path("", ProjectListView.as_view(), name="list"),
    *project_file_patterns,  # exports and feed: opendata.urls
    path("<slug:slug>/", ProjectDetailView.as_view(), name="detail"),
]
