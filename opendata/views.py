"""Open data: exports of the filtered list and the page that documents them.

/projets/export.csv|json|geojson?<list filters>  the list's selection, streamed (invalid filters → 400)
/projets/faits.csv|json?<list filters>          every sourced fact of that selection, one row per fact
/donnees/                                       formats, parameters, columns, licence, how to cite
"""

from django import forms
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy

from caching.parameters import accepts
from common.http import invalid_parameters
from projects.citations import LICENCE_URL
from projects.filters import ProjectFilter, filter_errors
from projects.models import Project, TenureStatus

from . import exports
from .exports.facts import facts_metadata, write_facts_csv, write_facts_json
from .record.fact_table import FACT_COLUMNS, FACT_KINDS, UNITS, fact_rows

CACHE_MAX_AGE = 300


class CsvOptionsForm(forms.Form):
    bom = forms.TypedChoiceField(
        choices=[("0", "0"), ("1", "1")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,  # type: ignore[arg-type]  # stubs say str | None; Django takes any value (here: no BOM)
    )
    separateur = forms.ChoiceField(
        choices=[("virgule", gettext_lazy("virgule")), ("point-virgule", gettext_lazy("point-virgule"))],
        required=False,
    )


@accepts(ProjectFilter, CsvOptionsForm)
def export(request, fmt):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    errors = filter_errors(filterset)
    options = CsvOptionsForm(request.GET)
    if fmt == "csv" and not options.is_valid():
        errors.update({name: [str(message) for message in messages] for name, messages in options.errors.items()})
    if errors:
        return invalid_parameters(errors, as_json=fmt != "csv")

    context = exports.ExportContext.for_request(request)
    generated_at = timezone.now()
    if fmt == "csv":
        delimiter = ";" if options.cleaned_data["separateur"] == "point-virgule" else ","
        chunks = exports.write_csv_by_lines(filterset.qs, context, delimiter=delimiter, bom=options.cleaned_data["bom"])
    else:
        meta = exports.metadata(request, filterset, context, generated_at)
        row_iter = exports.rows(exports.export_queryset(filterset), context)
        chunks = (exports.write_json if fmt == "json" else exports.write_geojson)(row_iter, meta)

    response = StreamingHttpResponse(
        exports.in_language(translation.get_language(), chunks), content_type=exports.FORMATS[fmt]["content_type"]
    )
    filename = f"projets-habitat-participatif-{timezone.localdate(generated_at).isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{context.base_url}{reverse("open_data")}>; rel="describedby", <{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data, no credentials
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


def _attachment(response, request, name, fmt, generated_at):
    filename = f"{name}-{timezone.localdate(generated_at).isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    base_url = request.build_absolute_uri("/").rstrip("/")
    response["Link"] = f'<{base_url}{reverse("open_data")}>; rel="describedby", <{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data, no credentials
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


@accepts(ProjectFilter, CsvOptionsForm)
def facts_export(request, fmt):
    """One row per sourced fact (tenure line, actor, milestone, surface, cost, common space) of the
    list's selection, with its unit, bases, date, certainty and source."""
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    errors = filter_errors(filterset)
    options = CsvOptionsForm(request.GET)
    if fmt == "csv" and not options.is_valid():
        errors.update({name: [str(message) for message in messages] for name, messages in options.errors.items()})
    if errors:
        return invalid_parameters(errors, as_json=fmt != "csv")

    generated_at = timezone.now()
    rows = fact_rows(filterset.qs)
    if fmt == "csv":
        chunks = write_facts_csv(rows, bom=options.cleaned_data["bom"])
    else:
        context = exports.ExportContext.for_request(request)
        chunks = write_facts_json(rows, facts_metadata(exports.metadata(request, filterset, context, generated_at)))
    response = StreamingHttpResponse(
        exports.in_language(translation.get_language(), chunks), content_type=exports.FORMATS[fmt]["content_type"]
    )
    return _attachment(response, request, "faits-habitat-participatif", fmt, generated_at)


def open_data(request):
    statuses = list(TenureStatus.objects.order_by("position", "short_name", "pk"))
    parameters = [
        {"name": name, "label": spec.label, "help": spec.extra.get("help_text", "")}
        for name, spec in ProjectFilter.base_filters.items()
    ]
    return render(
        request,
        "opendata/open_data.html",
        {
            "columns": exports.columns(statuses),
            "types": exports.TYPES,
            "parameters": parameters,
            "example_query": "statut=psla&annee_min=2015",
            "fact_columns": FACT_COLUMNS,
            "fact_kinds": FACT_KINDS,
            "fact_units": UNITS,
            "breadcrumbs": [(gettext_lazy("Données ouvertes"), None)],
        },
    )
