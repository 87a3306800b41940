"""Territory pages (regions, départements), the map and "near a place" (issue "Maps and near me")."""

from typing import Any

from django.db.models import Count, F, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy

from caching.fragment_keys import filters_key
from caching.parameters import accepts
from caching.version import catalogue_version
from common.collation import collated
from common.text import normalize
from geo.distance import nearest as nearest_rows
from geo.distance import within_radius
from geo.minimaps import near_map
from geo.models import Department, Region
from geo.places import commune_queryset, resolve_place
from projects import selectors
from projects.filters import (
    ProjectFilter,
    build_facets,
    describe_filters,
    describe_filters_text,
    filter_querystring,
    with_query,
)
from projects.filters.selection import filter_chips
from projects.models import Project

from ..forms import DEFAULT_RADIUS_KM, RADIUS_CHOICES, NearForm
from ..fragments import read_fragments
from ..maps import map_for_queryset
from ..page_figures import department_figures, region_figures
from ..pagination import project_cards_page


def territory_index(request):
    regions = Region.objects.prefetch_related("departments").order_by(collated("name").asc())
    counts = dict(
        Project.objects.published()
        .exclude(commune=None)
        .values_list("commune__department__code")
        .annotate(n=Count("pk"))
    )
    rows = []
    for region in regions:
        departments = [(d, counts.get(d.code, 0)) for d in region.departments.all()]
        rows.append({"region": region, "departments": departments, "count": sum(n for _d, n in departments)})
    return render(request, "geo/territory_index.html", {"regions": rows, "total": sum(counts.values())})


@accepts("page")
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    figures = region_figures(region)
    page_obj = project_cards_page(request, "region", region.pk, count=figures["project_count"])
    nearest: dict[str, Any] = {}
    if not page_obj.paginator.count:
        nearest = selectors.nearest_to_region(region, limit=5)
    return render(
        request,
        "geo/region_detail.html",
        {
            **figures,
            "region": region,
            "projects": page_obj.object_list,
            "page_obj": page_obj,
            "nearest": nearest,
            "former_regions": region.former_regions.exclude(code=region.code),
            **_lists_read_once(
                [("region-departments", region.pk), ("region-organisms", region.pk)],
            ),
        },
    )


@accepts("page")
def department_detail(request, slug):
    department = get_object_or_404(Department.objects.select_related("region"), slug=slug)
    figures = department_figures(department)
    page_obj = project_cards_page(request, "department", department.pk, count=figures["project_count"])
    nearest: dict[str, Any] = {}
    if not page_obj.paginator.count:
        nearest = selectors.nearest_to_department(department, limit=5)
    return render(
        request,
        "geo/department_detail.html",
        {
            **figures,
            "department": department,
            "projects": page_obj.object_list,
            "page_obj": page_obj,
            "nearest": nearest,
            **_lists_read_once([("department-organisms", department.region_id)]),
        },
    )


def _lists_read_once(fragments: list[tuple[str, int]]) -> dict[str, Any]:
    """The page's lists that depend only on the catalogue version, the territory and the language
    (its départements, its most active organisms: ``{% fragment %}`` in the templates, ~3 ms to render
    thirty organisms' links), read in one cache round trip."""
    version, language = catalogue_version().token, get_language()
    keyed = [(name, (version, pk, language)) for name, pk in fragments]
    return {"version": version, "fragments": read_fragments(keyed)}


# --- Map, near a place (issue "Maps and near me") -------------------------------

# Parameters that belong to the pages themselves, not to the project filters.
PAGE_PARAMETERS = ("page", "par_page")
NEAR_PARAMETERS = ("lieu", "rayon", "commune")


def _filter_querystring(request, drop=()):
    """The project-filter part of the query string (what the list, map and GeoJSON share)."""
    query = request.GET.copy()
    for name in (*PAGE_PARAMETERS, *NEAR_PARAMETERS, *drop):
        query.pop(name, None)
    return query.urlencode()


def _with_query(url, querystring):
    return f"{url}?{querystring}" if querystring else url


@accepts(ProjectFilter)
def project_map(request):
    """Choropleth of the projects matching the list's filters (same GET parameters)."""
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.published())
    summary = filterset.summary()
    france_map = map_for_queryset(filterset.qs, map_id="carte", counts=summary["by_department"], total=summary["total"])
    querystring = _filter_querystring(request)
    return render(
        request,
        "geo/map.html",
        {
            "france_map": france_map,
            # The SVG itself is a separate resource (the page stays under its weight budget).
            "svg_url": _with_query(reverse("geo:map_svg"), filter_querystring(request.GET, drop=filterset.form.errors)),
            "noindex": bool(request.GET),
            "chips": filter_chips(filterset),
            "filterset": filterset,
            # Read only when the filter panel is not cached (``filters_key``).
            "facets": SimpleLazyObject(lambda: build_facets(filterset)),
            "filters_key": filters_key(request.GET),
            "active_filters": filterset.active_filters,
            "result_count": france_map["project_count"],
            "list_url": _with_query(reverse("projects:list"), querystring),
            # The export drops what the page ignored (invalid values), so it lists the projects shown.
            "geojson_url": with_query(
                reverse("projects:export_geojson"), filter_querystring(request.GET, drop=filterset.form.errors)
            ),
            "near_url": _with_query(reverse("geo:near"), querystring),
            "breadcrumbs": [(gettext_lazy("Territoires"), reverse("geo:index")), (gettext_lazy("Carte"), None)],
        },
    )


@accepts(ProjectFilter)
def project_map_svg(request):
    """The map page's choropleth alone, as an SVG document (same filters; cached like a page)."""
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.published())
    summary = filterset.summary()
    france_map = map_for_queryset(filterset.qs, map_id="carte", counts=summary["by_department"], total=summary["total"])
    response = render(request, "geo/france_map.svg", {"map": france_map}, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


MAX_RESULTS = 100


@accepts(NearForm, ProjectFilter)
def near(request):
    """Projects within a radius of a commune, nearest first, with the list's filters passed through."""
    form = NearForm(request.GET or None)
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.published())
    filter_querystring = _filter_querystring(request)
    context = {
        "form": form,
        "filterset": filterset,
        "active_filters": describe_filters(filterset),
        "filters_in_words": describe_filters_text(describe_filters(filterset)),
        "hidden_filters": [
            (name, value)
            for name, values in request.GET.lists()
            if name in ProjectFilter.base_filters
            for value in values
        ],
        "radius_choices": RADIUS_CHOICES,
        "radius": DEFAULT_RADIUS_KM,
        "place": None,
        "searched": False,
        "results": [],
        "nearest": [],
        "without_filters_url": None,
        "breadcrumbs": [(gettext_lazy("Territoires"), reverse("geo:index")), (gettext_lazy("Près d'un lieu"), None)],
    }
    if form.is_bound and form.is_valid():
        radius = form.cleaned_data["rayon"]
        context["radius"] = radius
        text, insee = form.cleaned_data["lieu"], form.cleaned_data["commune"]
        if text or insee:
            context["searched"] = True
            place = resolve_place(text, insee)
            context["place"] = place
            if place.ambiguous:
                choices = []
                for candidate in place.candidates:
                    query = request.GET.copy()
                    query["commune"] = candidate.insee_code
                    query["rayon"] = radius
                    choices.append({"commune": candidate, "url": "?" + query.urlencode()})
                context["choices"] = choices
            elif (commune := place.commune) is not None:
                if commune.latitude is None or commune.longitude is None:
                    context["no_coordinates"] = True
                else:
                    projects = filterset.qs.for_cards()
                    rows = list(
                        within_radius(projects, commune.latitude, commune.longitude, radius, prefix="commune__")[
                            : MAX_RESULTS + 1
                        ]
                    )
                    results = rows[:MAX_RESULTS]
                    context["results"] = results
                    context["more_results"] = len(rows) > MAX_RESULTS
                    if not rows:
                        context["nearest"] = nearest_rows(
                            projects, commune.latitude, commune.longitude, limit=5, prefix="commune__"
                        )
                    context["listed"] = context["results"] or context["nearest"]
                    context["near_map"] = near_map(commune, radius, results)
                if filter_querystring:
                    query = request.GET.copy()
                    for name in list(query):
                        if name not in NEAR_PARAMETERS:
                            query.pop(name)
                    context["without_filters_url"] = "?" + query.urlencode()
    elif form.is_bound:
        rayon = form.data.get("rayon")
        context["radius"] = int(rayon) if rayon in {str(r) for r in RADIUS_CHOICES} else DEFAULT_RADIUS_KM
    context["show_custom_radius"] = context["radius"] not in RADIUS_CHOICES
    context["noindex"] = True  # results for one visitor's place (robots.txt keeps it out too)
    return render(request, "geo/near.html", context)


@accepts("q")
def commune_suggestions(request):
    """Up to 10 communes whose normalised name (or postcode) starts with ``q``, for a <datalist>."""
    text = (request.GET.get("q") or "").strip()[:100]
    results = []
    if text and "\x00" not in text:
        if text.isdigit():
            if 2 <= len(text) <= 5:
                communes = commune_queryset().filter(Q(postcodes__startswith=text) | Q(postcodes__contains=" " + text))
                results = list(communes.order_by(F("population").desc(nulls_last=True), "insee_code")[:10])
        elif len(normalize(text)) >= 2:
            results = list(commune_queryset().search(text)[:10])
    return JsonResponse(
        {
            "query": text,
            "results": [
                {
                    "insee": commune.insee_code,
                    "name": commune.name,
                    "department": commune.department.code,
                    "postcodes": commune.postcode_list,
                    "label": f"{commune.name} ({commune.department.code})",
                }
                for commune in results
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
