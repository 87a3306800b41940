"""The tables and blocks of a project's page: tenure lines, actors, milestones, figures, photos."""

from typing import ClassVar

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator, organism_ids
from backoffice.admin.base import LabelledTabularInline
from backoffice.forms import PhotoForm, ProjectActorFormSet, TenureLineFormSet
from projects.models import (
    Certainty,
    CommonSpace,
    CostFigure,
    FieldCertainty,
    Milestone,
    Photo,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    ProjectVisit,
    Quote,
    Surface,
    TenureLine,
)


class CertaintyDefaultForm(forms.ModelForm):
    """A fact row whose certainty is left out (a row added by a script, say) is as written in its source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "certainty" in self.fields:
            self.fields["certainty"].required = False

    def clean_certainty(self):
        return self.cleaned_data.get("certainty") or Certainty.AS_WRITTEN


class SourcedInlineMixin:
    """Facts that point to a source: the source is chosen by searching its title."""

    autocomplete_fields: ClassVar[list[str] | tuple[str, ...]] = ("source",)


class TenureLineInline(SourcedInlineMixin, LabelledTabularInline):
    model = TenureLine
    form = CertaintyDefaultForm
    formset = TenureLineFormSet
    fields = ("status", "category", "homes", "label_as_written", "source", "locator", "certainty", "certainty_note")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status", "source")


class ProjectActorInline(LabelledTabularInline):
    model = ProjectActor
    form = CertaintyDefaultForm
    # A missing organisation is proposed to the moderators (backoffice.admin.proposals).
    template = "admin/edit_inline/tabular_with_proposal.html"
    proposal_url_name = "admin:proposals_organismproposal_add"
    proposal_question = _("Un organisme absent de la liste ?")
    proposal_label = _("Proposer un organisme")
    formset = ProjectActorFormSet
    fields = ("organism", "role", "description", "source", "certainty", "certainty_note")
    autocomplete_fields = ("organism", "source")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organism", "source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Moderators: no rule; editors: the rules of ProjectActorFormSet, for their organisms.
        formset.editor_organism_ids = None if is_moderator(request.user) else organism_ids(request.user)
        return formset


class MilestoneInline(SourcedInlineMixin, LabelledTabularInline):
    model = Milestone
    form = CertaintyDefaultForm
    fields = ("kind", "date_text", "year", "month", "description", "source", "locator", "certainty", "certainty_note")
    extra = 0


class SurfaceInline(SourcedInlineMixin, LabelledTabularInline):
    model = Surface
    form = CertaintyDefaultForm
    fields = ("measure", "area_m2", "scope", "source", "locator", "certainty", "certainty_note")
    extra = 0


class CostFigureInline(SourcedInlineMixin, LabelledTabularInline):
    model = CostFigure
    form = CertaintyDefaultForm
    fields = (
        "kind",
        "amount",
        "unit",
        "surface_basis",
        "tax_basis",
        "note",
        "source",
        "locator",
        "certainty",
        "certainty_note",
    )
    extra = 0


class CommonSpaceInline(SourcedInlineMixin, LabelledTabularInline):
    model = CommonSpace
    form = CertaintyDefaultForm
    fields = (
        "name",
        "area_m2",
        "area_is_approximate",
        "description",
        "source",
        "locator",
        "certainty",
        "certainty_note",
    )
    extra = 0


class QuoteInline(SourcedInlineMixin, admin.StackedInline):
    model = Quote
    form = CertaintyDefaultForm
    fields = ("text", "attribution", ("source", "locator"), ("certainty", "certainty_note"))
    extra = 0


class ProjectSourceInline(LabelledTabularInline):
    model = ProjectSource
    # A missing document is proposed to the moderators (backoffice.admin.proposals).
    template = "admin/edit_inline/tabular_with_proposal.html"
    proposal_url_name = "admin:proposals_sourceproposal_add"
    proposal_question = _("Un document absent de la liste ?")
    proposal_label = _("Proposer une source")
    fields = ("source", "locator", "facts")
    autocomplete_fields = ("source",)
    extra = 0


class FieldCertaintyInline(SourcedInlineMixin, LabelledTabularInline):
    """How certain the project's own fields are (family, modes, totals…): a field without a row is as written
    in the project's sources."""

    model = FieldCertainty
    form = CertaintyDefaultForm
    fields = ("field", "certainty", "certainty_note", "source", "locator")


class ProjectOpeningInline(admin.StackedInline):
    """Whether the project takes new residents (one per project), shown on cards and the page."""

    model = ProjectOpening
    fields = (("status", "as_of"), ("homes_available", "tenures"), "how_to_join")
    filter_horizontal = ()
    max_num = 1
    extra = 0
    verbose_name_plural = _("Ouverture aux nouveaux habitants")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tenures":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProjectVisitInline(LabelledTabularInline):
    """Visits and information meetings open to future residents."""

    model = ProjectVisit
    fields = ("kind", "starts_at", "place", "how_to_register", "registration_url")
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm  # checks and re-encodes uploads (projects.photos)
    # alt_text, credit and licence are required by the model (and its constraints).
    fields = ("preview", "image", "caption", "alt_text", ("credit", "licence"), "position")
    readonly_fields = ("preview",)
    extra = 0

    @admin.display(description=_("aperçu"))
    def preview(self, obj):
        if not obj or not obj.image:
            return "—"
        file, width, height = obj.smallest()
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" style="max-height: 10rem; width: auto">',
            file.url,
            width or "",
            height or "",
        )
