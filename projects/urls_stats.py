from django.urls import path

from . import views_stats

app_name = "stats"

urlpatterns = [
    path("", views_stats.statistics, name="index"),
    path("comparer/", views_stats.compare, name="compare"),
    path("<slug:chart>.csv", views_stats.chart_csv, name="csv"),
]
