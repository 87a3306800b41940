"""Atom feed « à moins de N km de ma commune »: /projets/flux-pres-de.atom?commune=<INSEE>&rayon=<km>
(and any filter of the list). The list's own feed (``feeds.ProjectFeed``) already serves the other
saved searches, territories (``departement``, ``region``) and organisms (``organisme``) included.

Entries: the published projects of the selection, most recently changed first — a project's change
being its own or its opening's (a group that opens its doors shows up in the feed).
"""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext as _

from caching.parameters import accepts
from common.http import invalid_parameters
from geo.places import resolve_place
from projects.filters import ProjectFilter, describe_filters, describe_filters_text, filter_errors, filter_querystring
from projects.selectors import saved_search

from .feeds import FEED_SIZE, ProjectFeed, Selection


class NearFeedForm(forms.Form):
    commune = forms.RegexField(regex=r"^[0-9AB]{5}$", max_length=5)
    rayon = forms.IntegerField(min_value=1, max_value=300)


@accepts(ProjectFilter, NearFeedForm)
class NearProjectFeed(ProjectFeed):
    def __call__(self, request, *args, **kwargs):
        form = NearFeedForm(request.GET)
        filterset = ProjectFilter(request.GET, queryset=None)
        errors: dict[str, list[str]] = dict(filter_errors(filterset))
        if not form.is_valid():
            errors.update({name: [str(message) for message in messages] for name, messages in form.errors.items()})
        commune = resolve_place("", form.cleaned_data["commune"]).commune if not errors else None
        if not errors and (commune is None or commune.latitude is None):
            errors = {"commune": [_("Commune inconnue, ou sans coordonnées.")]}
        if errors:
            return invalid_parameters(errors)
        request.near = (commune, form.cleaned_data["rayon"])
        request.project_filterset = filterset
        response = super(ProjectFeed, self).__call__(request, *args, **kwargs)  # Feed's own: parameters checked here
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def get_object(self, request, *args, **kwargs):
        commune, radius = request.near
        criteria = filter_querystring(request.GET, drop=("tri",))
        queryset, filterset = saved_search(criteria, commune, radius)
        described = describe_filters_text(describe_filters(filterset))
        near = _("à moins de %(radius)s km de %(commune)s") % {"radius": radius, "commune": commune.name}
        selection = Selection(
            filterset, f"{criteria}&" if criteria else "", " ; ".join(filter(None, [described, near]))
        )
        selection.querystring += f"commune={commune.insee_code}&rayon={radius}"
        selection.queryset = queryset  # type: ignore[attr-defined]  # the selection within the radius
        return selection

    def link(self, selection):
        return f"{reverse('geo:near')}?{selection.querystring}"

    def feed_url(self, selection):
        return f"{reverse('projects:feed_near')}?{selection.querystring}"

    def items(self, selection):
        changed = Greatest(F("updated_at"), Coalesce(F("openings__updated_at"), F("updated_at")))
        queryset = selection.queryset.annotate(changed_at=changed).order_by("-changed_at", "-pk")
        return queryset.for_cards()[:FEED_SIZE]

    def item_updateddate(self, project):
        return getattr(project, "changed_at", project.updated_at)
