"""The editors' back-office: the admin site, with a dashboard on its index page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import dashboard_for
from backoffice.invitation import InvitationView
from backoffice.preferences import preferences_view
from backoffice.proposals_panel import proposals_panel


class CatalogueAdminSite(admin.AdminSite):
    site_header = _("Catalogue de l'habitat participatif — espace éditeurs")
    site_title = _("Espace éditeurs")
    index_title = _("Tableau de bord")

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {
            "dashboard": dashboard_for(request.user),
            "proposals_panel": proposals_panel(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self) -> list:
        return [
            # Opened by a new editor from the link printed by `manage.py create_editor`: no login needed.
            path("invitation/<uidb64>/<token>/", InvitationView.as_view(admin_site=self), name="invitation"),
            path("preferences/", self.admin_view(preferences_view), {"admin_site": self}, name="preferences"),
            # Replaces Django's shortcut (first match wins), which redirects to any object's page.
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            *super().get_urls(),
        ]

    def view_on_site(self, request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
        """« Voir sur le site »: the public page of an object the user may see in the admin, if
        that page is public (a draft project: its preview, for those who may see it); else 404,
        as for an id that does not exist, so that ids tell nothing."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type is not None else None
        model_admin = self._registry.get(model) if model is not None else None
        if model is None or model_admin is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            obj = None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        public = getattr(model._default_manager, "published", None)
        if public is not None and not public().filter(pk=obj.pk).exists():
            preview = getattr(model_admin, "preview_view", None)
            if preview is None:
                raise Http404
            opts = model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_preview", obj.pk)
        return redirect(obj.get_absolute_url())
