from django.urls import path

from ..views import organisms as views

app_name = "organisms"

urlpatterns = [
    path("", views.organism_list, name="list"),
    path("<slug:slug>/", views.organism_detail, name="detail"),
]
