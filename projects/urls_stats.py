from django.urls import path

from . import views_stats

app_name = "stats"

urlpatterns = [
    path("", views_stats.statistics, name="index"),
    path("comparer/", views_stats.compare, name="compare"),
    path("part-locatif-social-par-projet.csv", views_stats.share_per_project_csv, name="share_per_project_csv"),
    path("<slug:chart>.csv", views_stats.chart_csv, name="csv"),
]
