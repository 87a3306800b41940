from django.urls import path

from opendata.urls import project_file_patterns

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    *project_file_patterns,  # exports and feed: opendata.urls
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
]
