from django.urls import path

from . import views_opendata

app_name = "sources"

urlpatterns = [
    path("<slug:slug>/", views_opendata.source_detail, name="detail"),
]
