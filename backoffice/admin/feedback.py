"""What visitors write: the error-report queue and the contact inbox, scoped like projects.

Moderators see everything (site contact messages included); an editor sees the reports and
messages about the projects of their organisms only (``projects.permissions.projects_for``), and
a row outside that scope is answered as missing. Nobody adds rows here: visitors do, through
the public forms. Closing a report goes through ``feedback.services.close_report``, which queues
the reply when the visitor left an address.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from feedback.models import ContactMessage, ErrorReport, MessageStatus, ReportStatus
from feedback.services import close_report
from projects.permissions import projects_for


class VisitorMessageAdmin(admin.ModelAdmin):
    list_per_page = 50
    date_hierarchy = "created_at"
    list_select_related = ("project",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_moderator(request.user):
            return queryset
        return queryset.filter(project__in=projects_for(request.user))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Projet"), ordering="project__name")
    def project_link(self, obj):
        if obj.project is None:
            return _("— le site (modérateurs)")
        return format_html('<a href="{}">{}</a>', obj.project.get_absolute_url(), obj.project.name)


@admin.register(ErrorReport)
class ErrorReportAdmin(VisitorMessageAdmin):
    list_display = ("created_at", "project_link", "status", "excerpt", "has_email", "closed_at")
    list_filter = ("status",)
    search_fields = ("project__name", "description")
    fields = (
        "project_link",
        "created_at",
        "description",
        "email",
        "status",
        "reply",
        "closed_at",
        "closed_by",
        "replied_at",
    )
    readonly_fields = ("project_link", "created_at", "description", "email", "closed_at", "closed_by", "replied_at")
    actions = ("mark_handled", "mark_rejected")

    @admin.display(description=_("signalement"))
    def excerpt(self, obj):
        return Truncator(obj.description).chars(80)

    @admin.display(description=_("courriel laissé"), boolean=True)
    def has_email(self, obj):
        return bool(obj.email)

    def save_model(self, request, obj, form, change):
        if close_report(obj, status=obj.status, reply=obj.reply, user=request.user):
            messages.info(request, _("La réponse a été mise en file d'envoi vers l'adresse laissée par la personne."))

    def _close(self, request, queryset, status):
        replies = sum(close_report(report, status=status, reply=report.reply, user=request.user) for report in queryset)
        self.message_user(
            request,
            _("%(count)d signalement(s) mis à jour, %(replies)d réponse(s) mise(s) en file d'envoi.")
            % {"count": len(queryset), "replies": replies},
        )

    @admin.action(description=_("Marquer comme traités (et répondre à qui a laissé un courriel)"))
    def mark_handled(self, request, queryset):
        self._close(request, queryset, ReportStatus.HANDLED)

    @admin.action(description=_("Marquer comme rejetés"))
    def mark_rejected(self, request, queryset):
        self._close(request, queryset, ReportStatus.REJECTED)


@admin.register(ContactMessage)
class ContactMessageAdmin(VisitorMessageAdmin):
    list_display = ("created_at", "project_link", "name", "status", "recipients_count")
    list_filter = ("status", ("project", admin.EmptyFieldListFilter))
    search_fields = ("project__name", "name", "email")
    fields = ("project_link", "created_at", "name", "email", "message", "recipients_count", "status")
    readonly_fields = ("project_link", "created_at", "name", "email", "message", "recipients_count")
    actions = ("mark_handled",)

    @admin.action(description=_("Marquer comme traités"))
    def mark_handled(self, request, queryset):
        updated = queryset.filter(~Q(status=MessageStatus.HANDLED)).update(status=MessageStatus.HANDLED)
        self.message_user(request, _("%(count)d message(s) marqué(s) comme traité(s).") % {"count": updated})
