"""Done means: the fast path of the projects CSV (issue 19) writes the very bytes of the portable,
generic path. On PostgreSQL each chunk's related rows come from ONE query
(``related_rows_in_one_query``); everywhere the CSV is written through a row plan (``csv_plan``).
The reference is the generic path: the seven ORM queries (``related_rows``) and the cell-by-cell
writer (``write_csv(row_chunks(…))``). The catalogue holds every kind of child, several of each,
empty fields, commas, quotes, newlines, accents and texts a spreadsheet would run as formulas."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.models import DateTimeField, Value
from django.test import RequestFactory
from django.utils import translation

from opendata import exports
from opendata.exports.csv_plan import LocalIsoText
from projects.filters import ProjectFilter
from projects.models import Project

from .helpers import body, generic_csv

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-query reader is PostgreSQL's")


def chunk_ids():
    return list(Project.objects.published().values_list("pk", flat=True))


@postgresql_only
def test_one_query_gives_the_related_rows_of_the_seven_queries(rich_catalogue):
    ids = chunk_ids()
    assert exports.related_rows_in_one_query(ids, "https://example.org") == exports.related_rows(
        ids, "https://example.org"
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("query", "delimiter", "bom"),
    [("", ",", False), ("separateur=point-virgule&bom=1", ";", True), ("tri=-logements", ",", False)],
)
def test_fast_path_csv_is_byte_identical_to_the_generic_path(client, rich_catalogue, language, query, delimiter, bom):
    prefix = "" if language == "fr" else f"/{language}"
    response = client.get(f"{prefix}/projets/export.csv?{query}")
    assert response.status_code == 200
    fast = body(response)
    with translation.override(language):
        assert fast == generic_csv(query, delimiter, bom)
    assert 'Les ""Voisins"", à Bègles\nbâtiment B'.encode() in fast  # a quoted cell, newline kept
    assert b"'=SOMME(A1:A9)" in fast and b"'@cellule" in fast  # neutralised


def test_the_csv_fast_path_streams_several_chunks_the_same(rich_catalogue):
    request = RequestFactory().get("/projets/export.csv")
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    context = exports.ExportContext.for_request(request)
    queryset = exports.export_queryset(filterset)
    one_chunk = "".join(exports.write_planned_csv(queryset, context))
    assert "".join(exports.write_planned_csv(queryset, context, size=2)) == one_chunk
    assert "".join(exports.write_planned_csv(queryset, context, size=2, read_related=exports.related_rows)) == one_chunk


INSTANTS = [
    datetime.datetime(1890, 6, 1, 12, 0, 5, tzinfo=datetime.UTC),  # local mean time: offsets with seconds
    datetime.datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=datetime.UTC),  # microseconds dropped, not rounded
    datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
]


@postgresql_only
@pytest.mark.parametrize("zone", ["Europe/Paris", "America/St_Johns", "Asia/Kolkata"])
def test_postgresql_writes_instants_as_python_isoformat_does(zone):
    for instant in INSTANTS:
        text = (
            Project.objects.annotate(text=LocalIsoText(Value(instant, DateTimeField()), zone))
            .values_list("text", flat=True)
            .first()
        )
        assert text == instant.astimezone(zoneinfo.ZoneInfo(zone)).isoformat(timespec="seconds")
