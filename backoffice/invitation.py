"""Back-office pages outside the ModelAdmins: a new editor's invitation link, the lockout page."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.tokens import invitation_token


class InvitationView(PasswordResetConfirmView):
    """The one-time link of a new editor: choose a password, and be logged in."""

    admin_site: admin.AdminSite | None = None  # given by CatalogueAdminSite.get_urls
    token_generator = invitation_token
    template_name = "admin/invitation.html"
    title = _("Choisissez votre mot de passe")
    post_reset_login = True
    # django-axes' backend needs the login request; a password just chosen is not a guess.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("admin:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update((self.admin_site or admin.site).each_context(self.request))
        context["invited_user"] = self.user
        if not self.validlink:
            context["title"] = _("Lien de connexion non valable")
        return context


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked-out (username, address) pair, or to a username under a
    spread-out attack tried from an unknown address (AXES_LOCKOUT_CALLABLE)."""
    context = {
        **admin.site.each_context(request),
        "title": _("Connexion bloquée"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "username_under_attack": getattr(request, "login_username_under_attack", False),
    }
    return render(request, "admin/locked_out.html", context, status=429)
