from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import is_moderator, organism_ids
from backoffice.admin.base import LabelledTabularInline, ReadOnlyHistoryAdmin
from geo.models import FormerRegion
from organisms.models import Organism

from . import permissions, workflow
from .dashboard import not_verified_for_a_year, rejected
from .admin_transfer import ProjectTransferAdminMixin
from .forms import (
    EditorProjectAddForm,
    PhotoForm,
    ProjectActorFormSet,
    ProjectAdminForm,
    TenureLineFormSet,
    version_of,
)
from .history import project_timeline
from .models import (
    CommonSpace,
    CostFigure,
    InterventionMode,
    Milestone,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    ProjectTransition,
    PublicationStatus,
    Quote,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)
from .search import refresh_search_documents

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
class SourceAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "publisher", "year")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "slug", "url", "storage_name")
    prepopulated_fields = {"slug": ("title",)}


# --- Project inlines ---------------------------------------------------------------------


class SourcedInlineMixin:
    """Facts that point to a source: the source is chosen by searching its title."""

    autocomplete_fields = ("source",)


class TenureLineInline(SourcedInlineMixin, LabelledTabularInline):
    model = TenureLine
    formset = TenureLineFormSet
    fields = ("status", "category", "homes", "label_as_written", "source", "locator")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status", "source")


class ProjectActorInline(LabelledTabularInline):
    model = ProjectActor
    formset = ProjectActorFormSet
    fields = ("organism", "role", "description", "source")
    autocomplete_fields = ("organism", "source")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organism", "source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Moderators: no rule; editors: the rules of ProjectActorFormSet, for their organisms.
        formset.editor_organism_ids = None if is_moderator(request.user) else organism_ids(request.user)
        return formset


class MilestoneInline(SourcedInlineMixin, LabelledTabularInline):
    model = Milestone
    fields = ("kind", "date_text", "year", "month", "description", "source", "locator")
    extra = 0


class SurfaceInline(SourcedInlineMixin, LabelledTabularInline):
    model = Surface
    fields = ("measure", "area_m2", "scope", "source", "locator")
    extra = 0


class CostFigureInline(SourcedInlineMixin, LabelledTabularInline):
    model = CostFigure
    fields = ("kind", "amount", "unit", "surface_basis", "tax_basis", "note", "source", "locator")
    extra = 0


class CommonSpaceInline(SourcedInlineMixin, LabelledTabularInline):
    model = CommonSpace
    fields = ("name", "area_m2", "area_is_approximate", "description", "source", "locator")
    extra = 0


class QuoteInline(SourcedInlineMixin, admin.StackedInline):
    model = Quote
    fields = ("text", "attribution", ("source", "locator"))
    extra = 0


class ProjectSourceInline(LabelledTabularInline):
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
class ProjectAdmin(ProjectTransferAdminMixin, ReadOnlyHistoryAdmin):
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
        PhotoInline,
    )
    actions = ("submit_selected", "publish_selected", "unpublish_selected", "mark_selected_verified")

    @admin.display(description=_("département"), ordering="commune__department__code")
    def department_code(self, obj):
        return obj.commune.department.code if obj.commune_id else ""

    # --- Who sees what ------------------------------------------------------------------

    def get_queryset(self, request):
        return permissions.projects_for(request.user, super().get_queryset(request))

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._editor_adds(request, obj):
            return (self.owner_fieldset, *fieldsets)
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._editor_adds(request, obj):
            organisms = Organism.objects.filter(pk__in=organism_ids(request.user)).order_by("name")
            kwargs["form"] = type("EditorProjectAddForm", (EditorProjectAddForm,), {"editor_organisms": organisms})
        form = super().get_form(request, obj, change=change, **kwargs)
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
        # Names, organisms and tenure labels feed the public search.
        refresh_search_documents(Project.objects.filter(pk=project.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, unquote(object_id))
        context = {
            "workflow_actions": [
                (action, workflow.RULES[action]) for action in workflow.available_actions(request.user, project)
            ],
            "rejection": workflow.latest_rejection(project),
            "transitions": project.transitions.select_related("by")[:5],
            "can_verify": permissions.can_change(request.user, project),
            "seen_version": version_of(project.updated_at),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    # --- Workflow, preview, verification, history ---------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/apercu/", view(self.preview_view), name=f"{name}_preview"),
            path("<path:object_id>/publication/<slug:action>/", view(self.transition_view), name=f"{name}_transition"),
            path("<path:object_id>/verifie/", view(self.verify_view), name=f"{name}_verify"),
            *super().get_urls(),
        ]

    def _change_url(self, project):
        return reverse("admin:projects_project_change", args=[project.pk])

    def preview_view(self, request, object_id):
        """The public page of a project, as it will look once published, for those who may see it."""
        from .views import ProjectPreviewView

        project = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, project):
            raise PermissionDenied
        response = ProjectPreviewView.as_view(base_queryset=self.get_queryset(request))(
            request, slug=project.slug, admin_url=self._change_url(project)
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def transition_view(self, request, object_id, action):
        project = self.get_object(request, unquote(object_id))
        rule = workflow.RULES.get(action)
        if rule is None:
            raise Http404
        if not self.has_view_permission(request, project) or not workflow.may(request.user, project, action):
            if project.status not in rule.sources and self.has_view_permission(request, project):
                self.message_user(
                    request,
                    _("Ce projet est « %(status)s » : « %(action)s » n'est pas possible.")
                    % {"status": project.get_status_display(), "action": rule.label},
                    messages.WARNING,
                )
                return HttpResponseRedirect(self._change_url(project))
            raise PermissionDenied
        error = None
        if request.method == "POST":
            # Publishing needs the version the moderator had on screen (see apply_transition).
            seen = request.POST.get("seen_version", "") if rule.target == PublicationStatus.PUBLISHED else None
            try:
                workflow.apply_transition(project, action, request.user, request.POST.get("reason", ""), seen)
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                self.message_user(
                    request,
                    _("« %(project)s » : %(action)s — fait. Statut : %(status)s.")
                    % {"project": project, "action": rule.label, "status": project.get_status_display()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(project))
        context = {
            **self.admin_site.each_context(request),
            "title": rule.label,
            "opts": self.model._meta,
            "original": project,
            "rule": rule,
            "action": action,
            "error": error,
            "reason": request.POST.get("reason", ""),
            "seen_version": version_of(project.updated_at),
        }
        return TemplateResponse(request, "admin/projects/project/transition.html", context, status=400 if error else 200)

    def verify_view(self, request, object_id):
        project = self.get_object(request, unquote(object_id))
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(project))
        workflow.mark_verified(project, request.user)
        self.message_user(request, _("Merci : « %(project)s » est marqué vérifié aujourd'hui.") % {"project": project})
        return HttpResponseRedirect(self._change_url(project))

    def history_view(self, request, object_id, extra_context=None):
        """Every change to the project and to its lines, with author, date and the values before and after."""
        project = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, project):
            raise PermissionDenied
        entries, truncated = project_timeline(project.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Historique : %(project)s") % {"project": project},
            "opts": self.model._meta,
            "object": project,
            "original": project,
            "entries": entries,
            "truncated": truncated,
            "transitions": project.transitions.select_related("by"),
            **(extra_context or {}),
        }
        return render(request, "admin/projects/project/object_history.html", context)

    # --- Bulk actions -------------------------------------------------------------------

    def _bulk(self, request, queryset, action, seen=None):
        """Apply ``action`` to each project; ``seen``: {pk: version} the moderator confirmed."""
        done = skipped = changed = 0
        for project in queryset:
            if workflow.may(request.user, project, action):
                version = None if seen is None else seen.get(str(project.pk), "")
                try:
                    workflow.apply_transition(project, action, request.user, seen_version=version)
                except ValidationError:
                    changed += 1
                    continue
                done += 1
            else:
                skipped += 1
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d projet non publié : il a été modifié depuis la confirmation. Relisez-le.",
                    "%(count)d projets non publiés : ils ont été modifiés depuis la confirmation. Relisez-les.",
                    changed,
                )
                % {"count": changed},
                messages.WARNING,
            )
        rule = workflow.RULES[action]
        self.message_user(
            request,
            ngettext("%(action)s : %(count)d projet.", "%(action)s : %(count)d projets.", done)
            % {"action": rule.label, "count": done},
            messages.SUCCESS if done else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d projet ignoré : son statut ne le permet pas.",
                    "%(count)d projets ignorés : leur statut ne le permet pas.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Soumettre pour relecture"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, ProjectTransition.Action.SUBMIT)

    @admin.action(description=_("Publier"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        """First a confirmation page listing the projects (with their preview), then publishing
        exactly the versions listed there: a project changed in between is left unpublished."""
        if request.POST.get("confirmed") == "yes":
            seen = {key.removeprefix("seen-"): value for key, value in request.POST.items() if key.startswith("seen-")}
            self._bulk(request, queryset, ProjectTransition.Action.PUBLISH, seen=seen)
            return None
        action = ProjectTransition.Action.PUBLISH
        projects = [project for project in queryset.select_related("commune") if workflow.may(request.user, project, action)]
        for project in projects:
            project.seen_version = version_of(project.updated_at)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publier ces projets ?"),
            "opts": self.model._meta,
            "projects": projects,
            "skipped": queryset.count() - len(projects),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/projects/project/publish_selected.html", context)

    @admin.action(description=_("Dépublier"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, ProjectTransition.Action.UNPUBLISH)

    @admin.action(description=_("J'ai vérifié ces informations (aujourd'hui)"), permissions=["change"])
    def mark_selected_verified(self, request, queryset):
        count = 0
        for project in queryset:
            workflow.mark_verified(project, request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d projet marqué vérifié.", "%(count)d projets marqués vérifiés.", count) % {"count": count},
        )


@admin.register(ProjectTransition)
class ProjectTransitionAdmin(admin.ModelAdmin):
    """The publication log, read-only (written by projects.workflow)."""

    list_display = ("at", "project", "action", "from_status", "to_status", "by", "reason")
    list_filter = ("action", "to_status")
    list_select_related = ("project", "by")
    search_fields = ("project__name", "reason", "by__username")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(project__in=permissions.projects_for(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
