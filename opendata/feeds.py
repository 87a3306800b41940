"""Atom feed of newly published or updated case studies, for any filter of the list.

/projets/flux.atom?region=occitanie&statut=psla is a saved search: a feed reader shows each
published project of that selection when it appears or changes (entries are ordered by last
update; an entry's id is its page, so an update shows as the same entry, updated).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from caching.parameters import accepts
from common.http import invalid_parameters
from common.validators import xml_safe
from projects.filters import (
    ProjectFilter,
    describe_filters,
    describe_filters_text,
    filter_errors,
    filter_querystring,
    with_query,
)
from projects.models import OpeningState, Project

FEED_SIZE = 50


def _xml_safe(value):
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    return xml_safe(value)


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom whose texts are rid of the characters XML cannot carry (control characters stored
    before they were refused): Django's writer raises on them, and the whole feed would be a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_xml_safe(args), **{name: _xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_xml_safe(args), **{name: _xml_safe(value) for name, value in kwargs.items()})


@dataclass
class Selection:
    filterset: ProjectFilter
    querystring: str
    description: str


@accepts(ProjectFilter)
class ProjectFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def __call__(self, request, *args, **kwargs):
        filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
        errors = filter_errors(filterset)
        if errors:
            return invalid_parameters(errors)
        request.project_filterset = filterset
        response = super().__call__(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def get_object(self, request, *args, **kwargs):
        filterset = request.project_filterset
        querystring = filter_querystring(request.GET, drop=("tri",))
        description = describe_filters_text(describe_filters(filterset))
        return Selection(filterset, querystring, description)

    def title(self, selection):
        title = _("Projets d'habitat participatif — nouveaux et mis à jour")
        return f"{title} ({selection.description})" if selection.description else title

    def subtitle(self, selection):
        return _("Les fiches publiées ou mises à jour du catalogue %(site)s qui correspondent à cette recherche.") % {
            "site": settings.SITE_NAME
        }

    def link(self, selection):
        return with_query(reverse("projects:list"), selection.querystring)

    def feed_url(self, selection):
        return with_query(reverse("projects:feed"), selection.querystring)

    def author_name(self):
        return settings.SITE_NAME

    def feed_copyright(self):
        return _("Données sous Licence Ouverte 2.0 (Etalab)")

    def items(self, selection):
        queryset = selection.filterset.qs.order_by("-updated_at", "-pk")
        return queryset.for_cards()[:FEED_SIZE]

    def item_title(self, project):
        return project.name

    def item_description(self, project):
        parts = []
        if project.summary:
            parts.append(project.summary)
        if project.commune_id:
            parts.append(f"{project.commune.name} ({project.commune.department.code})")
        if project.total_homes:
            parts.append(_("%(count)s logements") % {"count": project.total_homes})
        state = getattr(project, "opening_state", None)
        if state:
            parts.append(str(OpeningState(state).label))
        return " — ".join(parts)

    def item_pubdate(self, project):
        return project.published_at

    def item_updateddate(self, project):
        return project.updated_at

    def item_categories(self, project):
        return [
            line.status.short_name if line.status_id else line.get_category_display()
            for line in project.tenure_lines.all()
        ]

    def item_author_name(self, project):
        return ", ".join(actor.organism.name for actor in project.developer_actors) or None
