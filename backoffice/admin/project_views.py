"""A project's own pages in the admin: public preview, workflow transition, verification, history."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from backoffice.admin.base import ProjectAdminMixinBase
from projects import workflow
from projects.history import project_timeline
from projects.models import PublicationStatus
from projects.workflow import version_of
from public.views.projects import ProjectPreviewView


class ProjectViewsMixin(ProjectAdminMixinBase):
    """The URLs and views a project's change page links to (ProjectAdmin)."""

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
        return TemplateResponse(
            request, "admin/projects/project/transition.html", context, status=400 if error else 200
        )

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
