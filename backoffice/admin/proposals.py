"""Editors' proposals of a missing source or organisation; the moderators' queue and decision.

Editors add proposals and see (and correct, while pending) their own; moderators see all of them,
with the look-alikes already in the catalogue, and approve (the real row is created) or reject
with a reason. Decided proposals are read-only for everyone; none is ever deleted here.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from proposals import services
from proposals.models import OrganismProposal, SourceProposal, Status

DECISION_FIELDS = ("status", "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_reason")


class ProposalAdmin(admin.ModelAdmin):
    change_form_template = "admin/proposals/change_form.html"
    list_filter = ("status",)
    list_select_related = ["proposed_by"]
    date_hierarchy = "proposed_at"
    created_field = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_moderator(request.user) else queryset.filter(proposed_by=request.user)

    def get_readonly_fields(self, request, obj=None):
        created = (self.created_field,)
        if obj is not None and not obj.is_pending:
            return tuple(field.name for field in self.model._meta.fields if field.name != "id")
        return (*DECISION_FIELDS, *created)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # nothing decided yet: the form asks only what the proposer knows
            names = [name for name in fieldsets[0][1]["fields"] if name not in (*DECISION_FIELDS, self.created_field)]
            return [(None, {"fields": names})]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.is_pending and (is_moderator(request.user) or obj.proposed_by_id == request.user.pk)

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was proposed and decided stays

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            services.submitted(obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            self.message_user(
                request,
                _("Proposition envoyée aux modérateurs : vous recevrez un courriel quand elle sera traitée."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse(f"admin:{self._name()}_changelist"))
        return super().response_add(request, obj, post_url_continue)

    def _name(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/decision/<slug:decision>/", view(self.decision_view), name=f"{self._name()}_decide"),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None and obj.is_pending and is_moderator(request.user):
            extra_context["look_alikes"] = services.look_alikes(obj)
            extra_context["can_decide"] = True
            opts = self.model._meta
            extra_context["look_alike_admin"] = (
                f"admin:{'projects_source' if opts.model_name == 'sourceproposal' else 'organisms_organism'}_change"
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def decision_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not is_moderator(request.user) or decision not in ("accepter", "refuser"):
            raise PermissionDenied
        change_url = reverse(f"admin:{self._name()}_change", args=[obj.pk])
        try:
            if decision == "accepter":
                created = services.approve(obj, request.user)
                opts = created._meta
                self.message_user(
                    request,
                    _("Proposition acceptée : « %(name)s » est créé ; le proposant en est informé.")
                    % {"name": created},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[created.pk])
                )
            services.reject(obj, request.user, request.POST.get("reason", ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, _("Proposition refusée ; le proposant reçoit le motif."), messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self._name()}_changelist"))


@admin.register(SourceProposal)
class SourceProposalAdmin(ProposalAdmin):
    list_display = ("title", "publisher", "year", "status", "proposed_by", "proposed_at")
    search_fields = ("title", "publisher", "url")
    created_field = "created_source"
    fields = (
        "title",
        "kind",
        "publisher",
        "date_text",
        "year",
        "url",
        "summary",
        "context",
        *DECISION_FIELDS,
        "created_source",
    )


@admin.register(OrganismProposal)
class OrganismProposalAdmin(ProposalAdmin):
    list_display = ("name", "kind", "commune", "status", "proposed_by", "proposed_at")
    list_select_related = ["proposed_by", "commune__department"]
    search_fields = ("name", "website")
    autocomplete_fields = ("commune",)
    created_field = "created_organism"
    fields = ("name", "kind", "website", "commune", "context", *DECISION_FIELDS, "created_organism")


__all__ = ["OrganismProposalAdmin", "SourceProposalAdmin", "Status"]
