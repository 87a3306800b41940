"""The project list (filters, search, keyset pages, map) and a project's page (and its back-office preview)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from caching.fragment_keys import filters_key, results_key
from caching.parameters import accepts
from caching.version import catalogue_version
from common.charts import bar_layout
from common.precompiled import Precompiled
from common.text import normalize
from geo.distance import nearest as nearest_rows
from geo.minimaps import project_map
from geo.places import resolve_place
from projects import keyset
from projects.children import load_children
from projects.citations import project_citation
from projects.filters import ProjectFilter, build_facets
from projects.filters.selection import filter_chips, selection_figures
from projects.models import Project, validity_cutoff
from projects.related import related_rows
from projects.search import ranks_rows

from ..fragments import Fragments, read_fragments
from ..pagination import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
    KnownCountPaginator,
    list_rows,
)
from ..search_help import search_help


def tenure_bars(project: Project) -> dict:
    """The tenure chart's geometry, long labels ("Accession (sociale ou libre, non précisée)") wrapped."""
    rows = project.tenure_chart()
    for row in rows:
        row["chart_label"] = row["label"]
    return bar_layout(rows, "homes", max_value=project.total_homes)


@accepts(ProjectFilter, "page", "par_page", keyset.CURSOR_PARAMETER)
class ProjectListView(ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("par_page", DEFAULT_PAGE_SIZE))
        except ValueError:
            return DEFAULT_PAGE_SIZE
        return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE

    def get_queryset(self):
        self.filterset = ProjectFilter(self.request.GET, queryset=Project.objects.published())
        self.summary = self.filterset.summary()
        # The page's rows from SQL compiled once per layout (public.pagination) where it can, else from
        # the FilterSet's QuerySet; only the keys: the cards' children are read by public.cards.
        return list_rows(self.filterset) or self.card_rows()

    def card_rows(self):
        return self.filterset.qs.for_card_rows()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return KnownCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count=self.summary["total"],
        )

    def paginate_queryset(self, queryset, page_size):
        """A valid ``apres`` cursor (the "next" link) seeks past the previous page's last project."""
        data = self.filterset.cleaned_data
        self.keyset = keyset.keys_for(data.get("tri"), searching=ranks_rows(self.filterset.search_plan))
        values = keyset.decode(self.request.GET.get(keyset.CURSOR_PARAMETER) or "", self.keyset)
        if values is None:
            return super().paginate_queryset(queryset, page_size)
        paginator = self.get_paginator(queryset, page_size)
        try:
            number = int(self.request.GET.get(self.page_kwarg, ""))
        except ValueError:
            number = 2
        number = min(max(number, 2), max(paginator.num_pages, 2))
        rows = list(self.card_rows().filter(keyset.after(self.keyset, values))[:page_size])
        page = paginator._get_page(rows, number, paginator)
        return paginator, page, rows, paginator.num_pages > 1

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_size = self.get_paginate_by(None)
        total = self.summary["total"]
        page = context.get("page_obj")
        if page is not None and page.has_next() and context["projects"]:
            context["next_cursor"] = keyset.encode(list(context["projects"])[-1], self.keyset)
        context.update(
            filterset=self.filterset,
            # Lazy values are read only when their fragment is not cached (``filters_key``: the filter
            # panel; ``results_key``: the search's help, the chips, the selection's figures, the page
            # links, the downloads).
            filters_key=filters_key(self.request.GET, page_size),
            results_key=results_key(self.request.GET, page_size),
            # The page links keep the query's parameters in their order, the page and cursor included.
            page_query=self.request.GET.urlencode(),
            facets=SimpleLazyObject(lambda: build_facets(self.filterset)),
            active_filters=self.filterset.active_filters,
            page_sizes=PAGE_SIZES,
            result_count=total,
            chips=SimpleLazyObject(lambda: filter_chips(self.filterset)),
            selection=SimpleLazyObject(lambda: selection_figures(self.filterset) if total else None),
            # Filtered, searched, sorted or later pages: for visitors, not for search engines.
            noindex=bool(self.request.GET),
            **search_help(self.filterset.search_plan),
        )
        context["fragments"] = self.read_fragments(context)
        if not context["result_count"] and not (context.get("place_offer") or {}).get("territory"):
            # (a territory's page is already offered first: search_help.html)
            context["place_suggestion"] = self.place_suggestion()
        return context

    @staticmethod
    def read_fragments(context: dict) -> Fragments:
        """The page's six fragments in one cache round trip, keyed as project_list.html's ``{% fragment %}``
        tags key them (an absent ``next_cursor`` resolves to "" there)."""
        results = context["results_key"]
        return read_fragments(
            [
                ("list-filters", (context["filters_key"],)),
                ("list-search-help", (results,)),
                ("list-chips", (results,)),
                ("list-selection", (results,)),
                ("list-pages", (results, context["page_query"], context.get("next_cursor", ""))),
                ("list-downloads", (results,)),
            ]
        )

    def place_suggestion(self):
        """When a search finds nothing and names a commune: the projects nearest to it.

        "Clermont-Ferrand" has no project, but Aurillac is 130 km away: better than a dead end.
        Several communes of that name: links to choose one on the "near a place" page.
        """
        text = (self.filterset.form.cleaned_data.get("q") or "").strip() if self.filterset.is_valid() else ""
        # A territory's name: its page is offered first (search_help.place_offer).
        if len(text) < 2 or (text.isdigit() and len(text) != 5):
            return None
        place = resolve_place(text)
        wanted = normalize(text)
        if not place.found and not any(candidate.search_name == wanted for candidate in place.candidates):
            return None  # not a commune's name, only the start of some
        others = self.request.GET.copy()
        for name in ("q", "page", "tri", "par_page"):
            others.pop(name, None)
        near_url = reverse("geo:near")
        suggestion = {"place": place, "text": text}
        if place.ambiguous:
            choices = []
            for candidate in place.candidates[:8]:
                query = others.copy()
                query.update({"lieu": text, "commune": candidate.insee_code})
                choices.append({"commune": candidate, "url": f"{near_url}?{query.urlencode()}"})
            suggestion["candidates"] = choices
            return suggestion
        commune = place.commune
        if commune is None:
            return None
        query = others.copy()
        query.update({"lieu": commune.name, "commune": commune.insee_code})
        suggestion["near_url"] = f"{near_url}?{query.urlencode()}"
        if commune.latitude is not None and commune.longitude is not None:
            # The same filters, without the words that matched nothing.
            without_words = ProjectFilter(others, queryset=Project.objects.published())
            suggestion["nearest"] = nearest_rows(
                without_words.qs.for_cards(), commune.latitude, commune.longitude, limit=5, prefix="commune__"
            )
        return suggestion


PUBLISHED_BY_SLUG = Precompiled(
    lambda slug: Project.objects.published().with_geography().with_opening().filter(slug=slug).order_by()
)


class ProjectDetailView(DetailView):
    """The project page. Its body is rendered in fragments cached per catalogue version × project
    × language (``fragment_key``): the children (13 kinds) and the last change (one query,
    ``projects.children``) and the related cards are read only when a fragment is missing
    (``page``, lazy); otherwise the page costs the catalogue version and the project itself."""

    template_name = "projects/project_detail.html"
    context_object_name = "project"
    fragment_seconds = 3600

    def get_base_queryset(self):
        return Project.objects.published()

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        if not self.fragment_seconds:  # (the preview: its own base queryset, the user's projects)
            return get_object_or_404(self.get_base_queryset().with_geography().with_opening(), slug=slug)
        # The public page: the lookup's SQL compiled once per day (the opening's rule dates with it).
        found = PUBLISHED_BY_SLUG.page(("project", validity_cutoff()), (slug,), offset=0, limit=1)
        if not found:
            raise Http404("No published project at this address.")
        return found[0]

    def case_study(self, project: Project) -> dict:
        """What the cached fragments show: the project's children, its last change, its citation."""
        last_updated = load_children(project)  # every kind of child and the last change: one query
        absolute_url = self.request.build_absolute_uri(project.get_absolute_url())
        return {
            "project": project,
            "tenure_chart": tenure_bars(project),
            "last_updated": last_updated,
            "citation": project_citation(project, absolute_url, updated=last_updated),
        }

    def read_fragments(self, fragment_key: str) -> Fragments:
        """The fragments of project_detail.html, keyed as its ``{% fragment %}`` tags key them
        (``preview`` is not in a public page's context: it varies on "")."""
        language, scheme, host = get_language(), self.request.scheme, self.request.get_host()
        return read_fragments(
            [
                ("project-json-ld", (fragment_key, language, scheme, host)),
                ("project-body", (fragment_key, language, "")),
                ("project-sources", (fragment_key, language, "", scheme, host)),
                ("project-related", (fragment_key, language, "")),
            ]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        fragment_key = f"{catalogue_version().token}:{project.pk}:{project.updated_at.isoformat()}"
        context.update(
            # The page's four fragments in one cache round trip ({% fragment %}); a preview stores none.
            fragments=self.read_fragments(fragment_key) if self.fragment_seconds else {},
            page=SimpleLazyObject(lambda: self.case_study(project)),
            # (same organism, same département)
            related=SimpleLazyObject(lambda: related_rows(project)),
            fragment_key=fragment_key,
            fragment_seconds=self.fragment_seconds,
            # From the commune and département the page already has: no query.
            location_map=project_map(project.commune, project.department if project.commune_id else None),
        )
        return context


class ProjectPreviewView(ProjectDetailView):
    """The public page of a project not (yet) published, for the back-office.

    Served by the admin (``ProjectAdmin.preview_view``) with the projects the user may
    see as ``base_queryset``; the page carries a "preview" banner and ``noindex``.
    """

    base_queryset = None
    fragment_seconds = 0  # never stored: a draft's changes need not bump the catalogue version

    def get_base_queryset(self):
        return self.base_queryset

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "preview": True, "admin_url": self.kwargs.get("admin_url")}
