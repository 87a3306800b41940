from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.statistics, name="index"),
    path("comparer/", views.compare, name="compare"),
    path("part-locatif-social-par-projet.csv", views.share_per_project_csv, name="share_per_project_csv"),
    path("<slug:chart>.csv", views.chart_csv, name="csv"),
    path("<slug:chart>.svg", views.chart_svg, name="svg"),
]
