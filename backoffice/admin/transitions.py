"""Publication workflow in bulk (changelist actions) and the publication log."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.admin.base import ProjectAdminMixinBase
from projects import permissions, workflow
from projects.models import ProjectTransition
from projects.workflow import version_of


class ProjectBulkActionsMixin(ProjectAdminMixinBase):
    """Submit, publish (after a confirmation page), unpublish, mark verified: the selected projects."""

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
        projects = [
            project for project in queryset.select_related("commune") if workflow.may(request.user, project, action)
        ]
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
            ngettext("%(count)d projet marqué vérifié.", "%(count)d projets marqués vérifiés.", count)
            % {"count": count},
        )


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
