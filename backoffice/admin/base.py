"""Base classes of the back-office's ModelAdmins: read-only history pages, labelled table inlines."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

if TYPE_CHECKING:
    from django.forms.models import BaseModelFormSet
    from django.http import HttpRequest

    from projects.models import Project, ProjectQuerySet

    class ProjectAdminMixinBase(admin.ModelAdmin[Project]):
        """The mixins of ProjectAdmin are checked as the ModelAdmin they end up in, whose
        queryset is the projects' own and whose ``get_object`` answers 404, never None."""

        def get_queryset(self, request: HttpRequest) -> ProjectQuerySet: ...

        def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Project: ...

    FormSetMixinBase = BaseModelFormSet[Any, Any]
else:
    ProjectAdminMixinBase = object
    FormSetMixinBase = object


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


class LabelledRowsMixin(FormSetMixinBase):
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
