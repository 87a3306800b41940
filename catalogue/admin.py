"""The editors' back-office: the admin site, with a dashboard on its index page."""

from django.contrib import admin
from django.http import HttpResponseNotAllowed
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin
from django.utils.translation import gettext_lazy as _


class CatalogueAdminSite(admin.AdminSite):
    site_header = _("Catalogue de l'habitat participatif — espace éditeurs")
    site_title = _("Espace éditeurs")
    index_title = _("Tableau de bord")

    def index(self, request, extra_context=None):
        from projects.dashboard import dashboard_for

        context = {"dashboard": dashboard_for(request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        from accounts.views import InvitationView

        return [
            # Opened by a new editor from the link printed by `manage.py create_editor`: no login needed.
            path("invitation/<uidb64>/<token>/", InvitationView.as_view(admin_site=self), name="invitation"),
            *super().get_urls(),
        ]


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's history pages (with the changes of each version), read-only.

    Its version page would save a posted form, bypassing the rules of the change form:
    only GET is answered.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)
