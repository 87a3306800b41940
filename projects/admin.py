from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from geo.models import FormerRegion

from .forms import PhotoForm, ProjectAdminForm, TenureLineFormSet
from .admin_transfer import ProjectTransferAdminMixin
from .search import refresh_search_documents
from .models import (
    CommonSpace,
    CostFigure,
    InterventionMode,
    Milestone,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    Quote,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)

# --- Reference data and sources ----------------------------------------------------------


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
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "publisher", "year")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "slug", "url", "storage_name")
    prepopulated_fields = {"slug": ("title",)}


# --- Project inlines ---------------------------------------------------------------------


class SourcedInlineMixin:
    """Facts that point to a source: the source is chosen by searching its title."""

    autocomplete_fields = ("source",)


class TenureLineInline(SourcedInlineMixin, admin.TabularInline):
    model = TenureLine
    formset = TenureLineFormSet
    fields = ("status", "category", "homes", "label_as_written", "source", "locator")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status", "source")


class ProjectActorInline(admin.TabularInline):
    model = ProjectActor
    fields = ("organism", "role", "description", "source")
    autocomplete_fields = ("organism", "source")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organism", "source")


class MilestoneInline(SourcedInlineMixin, admin.TabularInline):
    model = Milestone
    fields = ("kind", "date_text", "year", "month", "description", "source", "locator")
    extra = 0


class SurfaceInline(SourcedInlineMixin, admin.TabularInline):
    model = Surface
    fields = ("measure", "area_m2", "scope", "source", "locator")
    extra = 0


class CostFigureInline(SourcedInlineMixin, admin.TabularInline):
    model = CostFigure
    fields = ("kind", "amount", "unit", "surface_basis", "tax_basis", "note", "source", "locator")
    extra = 0


class CommonSpaceInline(SourcedInlineMixin, admin.TabularInline):
    model = CommonSpace
    fields = ("name", "area_m2", "area_is_approximate", "description", "source", "locator")
    extra = 0


class QuoteInline(SourcedInlineMixin, admin.StackedInline):
    model = Quote
    fields = ("text", "attribution", ("source", "locator"))
    extra = 0


class ProjectSourceInline(admin.TabularInline):
    model = ProjectSource
    fields = ("source", "locator", "facts")
    autocomplete_fields = ("source",)
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm  # checks and re-encodes uploads (projects.photos)
    # alt_text, credit and licence are required by the model (and its constraints).
    fields = ("preview", "image", "caption", "alt_text", ("credit", "licence"), "position")
    readonly_fields = ("preview",)
    extra = 0

    @admin.display(description=_("aperçu"))
    def preview(self, obj):
        if not obj or not obj.image:
            return "—"
        file, width, height = obj.smallest()
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" style="max-height: 10rem; width: auto">',
            file.url,
            width or "",
            height or "",
        )


# --- Projects ----------------------------------------------------------------------------


def searchable_in_admin(admin_site, model):
    """Whether ``model`` has a ModelAdmin with search_fields (needed by autocomplete_fields)."""
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        return False
    return bool(model_admin.search_fields)


@admin.register(Project)
class ProjectAdmin(ProjectTransferAdminMixin, admin.ModelAdmin):
    form = ProjectAdminForm
    list_display = ("name", "commune", "department_code", "status", "phase", "delivery_year", "total_homes")
    # Commune.__str__ shows the department code, like the department column.
    list_select_related = ("commune__department",)
    list_filter = ("status", "phase", "participatory_family", "intervention_modes", "commune__department__region")
    search_fields = (
        "name",
        "slug",
        "commune__name",
        "location_as_written",
        "actors__organism__name",
        "actors__organism__short_name",
    )
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("commune",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (_("Identification"), {"fields": ("name", "slug", "summary", "description")}),
        (
            _("Localisation"),
            {
                "fields": (
                    "commune",
                    "location_as_written",
                    "former_region",
                    "neighbourhood",
                    ("is_ecoquartier", "is_qpv"),
                    "neighbourhood_context",
                )
            },
        ),
        (
            _("Programme"),
            {"fields": ("participatory_family", "intervention_modes", "total_homes", "participatory_homes")},
        ),
        (_("Calendrier"), {"fields": ("phase", "phase_as_of", "delivery_year", "delivery_text")}),
        (_("Comment participer"), {"fields": ("how_to_get_involved", "contact_email", "website")}),
        (_("Notes sur les sources"), {"fields": ("notes", "last_verified_on")}),
        (_("Publication"), {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )
    inlines = (
        TenureLineInline,
        ProjectActorInline,
        MilestoneInline,
        SurfaceInline,
        CostFigureInline,
        CommonSpaceInline,
        QuoteInline,
        ProjectSourceInline,
        PhotoInline,
    )

    @admin.display(description=_("département"), ordering="commune__department__code")
    def department_code(self, obj):
        return obj.commune.department.code if obj.commune_id else ""

    def get_autocomplete_fields(self, request):
        fields = tuple(super().get_autocomplete_fields(request))
        # Former regions are a short list: a plain select unless their admin is searchable.
        if searchable_in_admin(self.admin_site, FormerRegion):
            fields += ("former_region",)
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "intervention_modes":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.tenure_lines_checked_by_formset = any(
            isinstance(inline, TenureLineInline) for inline in self.get_inline_instances(request, obj)
        )
        return form

    # The tenure-sum trigger checks every write. The admin saves the project, then
    # its lines one by one: lowering the total together with the lines, or moving
    # homes from one line to another, would pass through states it refuses. The
    # submitted state was validated as a whole (TenureLineFormSet), so the total is
    # left unset while the lines are written and put back at the end.

    def save_model(self, request, obj, form, change):
        total = obj.total_homes
        if change and total is not None and getattr(form, "tenure_lines_checked_by_formset", False):
            form.deferred_total_homes = total
            obj.total_homes = None
            try:
                super().save_model(request, obj, form, change)
            finally:
                obj.total_homes = total
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        total = getattr(form, "deferred_total_homes", None)
        if total is not None:
            Project.objects.filter(pk=form.instance.pk).update(total_homes=total)
        # Names, organisms and tenure labels feed the public search.
        refresh_search_documents(Project.objects.filter(pk=form.instance.pk))
