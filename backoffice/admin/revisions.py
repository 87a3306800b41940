"""Changes to published projects in the admin (projects/revisions/): start one, compare it with
the published version, approve it or reject it with a reason (ProjectAdmin's mixin)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from backoffice.admin.base import ProjectAdminMixinBase
from projects import permissions
from projects.models import PublicationStatus
from projects.revisions import services
from projects.revisions.diff import revision_diff
from projects.workflow import version_of


class ProjectRevisionsMixin(ProjectAdminMixinBase):
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/modification/", view(self.revision_start_view), name="projects_project_revise"),
            path("<path:object_id>/relecture/", view(self.revision_review_view), name="projects_project_review"),
            *super().get_urls(),
        ]

    def _edit_url(self, project):
        return reverse("admin:projects_project_change", args=[project.pk])

    def revision_start_view(self, request, object_id):
        """An editor's way into changing a published project: its pending change if there is one,
        else a page saying what will happen, whose button makes the copy they will edit."""
        project = self.get_object(request, unquote(object_id))
        if not permissions.can_change(request.user, project) or project.is_revision:
            raise PermissionDenied
        twin = getattr(project, "pending_revision", None)
        if twin is not None:
            return HttpResponseRedirect(self._edit_url(twin))
        if not services.needs_revision(request.user, project):
            return HttpResponseRedirect(self._edit_url(project))
        if request.method == "POST":
            twin = services.start(project, request.user)
            return HttpResponseRedirect(self._edit_url(twin))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Modifier un projet publié"),
            "opts": self.model._meta,
            "original": project,
        }
        return TemplateResponse(request, "admin/projects/project/revision_start.html", context)

    def revision_review_view(self, request, object_id):
        """The comparison published → proposed; moderators approve or reject (with a reason) here."""
        twin = self.get_object(request, unquote(object_id))
        if not twin.is_revision:
            raise Http404
        if not self.has_view_permission(request, twin):
            raise PermissionDenied
        error: str | None = None
        if request.method == "POST":
            decision = request.POST.get("decision")
            try:
                if decision == "approve":
                    live = twin.revision_of
                    services.approve(
                        twin, request.user, request.POST.get("seen_live", ""), request.POST.get("seen_revision", "")
                    )
                    self.message_user(
                        request,
                        _("La modification de « %(project)s » est approuvée : elle est en ligne.") % {"project": live},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self._edit_url(live))
                if decision == "reject":
                    services.reject(
                        twin, request.user, request.POST.get("reason", ""), request.POST.get("seen_revision", "")
                    )
                    self.message_user(
                        request,
                        _("La modification est refusée ; l'éditeur est prévenu avec votre motif."),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self._edit_url(twin))
                error = str(_("Choisissez d'approuver ou de refuser."))
            except ValidationError as exc:
                error = exc.messages[0]
            current = type(twin).objects.filter(pk=twin.pk).select_related("revision_of").first()
            if current is None:  # approved or withdrawn meanwhile
                self.message_user(request, error or "", messages.WARNING)
                return HttpResponseRedirect(reverse("admin:projects_project_changelist"))
            twin = current
        live = twin.revision_of
        if live is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Modification proposée : %(project)s") % {"project": live},
            "opts": self.model._meta,
            "original": twin,
            "live": live,
            "diff": revision_diff(twin),
            "state": services.state_of(twin),
            "step": services.last_step(twin),
            "live_changed_since": live.updated_at > twin.created_at,
            "can_decide": permissions.can_publish(request.user),
            "seen_live": version_of(live.updated_at),
            "seen_revision": version_of(twin.updated_at),
            "error": error,
            "reason": request.POST.get("reason", ""),
        }
        return TemplateResponse(
            request, "admin/projects/project/revision_review.html", context, status=400 if error else 200
        )

    def revision_context(self, request, project):
        """What the change page shows about revisions (the panel ``revision_panel.html``)."""
        if project.is_revision:
            return {
                "revision_state": services.state_of(project),
                "revision_step": services.last_step(project),
                "revision_live": project.revision_of,
            }
        return {
            "pending_revision": getattr(project, "pending_revision", None)
            if project.status == PublicationStatus.PUBLISHED
            else None,
            "must_revise": services.needs_revision(request.user, project)
            and permissions.can_change(request.user, project),
        }

    def submit_revision_if_editor(self, request, project):
        """After an editor saved a twin: it waits for a moderator (asked once, by e-mail)."""
        if project.is_revision and not permissions.can_publish(request.user):
            services.submit(project, request.user)
            self.message_user(
                request,
                _(
                    "Votre modification est enregistrée et attend la relecture d'un modérateur : la page publique "
                    "montre la version publiée jusqu'à son approbation."
                ),
                messages.INFO,
            )

    def response_change(self, request, obj):
        """After saving a twin its editor stays on it: it is not in the list, and its panel says
        where it stands (waiting for review)."""
        response = super().response_change(request, obj)
        if obj.is_revision and response.status_code == 302 and "_addanother" not in request.POST:
            return HttpResponseRedirect(self._edit_url(obj))
        return response
