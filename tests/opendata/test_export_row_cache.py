"""Done means: the projects CSV written from its rows' cached lines (issue 19, ``row_cache``) is,
byte for byte, the CSV computed afresh by the reference path, whatever exports filled the cache
first (a filtered one, the other language, the other delimiter, another day); a change to the
catalogue shows in the next export; a warm export reads no project row and no related row, only
the selection's ids."""

import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from caching.version import process_version
from opendata import exports
from opendata.exports.row_cache import line_seconds
from projects.models import Project, PublicationStatus
from tests.factories import TenureLineFactory, make_minimal_projects, tenure_status

from .helpers import body, csv_rows, generic_csv

pytestmark = pytest.mark.django_db

QUERIES = [
    ("", ",", False),
    ("separateur=point-virgule&bom=1", ";", True),
    ("tri=-logements", ",", False),
    ("statut=psla", ",", False),
    ("q=bordeaux&separateur=point-virgule", ";", False),
]


def export(client, query, language="fr"):
    process_version.forget()  # the version as a new request reads it
    prefix = "" if language == "fr" else f"/{language}"
    response = client.get(f"{prefix}/projets/export.csv?{query}")
    assert response.status_code == 200
    return body(response)


@pytest.mark.parametrize("first", ["statut=psla", "", "separateur=point-virgule", "q=bordeaux"])
def test_every_export_equals_the_csv_computed_afresh_whatever_filled_the_cache_first(
    client, rich_catalogue, exports_cache, first
):
    for language in ("en", "fr"):
        export(client, first, language)  # fills some lines: other variants, a part of the catalogue
    for language in ("fr", "en"):
        for query, delimiter, bom in QUERIES:
            cached = export(client, query, language)
            with translation.override(language):
                assert cached == generic_csv(query, delimiter, bom), (language, query)
            assert export(client, query, language) == cached  # and again, every line from the cache


def test_a_change_to_the_catalogue_shows_in_the_next_export(client, rich_catalogue, exports_cache):
    before = csv_rows(export(client, ""))
    project = Project.objects.published().get(slug=before[0]["slug"])
    project.name = "Nom changé après la première exportation"
    project.total_homes = (project.total_homes or 0) + 7
    project.save()
    TenureLineFactory(project=project, status=tenure_status("brs"), homes=7)
    after = {row["slug"]: row for row in csv_rows(export(client, ""))}
    assert after[project.slug]["name"] == "Nom changé après la première exportation"
    assert after[project.slug]["homes_brs"] == "7"
    with translation.override("fr"):
        assert export(client, "") == generic_csv("", ",", False)


def test_an_unpublished_project_leaves_the_export_even_with_its_line_cached(client, rich_catalogue, exports_cache):
    slug = csv_rows(export(client, ""))[0]["slug"]
    Project.objects.filter(slug=slug).update(status=PublicationStatus.ARCHIVED)
    assert slug not in {row["slug"] for row in csv_rows(export(client, ""))}


def test_the_next_day_writes_the_next_days_citation(rich_catalogue, exports_cache):
    # Days far from the run's own date: a record's « mis à jour le » is its real update day.
    first_day, next_day = datetime.date(2031, 1, 2), datetime.date(2031, 1, 3)
    request = RequestFactory().get("/projets/export.csv")
    selection = Project.objects.published().order_by("name", "pk")
    texts = {}
    for day in (first_day, next_day):
        context = exports.ExportContext(request.build_absolute_uri("/").rstrip("/"), exports_statuses(), day)
        texts[day] = "".join(exports.write_csv_by_lines(selection, context))
    assert texts[first_day] != texts[next_day]
    assert "consulté le 3 janvier 2031" in texts[next_day]
    assert "3 janvier 2031" not in texts[first_day]
    assert "consulté le 2 janvier 2031" in texts[first_day]


def exports_statuses():
    from projects.models import TenureStatus

    return list(TenureStatus.objects.order_by("position", "short_name", "pk"))


def test_a_project_deleted_after_its_id_was_read_has_no_line(rich_catalogue, exports_cache):
    request = RequestFactory().get("/projets/export.csv")
    context = exports.ExportContext.for_request(request)
    lines = exports.RowLines(context, ",")
    ids = list(Project.objects.published().order_by("pk").values_list("pk", flat=True)[:3])
    gone = max(Project.objects.values_list("pk", flat=True)) + 1
    cache = exports.row_cache()
    written = lines.lines([ids[0], gone, ids[1], ids[2]], "token", cache)
    assert written == [lines.compute([pk])[pk] for pk in ids]
    assert lines.lines([gone, *ids], "token", cache) == written  # from the cache, in order


@pytest.mark.parametrize("exports_cache", ["redis"], indirect=True)
def test_a_warm_export_reads_only_the_selections_ids(client, catalogue, exports_cache):
    make_minimal_projects(1_500)  # two chunks
    export(client, "")  # cold: the rows and their related rows, per chunk
    process_version.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/projets/export.csv")
        assert response.status_code == 200
        sent = body(response)
    selects = [query["sql"] for query in captured.captured_queries if "projects_project" in query["sql"]]
    assert len(selects) == 1, selects  # the ids, through one cursor; no row, no related row
    assert "projects_tenureline" not in selects[0]
    assert sent.count(b"\r\n") - 1 >= 1_500


class SignedUrlStorage(FileSystemStorage):
    """A storage whose addresses expire, as a private S3 bucket's signed ones do."""

    querystring_auth = True
    querystring_expire = 600


def test_a_line_never_outlives_half_the_life_of_a_signed_photo_address(settings, exports_cache):
    assert exports.row_cache() is not None and line_seconds() == 3600
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.opendata.test_export_row_cache.SignedUrlStorage"},
    }
    assert line_seconds() == 300
