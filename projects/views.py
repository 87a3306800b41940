from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView

from geo.maps import map_for_queryset

from .citations import project_citation
from .filters import ProjectFilter, build_facets
from .history import last_change
from .models import ActorRole, Photo, Project, ProjectActor
from .stats import bar_layout

PAGE_SIZES = (12, 24, 48, 96)
DEFAULT_PAGE_SIZE = 24


def card_queryset(queryset):
    """What a project card shows, in a constant number of queries."""
    return queryset.with_geography().prefetch_related(
        Prefetch(
            "actors",
            queryset=ProjectActor.objects.filter(role=ActorRole.DEVELOPER).select_related("organism"),
            to_attr="developer_actors",
        ),
        "tenure_lines__status",
        Prefetch("photos", queryset=Photo.objects.order_by("position", "pk"), to_attr="card_photos"),
    )


def tenure_bars(project):
    """The tenure chart's geometry, long labels ("Accession (sociale ou libre, non précisée)") wrapped."""
    rows = project.tenure_chart()
    for row in rows:
        row["chart_label"] = row["label"]
    return bar_layout(rows, "homes", max_value=project.total_homes)


def territory_named(text):
    """The département (by name or code) or region whose name is ``text``, accents and case ignored."""
    from geo.models import Department, Region
    from geo.normalize import normalize

    wanted = normalize(text)
    if not wanted:
        return None
    for model in (Department, Region):
        for territory in model.objects.all():
            if normalize(territory.name) == wanted or (model is Department and territory.code.lower() == wanted):
                return territory
    return None


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
        return card_queryset(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filterset=self.filterset,
            facets=build_facets(self.filterset),
            active_filters=self.filterset.active_filters,
            page_sizes=PAGE_SIZES,
            result_count=context["paginator"].count if context.get("paginator") else len(context["projects"]),
            france_map=map_for_queryset(self.filterset.qs, map_id="carte-liste"),
        )
        if not context["result_count"]:
            context["place_suggestion"] = self.place_suggestion()
        return context

    def place_suggestion(self):
        """When a search finds nothing and names a commune: the projects nearest to it.

        "Clermont-Ferrand" has no project, but Aurillac is 130 km away: better than a dead end.
        Several communes of that name: links to choose one on the "near a place" page.
        """
        from geo.distance import nearest as nearest_rows
        from geo.normalize import normalize
        from geo.views import resolve_place

        text = (self.filterset.form.cleaned_data.get("q") or "").strip() if self.filterset.is_valid() else ""
        territory = territory_named(text)
        if territory is not None:
            # Its page lists the nearest projects when it has none.
            return {"territory": territory, "text": text}
        if len(text) < 2 or text.isdigit() and len(text) != 5:
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
            for candidate in place.candidates[:8]:
                query = others.copy()
                query.update({"lieu": text, "commune": candidate.insee_code})
                candidate.near_url = f"{near_url}?{query.urlencode()}"
            suggestion["candidates"] = place.candidates[:8]
            return suggestion
        commune = place.commune
        query = others.copy()
        query.update({"lieu": commune.name, "commune": commune.insee_code})
        suggestion["near_url"] = f"{near_url}?{query.urlencode()}"
        if commune.latitude is not None and commune.longitude is not None:
            # The same filters, without the words that matched nothing.
            without_words = ProjectFilter(others, queryset=Project.objects.published())
            suggestion["nearest"] = nearest_rows(
                card_queryset(without_words.qs), commune.latitude, commune.longitude, limit=5, prefix="commune__"
            )
        return suggestion


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_base_queryset(self):
        return Project.objects.published()

    def get_object(self, queryset=None):
        queryset = self.get_base_queryset().with_geography().prefetch_related(
            "intervention_modes",
            "tenure_lines__status",
            "tenure_lines__source",
            Prefetch("actors", queryset=ProjectActor.objects.select_related("organism", "source")),
            "milestones__source",
            "surfaces__source",
            "cost_figures__source",
            "common_spaces__source",
            "quotes__source",
            "citations__source",
            "photos",
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        absolute_url = self.request.build_absolute_uri(project.get_absolute_url())
        last_updated = last_change(project)
        context.update(
            tenure_chart=tenure_bars(project),
            related_by_organism=card_queryset(project.related_by_organism())[:6],
            related_by_department=card_queryset(project.related_by_department())[:6],
            absolute_url=absolute_url,
            last_updated=last_updated,
            citation=project_citation(project, absolute_url, updated=last_updated),
        )
        return context


class ProjectPreviewView(ProjectDetailView):
    """The public page of a project not (yet) published, for the back-office.

    Served by the admin (``ProjectAdmin.preview_view``) with the projects the user may
    see as ``base_queryset``; the page carries a "preview" banner and ``noindex``.
    """

    base_queryset = None

    def get_base_queryset(self):
        return self.base_queryset

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "preview": True, "admin_url": self.kwargs.get("admin_url")}
