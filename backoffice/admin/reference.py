"""Reference data and sources: tenure statuses, intervention modes, sources."""

from django.contrib import admin

from backoffice.admin.base import ReadOnlyHistoryAdmin
from projects.models import InterventionMode, Source, TenureStatus


@admin.register(TenureStatus)
class TenureStatusAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "category", "position")
    list_filter = ("category",)
    search_fields = ("code", "short_name", "name")
    ordering = ("position", "short_name")


@admin.register(InterventionMode)
class InterventionModeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position")
    search_fields = ("code", "name", "description")
    ordering = ("position",)


@admin.register(Source)
class SourceAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "publisher", "year")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "slug", "url", "storage_name")
    prepopulated_fields = {"slug": ("title",)}
