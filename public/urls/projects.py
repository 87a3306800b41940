"""/projets/: the list and a project's page. The ``projects`` namespace also holds the exports and
the feed (opendata.urls); catalogue/urls.py composes the two, so neither app imports the other."""

from django.urls import path

from ..views.projects import ProjectDetailView, ProjectListView

list_pattern = path("", ProjectListView.as_view(), name="list")
# The detail pattern comes last, after the exports and the feed.
detail_pattern = path("<slug:slug>/", ProjectDetailView.as_view(), name="detail")
