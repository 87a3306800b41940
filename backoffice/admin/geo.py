from django.contrib import admin

from common.text import normalize
from geo.models import Commune, Department, FormerRegion, Region


class ReferenceDataAdmin(admin.ModelAdmin):
    """Official geography is loaded by `manage.py load_geography`, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Department)
class DepartmentAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "code")


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    list_display = ("name", "insee_code", "department", "postcodes", "population", "coordinates_precision")
    list_filter = ("department__region", "coordinates_precision")
    list_select_related = ("department",)
    search_fields = ("search_name", "name", "insee_code", "postcodes")
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Accent-free search: "begles" finds Bègles; most populous first for the autocomplete.
        normalized = normalize(search_term)
        if normalized and not search_term.strip().isdigit():
            return queryset.filter(search_name__startswith=normalized).order_by("-population"), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(FormerRegion)
class FormerRegionAdmin(ReferenceDataAdmin):
    list_display = ("name", "code", "region")
    search_fields = ("name",)
