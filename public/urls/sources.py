from django.urls import path

from ..views import sources as views

app_name = "sources"

urlpatterns = [
    path("<slug:slug>/", views.source_detail, name="detail"),
]
