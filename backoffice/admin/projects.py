"""Projects in the admin: who sees what, the form and how it is saved (its pages, bulk actions
and spreadsheet round-trip are mixins: project_views, transitions, transfer)."""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator, organism_ids
from backoffice.admin.base import ReadOnlyHistoryAdmin
from backoffice.admin.inlines import (
    CommonSpaceInline,
    CostFigureInline,
    FieldCertaintyInline,
    MilestoneInline,
    PhotoInline,
    ProjectActorInline,
    ProjectOpeningInline,
    ProjectSourceInline,
    ProjectVisitInline,
    QuoteInline,
    SurfaceInline,
    TenureLineInline,
)
from backoffice.admin.project_views import ProjectViewsMixin
from backoffice.admin.revisions import ProjectRevisionsMixin
from backoffice.admin.transfer import ProjectTransferAdminMixin
from backoffice.admin.transitions import ProjectBulkActionsMixin
from backoffice.dashboard import not_verified_for_a_year, rejected
from backoffice.forms import EditorProjectAddForm, ProjectAdminForm
from geo.models import FormerRegion
from organisms.models import Organism
from projects import permissions, workflow
from projects.models import Project, ProjectActor
from projects.revisions import services as revisions
from projects.workflow import version_of


def searchable_in_admin(admin_site, model):
    """Whether ``model`` has a ModelAdmin with search_fields (needed by autocomplete_fields)."""
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        return False
    return bool(model_admin.search_fields)


class ReviewFilter(admin.SimpleListFilter):
    title = _("relecture")
    parameter_name = "relecture"

    def lookups(self, request, model_admin):
        return [("refuse", _("Refusés — à corriger"))]

    def queryset(self, request, queryset):
        if self.value() == "refuse":
            return queryset.filter(pk__in=rejected(Project.objects.all()).values("pk"))
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("a-verifier", _("Non vérifiés depuis un an")), ("verifie", _("Vérifiés depuis moins d'un an"))]

    def queryset(self, request, queryset):
        stale = not_verified_for_a_year(queryset)
        if self.value() == "a-verifier":
            return stale
        if self.value() == "verifie":
            return queryset.exclude(pk__in=stale.values("pk"))
        return queryset


@admin.register(Project)
class ProjectAdmin(
    ProjectRevisionsMixin, ProjectViewsMixin, ProjectTransferAdminMixin, ProjectBulkActionsMixin, ReadOnlyHistoryAdmin
):
    form = ProjectAdminForm
    list_display = (
        "name",
        "commune",
        "department_code",
        "status",
        "phase",
        "delivery_year",
        "total_homes",
        "updated_at",
        "last_verified_on",
    )
    # Commune.__str__ shows the department code, like the department column.
    list_select_related = ("commune__department",)
    list_filter = (
        "status",
        ReviewFilter,
        VerificationFilter,
        "phase",
        "participatory_family",
        "intervention_modes",
        "commune__department__region",
    )
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
    # Publication fields change through the workflow's buttons only, for everyone.
    readonly_fields = ("status", "published_at", "last_verified_on", "created_at", "updated_at")
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
        (_("Notes sur les sources"), {"fields": ("notes",)}),
        (
            _("Publication"),
            {"fields": ("status", "published_at", "last_verified_on", "created_at", "updated_at", "opened_version")},
        ),
    )
    owner_fieldset = (
        _("Organisme porteur"),
        {
            "fields": ("owner_organism", "owner_role"),
            "description": _(
                "Le projet sera rattaché à votre organisme : ses éditeurs et les modérateurs le verront, pas le public "
                "tant qu'un modérateur ne l'a pas publié."
            ),
        },
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
        FieldCertaintyInline,
        ProjectOpeningInline,
        ProjectVisitInline,
        PhotoInline,
    )
    actions = ("submit_selected", "publish_selected", "unpublish_selected", "mark_selected_verified")

    @admin.display(description=_("département"), ordering="commune__department__code")
    def department_code(self, obj):
        return obj.commune.department.code if obj.commune_id else ""

    # --- Who sees what ------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = permissions.projects_for(request.user, super().get_queryset(request))
        match = request.resolver_match
        if match is not None and match.url_name == "projects_project_changelist":
            # Pending revisions (twins) are reached from their project and the dashboard, never listed.
            queryset = queryset.filter(revision_of__isnull=True)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """A project outside the user's scope is answered like a missing one: 404."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Aucun projet à cette adresse, ou vous n'y avez pas accès."))
        return obj

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed if obj is None else allowed and permissions.is_project_of(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is not None and revisions.needs_revision(request.user, obj):
            return False  # an editor changes a published project through a revision (its own twin)
        return allowed if obj is None else allowed and permissions.is_project_of(request.user, obj)

    def has_add_permission(self, request):
        return permissions.can_add(request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The bulk delete checks the model permission only: editors delete one project at a
        # time, through the page that applies the per-project rule.
        if not is_moderator(request.user):
            actions.pop("delete_selected", None)
        return actions

    # --- The form -----------------------------------------------------------------------

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

    def _editor_adds(self, request, obj):
        return obj is None and not is_moderator(request.user)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.is_revision else super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        # A twin's address is its own; approval never changes the published project's address.
        return (*fields, "slug") if obj is not None and obj.is_revision else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._editor_adds(request, obj):
            return (self.owner_fieldset, *fieldsets)
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._editor_adds(request, obj):
            organisms = Organism.objects.filter(pk__in=organism_ids(request.user)).order_by("name")
            kwargs["form"] = type("EditorProjectAddForm", (EditorProjectAddForm,), {"editor_organisms": organisms})
        # The class is self.form (ProjectAdminForm) or a subclass of it.
        form = cast("type[ProjectAdminForm]", super().get_form(request, obj, change=change, **kwargs))
        form.tenure_lines_checked_by_formset = any(
            isinstance(inline, TenureLineInline) for inline in self.get_inline_instances(request, obj)
        )
        return form

    # The tenure-sum trigger checks every write. The admin saves the project, then
    # its lines one by one: lowering the total together with the lines, or moving
    # homes from one line to another, would pass through states it refuses. The
    # submitted state was validated as a whole (TenureLineFormSet), so the total is
    # left unset while the lines are written and put back at the end (and only then
    # recorded in the history, with its real total).

    def save_model(self, request, obj, form, change):
        total = obj.total_homes
        if change and total is not None and getattr(form, "tenure_lines_checked_by_formset", False):
            form.deferred_total_homes = total
            obj.total_homes = None
            obj.skip_history_when_saving = True
            try:
                super().save_model(request, obj, form, change)
            finally:
                obj.total_homes = total
                del obj.skip_history_when_saving
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        project = form.instance
        owner = form.cleaned_data.get("owner_organism")
        if owner is not None:
            ProjectActor.objects.get_or_create(
                project=project, organism=owner, role=form.cleaned_data.get("owner_role") or "developer"
            )
        if getattr(form, "deferred_total_homes", None) is not None:
            project.total_homes = form.deferred_total_homes
            project._history_user = request.user
            project.save(update_fields=["total_homes", "updated_at"])
        if change:
            self.submit_revision_if_editor(request, project)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, unquote(object_id))
        context = {
            "workflow_actions": [
                (action, workflow.RULES[workflow.Action(action)])
                for action in workflow.available_actions(request.user, project)
            ],
            "rejection": workflow.latest_rejection(project),
            "transitions": project.transitions.select_related("by")[:5],
            "can_verify": permissions.can_change(request.user, project),
            "seen_version": version_of(project.updated_at),
            **self.revision_context(request, project),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)
