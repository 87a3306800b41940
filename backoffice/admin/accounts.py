from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from accounts.services import send_invitation
from backoffice.admin.base import LabelledTabularInline


class MembershipInline(LabelledTabularInline):
    model = Membership
    fields = ("organism", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("organism",)
    extra = 0
    verbose_name = _("organisme dont l'utilisateur est éditeur")
    verbose_name_plural = _("organismes dont l'utilisateur est éditeur")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """User accounts are managed by superusers (``manage.py create_editor`` does it in one step)."""

    inlines = (MembershipInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "roles", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "memberships__organism")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Informations personnelles"), {"fields": ("first_name", "last_name", "email", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates importantes"), {"fields": ("last_login", "date_joined")}),
    )
    actions = ("send_invitation_links",)

    @admin.action(description=_("Envoyer un lien d'invitation par courriel"), permissions=("change",))
    def send_invitation_links(self, request, queryset):
        """A new (or locked-out) staff account gets a one-time link to choose its password, by e-mail,
        through the outbox. Accounts with no address, or not staff, are named and skipped."""
        sent, skipped = [], []
        for user in queryset.order_by("username"):
            if user.is_active and user.is_staff and send_invitation(user):
                sent.append(user.get_username())
            else:
                skipped.append(user.get_username())
        if sent:
            self.message_user(
                request, _("Lien envoyé (mis en file d'attente) à : %(names)s.") % {"names": ", ".join(sent)}
            )
        if skipped:
            self.message_user(
                request,
                _("Aucun lien pour : %(names)s (compte inactif, non membre de l'équipe ou sans adresse).")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "memberships__organism")

    @admin.display(description=_("rôles"))
    def roles(self, obj):
        parts = [group.name for group in obj.groups.all()]
        parts += [membership.organism.short_name or membership.organism.name for membership in obj.memberships.all()]
        if obj.is_superuser:
            parts.insert(0, str(_("superutilisateur")))
        return ", ".join(parts)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Moderators attach existing staff accounts to organisms."""

    list_display = ("user", "organism", "created_at")
    list_select_related = ("user", "organism")
    list_filter = ("organism__kind",)
    search_fields = ("user__username", "user__email", "organism__name", "organism__short_name")
    autocomplete_fields = ("organism",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
