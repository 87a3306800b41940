"""The editors' back-office: the admin site, with a dashboard on its index page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


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
            # Replaces Django's shortcut (first match wins), which redirects to any object's page.
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """« Voir sur le site »: the public page of an object the user may see in the admin, if
        that page is public (a draft project: its preview, for those who may see it); else 404,
        as for an id that does not exist, so that ids tell nothing."""
        from django.contrib.contenttypes.models import ContentType
        from django.shortcuts import redirect

        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type is not None else None
        model_admin = self._registry.get(model)
        if model_admin is None or not hasattr(model, "get_absolute_url"):
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


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's history pages (with the changes of each version), read-only.

    Its version page would save a posted form, bypassing the rules of the change form:
    only GET is answered. A version of a row outside the user's scope (``get_queryset``, e.g.
    another organism's project) or that they may not view is answered like a missing one, 404:
    a 403 would tell which version ids belong to it.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self._in_scope(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self._in_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def _in_scope(self, request, object_id):
        try:
            obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            return False
        return obj is not None and self.has_view_or_change_permission(request, obj)


class LabelledTabularInline(admin.TabularInline):
    """A table inline whose inputs have an accessible name: « Logements, ligne 2 ».

    Django's table inlines show each field's label once, as a column header, and give the
    inputs of the rows no <label>: a screen reader announces "edit text" alone (axe rules
    label and select-name). Each visible input gets an aria-label naming its column and row.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledRowsMixin, formset), {})


class LabelledRowsMixin:
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = field.widget
            # RelatedFieldWidgetWrapper renders the widget it wraps, with that widget's attrs.
            while hasattr(widget, "widget"):
                widget = widget.widget
            if widget.is_hidden:
                continue
            label = capfirst(field.label or "")
            if index is not None:
                label = gettext("%(field)s, ligne %(row)s") % {"field": label, "row": index + 1}
            widget.attrs = {**widget.attrs, "aria-label": label}
