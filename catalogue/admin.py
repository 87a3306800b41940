"""The editors' back-office: the admin site, with a dashboard on its index page."""

from django.contrib import admin
from django.http import HttpResponseNotAllowed
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
