import re

from django import forms
from django.db.models import Count, F, Q, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caching.parameters import accepts
from organisms.models import Organism
from projects.filters import (
    ProjectFilter,
    build_facets,
    describe_filters,
    describe_filters_text,
    filter_querystring,
    with_query,
)
from projects.models import Project, published_via
from projects.views import ORGANISMS_SHOWN, card_queryset, project_cards_page

from .distance import nearest as nearest_rows
from .distance import within_radius
from .maps import map_for_queryset
from .models import Commune, Department, Region
from .normalize import normalize

PUBLISHED = published_via("communes__projects")


def territory_index(request):
    regions = Region.objects.prefetch_related("departments").order_by("name")
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
    projects = Project.objects.published().filter(commune__department__region=region)
    departments = region.departments.annotate(
        project_count=Count("communes__projects", filter=PUBLISHED)
    ).order_by("code")
    organisms = (
        Organism.objects.filter(roles__project__in=projects)
        .annotate(n=Count("roles__project", distinct=True))
        .order_by("-n", "name")
    )
    page_obj = project_cards_page(request, projects.order_by("name", "pk"))
    project_list = page_obj.object_list
    nearest = []
    if not page_obj.paginator.count:
        from .distance import nearest_projects_to_region

        nearest = nearest_projects_to_region(region, limit=5)
    return render(
        request,
        "geo/region_detail.html",
        {
            "region": region,
            "projects": project_list,
            "page_obj": page_obj,
            "project_count": page_obj.paginator.count,
            "nearest": nearest,
            "departments": departments,
            "organisms": organisms[:ORGANISMS_SHOWN],
            "organism_count": organisms.count(),
            "homes": projects.aggregate(total=Sum("total_homes"))["total"],
            "former_regions": region.former_regions.all(),
        },
    )


@accepts("page")
def department_detail(request, slug):
    department = get_object_or_404(Department.objects.select_related("region"), slug=slug)
    projects = Project.objects.published().filter(commune__department=department)
    neighbours = department.neighbours.annotate(project_count=Count("communes__projects", filter=PUBLISHED)).order_by(
        "code"
    )
    region_projects = Project.objects.published().filter(commune__department__region=department.region_id)
    organisms = (
        Organism.objects.filter(roles__project__in=region_projects)
        .annotate(n=Count("roles__project", distinct=True))
        .order_by("-n", "name")
    )
    page_obj = project_cards_page(request, projects.order_by("name", "pk"))
    project_list = page_obj.object_list
    nearest = []
    if not page_obj.paginator.count:
        from .distance import nearest_projects_to_department

        nearest = nearest_projects_to_department(department, limit=5)
    return render(
        request,
        "geo/department_detail.html",
        {
            "department": department,
            "projects": project_list,
            "page_obj": page_obj,
            "project_count": page_obj.paginator.count,
            "neighbours": neighbours,
            "organisms": organisms[:ORGANISMS_SHOWN],
            "organism_count": organisms.count(),
            "nearest": nearest,
            "homes": projects.aggregate(total=Sum("total_homes"))["total"],
        },
    )


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
    france_map = map_for_queryset(
        filterset.qs, map_id="carte", counts=summary["by_department"], total=summary["total"]
    )
    querystring = _filter_querystring(request)
    return render(
        request,
        "geo/map.html",
        {
            "france_map": france_map,
            "filterset": filterset,
            "facets": build_facets(filterset),
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


RADIUS_CHOICES = (10, 25, 50, 100, 200)
DEFAULT_RADIUS_KM = 50
MAX_RADIUS_KM = 1000
MAX_CANDIDATES = 20
MAX_RESULTS = 100
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = r"^(?:\d{5}|2[AB]\d{3})$"
# "Saint-Denis (974)": a name followed by its département code, as the suggestions write it.
NAME_WITH_DEPARTMENT_RE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>\d[\dAB]\d?)\s*\)\s*$", re.IGNORECASE)


class NearForm(forms.Form):
    lieu = forms.CharField(
        label=gettext_lazy("Commune ou code postal"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Par exemple « Clermont-Ferrand », « clermont ferrand » ou « 63000 »."),
        error_messages={"max_length": gettext_lazy("Tapez au plus %(limit_value)d caractères.")},
    )
    rayon = forms.IntegerField(
        label=gettext_lazy("Dans un rayon de (km)"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Choisissez une distance en kilomètres."),
            "min_value": gettext_lazy("La distance doit être d'au moins %(limit_value)s km."),
            "max_value": gettext_lazy("La distance ne peut pas dépasser %(limit_value)s km."),
        },
    )
    commune = forms.RegexField(regex=INSEE_RE, max_length=5, required=False)

    def clean_lieu(self):
        value = self.cleaned_data["lieu"].strip()
        if value and not POSTCODE_RE.match(value):
            name = NAME_WITH_DEPARTMENT_RE.match(value)
            normalized = normalize(name.group("name") if name else value)
            if not normalized:
                raise forms.ValidationError(_("Tapez un nom de commune ou un code postal à 5 chiffres."))
            if normalized.isdigit():
                raise forms.ValidationError(_("Un code postal compte 5 chiffres, par exemple 63000."))
            if len(normalized) < 2:
                raise forms.ValidationError(_("Tapez au moins deux lettres du nom de la commune."))
        return value

    def clean_rayon(self):
        return self.cleaned_data["rayon"] or DEFAULT_RADIUS_KM


class Place:
    """The outcome of resolving what the user typed: found, ambiguous or unknown."""

    def __init__(self, commune=None, candidates=(), more=False):
        self.commune = commune
        self.candidates = list(candidates)
        self.more = more

    @property
    def found(self):
        return self.commune is not None

    @property
    def ambiguous(self):
        return self.commune is None and bool(self.candidates)


def _communes():
    return Commune.objects.select_related("department")


def resolve_place(text, insee=""):
    """A commune from an INSEE code (chosen among candidates), a postcode or a name, in one query.

    Names are compared normalised (accents, case, hyphens ignored): the exact name first,
    then names that start with it; most populous first. One exact match is the place; several
    exact matches, or several prefix matches, make it ambiguous (exact ones listed first).
    """
    if insee:
        commune = _communes().filter(insee_code=insee).first()
        return Place(commune=commune) if commune else Place()
    text = (text or "").strip()
    if POSTCODE_RE.match(text):
        rows = list(_communes().by_postcode(text)[: MAX_CANDIDATES + 1])
    else:
        communes = _communes()
        match = NAME_WITH_DEPARTMENT_RE.match(text)
        if match:
            text = match.group("name")
            communes = communes.filter(department__code=match.group("code").upper())
        wanted = normalize(text)
        rows = list(communes.search(text)[: MAX_CANDIDATES + 1])
        exact = [commune for commune in rows if commune.search_name == wanted]
        if len(exact) == 1:
            # One exact match wins: a prefix match never competes with it.
            rows = exact
        # Several exact matches ("Clermont": Oise, Landes…) stay first among the candidates,
        # followed by the longer names ("Clermont-Ferrand"), the likely intent of many.
    if len(rows) == 1:
        return Place(commune=rows[0])
    return Place(candidates=rows[:MAX_CANDIDATES], more=len(rows) > MAX_CANDIDATES)


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
                for candidate in place.candidates:
                    query = request.GET.copy()
                    query["commune"] = candidate.insee_code
                    query["rayon"] = radius
                    candidate.choose_url = "?" + query.urlencode()
            elif place.found:
                commune = place.commune
                if commune.latitude is None or commune.longitude is None:
                    place.no_coordinates = True
                else:
                    projects = card_queryset(filterset.qs)
                    rows = list(
                        within_radius(projects, commune.latitude, commune.longitude, radius, prefix="commune__")[
                            : MAX_RESULTS + 1
                        ]
                    )
                    context["results"] = rows[:MAX_RESULTS]
                    context["more_results"] = len(rows) > MAX_RESULTS
                    if not rows:
                        context["nearest"] = nearest_rows(
                            projects, commune.latitude, commune.longitude, limit=5, prefix="commune__"
                        )
                    context["listed"] = context["results"] or context["nearest"]
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
    return render(request, "geo/near.html", context)


@accepts("q")
def commune_suggestions(request):
    """Up to 10 communes whose normalised name (or postcode) starts with ``q``, for a <datalist>."""
    text = (request.GET.get("q") or "").strip()[:100]
    results = []
    if text and "\x00" not in text:
        if text.isdigit():
            if 2 <= len(text) <= 5:
                communes = _communes().filter(Q(postcodes__startswith=text) | Q(postcodes__contains=" " + text))
                results = list(communes.order_by(F("population").desc(nulls_last=True), "insee_code")[:10])
        elif len(normalize(text)) >= 2:
            results = list(_communes().search(text)[:10])
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
