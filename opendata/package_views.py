"""The data package and the catalogue of datasets.

/donnees/datapackage.json             the live Tabular Data Package (resources: the live CSV addresses)
/donnees/tables/<table>.csv           the sources and organisms tables (projects and facts: /projets/…)
/donnees/catalogue.jsonld             DCAT-AP catalogue of every dataset and distribution
/donnees/versions/                    the dated releases; /donnees/versions/<version>/[<file>]
"""

import csv
import json
import mimetypes

from django.core.files.storage import default_storage
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy

from caching.parameters import accepts
from common.streaming import TextBuffer
from projects.models import Project

from .exports import in_language
from .models import DataRelease
from .package.build import SQLITE_NAME, _cell
from .package.dcat import catalogue
from .package.descriptor import datapackage
from .package.tables import Table, tables

CACHE_MAX_AGE = 300
RELEASE_MAX_AGE = 365 * 24 * 3600  # a release's files never change
LIVE_TABLES = {"sources": "sources", "organismes": "organisms"}


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def _live_path(request):
    base = _base(request)

    def path_of(table: Table) -> str:
        if table.name == "projects":
            return base + reverse("projects:export_csv")
        if table.name == "facts":
            return base + reverse("projects:facts_csv")
        slug = next(key for key, name in LIVE_TABLES.items() if name == table.name)
        return base + reverse("opendata_table", args=[slug])

    return path_of


def _json(data, max_age=CACHE_MAX_AGE, content_type="application/json"):
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@accepts()
def package(request):
    with translation.override("fr"):
        descriptor = datapackage(
            tables(_base(request)), _live_path(request), _base(request), homepage=_base(request) + reverse("open_data")
        )
    return _json(descriptor)


@accepts()
def table_csv(request, table):
    if table not in LIVE_TABLES:
        raise Http404
    [chosen] = [t for t in tables(_base(request)) if t.name == LIVE_TABLES[table]]
    names = [field.name for field in chosen.fields]

    def chunks():
        buffer = TextBuffer()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in chosen.rows():
            writer.writerow([_cell(row[name]) for name in names])
        yield buffer.drain()

    response = StreamingHttpResponse(in_language("fr", chunks()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


@accepts()
def dcat(request):
    modified = Project.objects.published().aggregate(latest=Max("updated_at"))["latest"] or timezone.now()
    return _json(catalogue(_base(request), modified.isoformat(timespec="seconds")), content_type="application/ld+json")


@accepts()
def release_list(request):
    releases = list(DataRelease.objects.order_by("-created_at", "-pk"))
    return render(
        request,
        "opendata/release_list.html",
        {
            "releases": releases,
            "breadcrumbs": [(gettext_lazy("Données ouvertes"), reverse("open_data")), (gettext_lazy("Versions"), None)],
        },
    )


@accepts()
def release_detail(request, version):
    if version == "derniere":
        latest = DataRelease.objects.order_by("-created_at", "-pk").first()
        if latest is None:
            raise Http404
        return redirect("opendata_release", version=latest.version)
    release = get_object_or_404(DataRelease, version=version)
    return render(
        request,
        "opendata/release_detail.html",
        {
            "release": release,
            "files": sorted(release.files.items()),
            "breadcrumbs": [
                (gettext_lazy("Données ouvertes"), reverse("open_data")),
                (gettext_lazy("Versions"), reverse("opendata_releases")),
                (release.version, None),
            ],
        },
    )


@accepts()
def release_file(request, version, name):
    release = get_object_or_404(DataRelease, version=version)
    if name not in release.files:
        raise Http404
    path = release.storage_path(name)
    if not default_storage.exists(path):
        raise Http404
    content_type = "application/vnd.sqlite3" if name == SQLITE_NAME else mimetypes.guess_type(name)[0]
    if name.endswith((".csv", ".md")):
        content_type = f"{content_type or 'text/plain'}; charset=utf-8"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{version}-{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=RELEASE_MAX_AGE, immutable=True)
    return response
