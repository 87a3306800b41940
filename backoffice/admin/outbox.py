"""The e-mail outbox, for moderators: what is queued, what failed and why, what was sent; « Réessayer maintenant ».

Nobody reads a message's body here, moderators included: a body may hold a one-time invitation
link (a credential) or what a person wrote; the recipient, subject, attempts and last error are
enough to see that mail flows, and to retry it. Editors have no access (no permission).
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.mail import send_now
from outbox.models import OutgoingMessage

QUEUED, FAILED, SENT = "en-attente", "en-echec", "envoye"


class DeliveryFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [(QUEUED, _("en attente")), (FAILED, _("en échec (réessayé plus tard)")), (SENT, _("envoyé"))]

    def queryset(self, request, queryset):
        if self.value() == QUEUED:
            return queryset.filter(sent_at__isnull=True, attempts=0)
        if self.value() == FAILED:
            return queryset.filter(sent_at__isnull=True, attempts__gt=0)
        if self.value() == SENT:
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "delivery", "attempts", "next_attempt_at", "sent_at", "error")
    list_display_links = ("subject",)
    list_filter = (DeliveryFilter, "language")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    # No body_text, body_html nor headers: see the module's docstring.
    fields = (
        "to",
        "subject",
        "language",
        "reply_to",
        "created_at",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields
    actions = ("retry_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutgoingMessage | None = None) -> bool:
        return False  # nothing is lost: sent messages are purged by `send_queued_mail --purge` only

    @admin.display(description=_("état"))
    def delivery(self, obj: OutgoingMessage) -> str:
        if obj.sent_at:
            return str(_("envoyé"))
        return str(_("en échec")) if obj.attempts else str(_("en attente"))

    @admin.display(description=_("dernière erreur"))
    def error(self, obj: OutgoingMessage) -> str:
        return obj.last_error[:200]

    @admin.action(description=_("Réessayer maintenant"), permissions=("change",))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutgoingMessage]) -> None:
        pks = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        already = queryset.count() - len(pks)
        outcome = send_now(pks)
        if outcome.sent:
            self.message_user(
                request,
                ngettext("%(n)d courriel envoyé.", "%(n)d courriels envoyés.", outcome.sent) % {"n": outcome.sent},
                messages.SUCCESS,
            )
        if outcome.failed:
            retry = OutgoingMessage.objects.filter(pk__in=pks, sent_at__isnull=True).order_by("next_attempt_at")
            first = retry.values_list("next_attempt_at", flat=True).first() or timezone.now()
            self.message_user(
                request,
                ngettext(
                    "%(n)d courriel non envoyé (le serveur de courriel ne répond pas ou refuse) : il reste en "
                    "file et sera réessayé à partir de %(at)s. Voir la colonne « dernière erreur ».",
                    "%(n)d courriels non envoyés (le serveur de courriel ne répond pas ou refuse) : ils restent en "
                    "file et seront réessayés à partir de %(at)s. Voir la colonne « dernière erreur ».",
                    len(outcome.failed),
                )
                % {"n": len(outcome.failed), "at": timezone.localtime(first).strftime("%H:%M")},
                messages.ERROR,
            )
        if already:
            self.message_user(
                request,
                ngettext("%(n)d courriel était déjà envoyé.", "%(n)d courriels étaient déjà envoyés.", already)
                % {"n": already},
                messages.INFO,
            )
