"""Statistics page, CSV downloads of its tables, and projects side by side.

/statistiques/                      charts for the list's filters (same GET parameters)
/statistiques/<chart>.csv?<filters> one chart's table as CSV (unknown chart 404, invalid filters 400)
/statistiques/<chart>.svg?<filters> the same chart as an SVG image (shown by the page as an <img>)
/statistiques/comparer/?p=a&p=b     two to four published projects side by side
"""

import csv
import re

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caching.fragment_keys import filters_key
from caching.parameters import accepts
from caching.version import cached_per_version, catalogue_version
from common.http import invalid_parameters
from common.spreadsheets import neutralise
from common.streaming import TextBuffer, in_language
from projects.filters import ProjectFilter, build_facets, filter_errors, filter_querystring, with_query
from projects.filters.selection import filter_chips
from projects.models import ActorRole, Milestone, Project, ProjectActor

from .charts import CHART_BUILDERS, all_charts, matching_projects, overview, social_rental_share_per_project
from .compare import mix_categories, mix_table, stacked_layout, tenure_mix

MIN_COMPARED = 2
MAX_COMPARED = 4
MAX_SLUGS_READ = 20  # extra "p" values are ignored before touching the database
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


def _filterset(request):
    return ProjectFilter(request.GET, queryset=Project.objects.published())


@accepts(ProjectFilter)
def statistics(request):
    filterset = _filterset(request)
    matching = matching_projects(filterset)
    # Invalid values are ignored by the counts (and shown as form errors): links leave them out too,
    # so a CSV gives the numbers on the page rather than a "400 Bad Request".
    querystring = filter_querystring(request.GET, drop=("tri", *filterset.form.errors))
    key = f"statistics:{translation.get_language()}:{filterset.cache_key()}"
    figures = cached_per_version(f"{key}:figures", lambda: overview(matching))

    # Read only when the page's cached fragments are missing (their tables may list every project).
    charts = SimpleLazyObject(lambda: cached_per_version(f"{key}:charts", lambda: all_charts(matching)))

    return render(
        request,
        "stats/index.html",
        {
            "filterset": filterset,
            # Built only when the filter panel is not cached (``filters_key``, as on the list).
            "facets": SimpleLazyObject(lambda: build_facets(filterset)),
            "filters_key": filters_key(request.GET),
            "active_filters": filterset.active_filters,
            "has_errors": bool(filterset.form.errors),
            "figures": figures,
            "result_count": figures["projects"],
            "charts": charts,
            # The charts' tables can list every project: rendered once per version and filters.
            "charts_cache_key": f"{catalogue_version().token}:{filterset.cache_key()}",
            "querystring": querystring,
            "list_url": with_query(reverse("projects:list"), querystring),
            "breadcrumbs": [(gettext_lazy("Statistiques"), None)],
            # A filtered view of the statistics: for visitors, not for search engines.
            "noindex": bool(request.GET),
            "chips": filter_chips(filterset),
        },
    )


def _chart_data(request, chart):
    """(the chart's data for the request's filters, None) or (None, the 400 answer); 404 for an unknown chart."""
    build = CHART_BUILDERS.get(chart)
    if build is None:
        raise Http404(_("Ce graphique n'existe pas."))
    filterset = _filterset(request)
    errors = filter_errors(filterset)
    if errors:
        return None, invalid_parameters(errors)
    return build(matching_projects(filterset)), None


@accepts(ProjectFilter)
def chart_csv(request, chart):
    data, refusal = _chart_data(request, chart)
    if refusal is not None:
        return refusal
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistiques-{data.slug}.csv"'
    response.write("\ufeff")  # byte order mark: spreadsheet software then reads the accents right
    writer = csv.writer(response)
    writer.writerow([neutralise(label) for label in data.header])
    writer.writerows(data.csv_rows())
    return response


@accepts(ProjectFilter)
def chart_svg(request, chart):
    """One chart of the page as an SVG image (same filters): the page shows it as an <img> next to
    its table, so the chart's few hundred SVG elements are not part of the page. Cached like a page."""
    data, refusal = _chart_data(request, chart)
    if refusal is not None:
        return refusal
    if not data.rows:
        raise Http404(_("Aucune donnée pour ces filtres."))
    response = render(request, "stats/chart.svg", {"chart": data}, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@accepts(ProjectFilter)
def share_per_project_csv(request):
    """Every matching project's social rental share, streamed (the page shows only the histogram)."""
    filterset = _filterset(request)
    errors = filter_errors(filterset)
    if errors:
        return invalid_parameters(errors)

    def chunks(rows):
        buffer = TextBuffer()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # byte order mark: spreadsheet software then reads the accents right
        for index, row in enumerate(rows):
            writer.writerow(row)
            if index % 1000 == 999:
                yield buffer.drain()
        yield buffer.drain()

    rows = social_rental_share_per_project(matching_projects(filterset))
    response = StreamingHttpResponse(
        in_language(translation.get_language(), chunks(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="statistiques-part-locatif-social-par-projet.csv"'
    return response


# --- Comparison ------------------------------------------------------------------------------


def _requested_slugs(request):
    """Distinct "p" values in the order given, and the ones that cannot be slugs."""
    slugs: list[str] = []
    invalid: list[str] = []
    for value in request.GET.getlist("p")[:MAX_SLUGS_READ]:
        value = value.strip()
        if not value or value in slugs or value in invalid:
            continue
        (slugs if SLUG_RE.match(value) else invalid).append(value)
    return slugs, invalid


def _compared_projects(slugs):
    queryset = (
        Project.objects.published()
        .filter(slug__in=slugs)
        .with_geography()
        .prefetch_related(
            "intervention_modes",
            "tenure_lines__status",
            Prefetch("actors", queryset=ProjectActor.objects.select_related("organism")),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            "common_spaces",
            "cost_figures",
        )
    )
    found = {project.slug: project for project in queryset}
    return [found[slug] for slug in slugs if slug in found]


def _by_kind(items, attribute, key, choices):
    """Rows of a side-by-side table: one per choice present in any project, one cell (a list) per project."""
    rows = []
    for value, label in choices.choices:
        cells = []
        for item in items:
            cells.append([obj for obj in item[attribute] if getattr(obj, key) == value])
        if any(cells):
            rows.append({"label": label, "cells": cells})
    return rows


def _compare_url(projects):
    query = QueryDict(mutable=True)
    query.setlist("p", [project.slug for project in projects])
    return with_query(reverse("stats:compare"), query.urlencode())


@accepts("p")
def compare(request):
    slugs, invalid = _requested_slugs(request)
    notices = []
    if len(request.GET.getlist("p")) > MAX_SLUGS_READ:
        read_only = _("Seules les %(count)d premières valeurs ont été lues.") % {"count": MAX_SLUGS_READ}
        notices.append(("warning", read_only))
    projects = _compared_projects(slugs) if slugs else []
    found = {project.slug for project in projects}
    for value in invalid + [slug for slug in slugs if slug not in found]:
        notices.append(("warning", _("Aucun projet publié ne correspond à « %(slug)s ».") % {"slug": value[:200]}))
    if len(projects) > MAX_COMPARED:
        dropped = projects[MAX_COMPARED:]
        projects = projects[:MAX_COMPARED]
        notices.append(
            (
                "info",
                _(
                    "On compare au plus %(max)d projets : seuls les %(max)d premiers sont affichés "
                    "(%(dropped)s non repris)."
                )
                % {"max": MAX_COMPARED, "dropped": ", ".join(project.name for project in dropped)},
            )
        )

    items = []
    for project in projects:
        actors = list(project.actors.all())
        developers = [actor.organism for actor in actors if actor.role == ActorRole.DEVELOPER]
        items.append(
            {
                "project": project,
                "developers": developers,
                "families": sorted({str(organism.display_family) for organism in developers}),
                "actors": actors,
                "milestones": list(project.milestones.all()),
                "mix": tenure_mix(project),
                "remove_url": _compare_url([other for other in projects if other != project]),
            }
        )

    suggestions = []
    if len(projects) == 1:
        only = projects[0]
        others = list(only.related_by_organism().only("slug", "name").order_by("name")[:6])
        if len(others) < 6:
            known = {other.pk for other in others}
            others += [
                other
                for other in only.related_by_department().only("slug", "name").order_by("name")[:6]
                if other.pk not in known
            ][: 6 - len(others)]
        suggestions = [{"project": other, "url": _compare_url([only, other])} for other in others]

    comparable = len(projects) >= MIN_COMPARED
    categories = mix_categories(items) if comparable else []
    # A menu of every project only while it stays short; beyond, the picker is a text field for the
    # project's identifier (the list's "add to comparison" buttons fill it), so the page stays small.
    limit = settings.COMPARE_MENU_MAX_PROJECTS
    first_choices = list(Project.objects.published().order_by("name").values_list("slug", "name")[: limit + 1])
    choices = first_choices if len(first_choices) <= limit else None
    selected = [project.slug for project in projects] + [""] * (MAX_COMPARED - len(projects))
    share_url = request.build_absolute_uri(_compare_url(projects)) if comparable else None
    return render(
        request,
        "stats/compare.html",
        {
            "noindex": True,  # a visitor's own selection (robots.txt keeps it out too)
            "items": items,
            "comparable": comparable,
            "notices": notices,
            "suggestions": suggestions,
            "choices": choices,
            "pickers": [{"index": index + 1, "selected": slug} for index, slug in enumerate(selected)],
            "share_url": share_url,
            "canonical_url": share_url,
            "stacked": stacked_layout(items) if comparable else None,
            "mix_categories": categories,
            "mix_table": mix_table(items, categories) if comparable else None,
            "actor_rows": _by_kind(items, "actors", "role", ActorRole),
            "milestone_rows": _by_kind(items, "milestones", "kind", Milestone.Kind),
            "breadcrumbs": [
                (gettext_lazy("Statistiques"), reverse("stats:index")),
                (gettext_lazy("Comparer des projets"), None),
            ],
        },
    )
