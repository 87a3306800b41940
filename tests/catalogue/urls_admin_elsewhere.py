"""A URL configuration with the back-office at another address (tests/catalogue/test_admin_prefix.py)."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("gestion/", admin.site.urls)]
