from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Organism


@admin.register(Organism)
class OrganismAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "family", "head_office", "project_count")
    list_filter = ("kind", "family")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("head_office",)
    # Commune.__str__ shows the department code.
    list_select_related = ("head_office__department",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (_("Identification"), {"fields": ("name", "short_name", "slug", "kind", "family")}),
        (_("Présentation"), {"fields": ("head_office", "website", "description")}),
        (_("Notes sur les sources"), {"fields": ("notes",)}),
        (_("Historique"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects", distinct=True))

    @admin.display(description=_("projets"), ordering="project_count")
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "short_name"} & set(form.changed_data):
            from projects.models import Project
            from projects.search import refresh_search_documents

            # Projects are found by their organisms' names.
            refresh_search_documents(Project.objects.filter(actors__organism=obj).distinct())

    def project_count(self, obj):
        return obj.project_count
