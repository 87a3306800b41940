"""/projets/: the list and a project's page. The ``projects`` namespace also holds the exports and
the feed (opendata.urls); catalogue/urls.py composes the two, so neither app imports the other."""

from django.urls import path

from ..views import feedback
from ..views.projects import ProjectDetailView, ProjectListView

list_pattern = path("", ProjectListView.as_view(), name="list")
# The detail pattern comes last, after the exports and the feed.
detail_pattern = path("<slug:slug>/", ProjectDetailView.as_view(), name="detail")

# « Signaler une erreur » and « Contacter le groupe / le bailleur » (public/views/feedback.py).
form_patterns = [
    path("<slug:slug>/signaler/", feedback.report_error, name="report_error"),
    path("<slug:slug>/signaler/merci/", feedback.report_sent, name="report_sent"),
    path("<slug:slug>/contacter/", feedback.contact_project, name="contact"),
    path("<slug:slug>/contacter/merci/", feedback.contact_sent, name="contact_sent"),
]
