from django.urls import path

from . import views

app_name = "organisms"

urlpatterns = [
    path("", views.organism_list, name="list"),
    path("<slug:slug>/", views.organism_detail, name="detail"),
]
