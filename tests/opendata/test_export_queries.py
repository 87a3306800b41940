"""Done means: an export's queries depend on the number of chunks of 1,000 projects, never on the
number of rows. The projects export reads each chunk's related rows in ONE query on PostgreSQL
(``related_rows_in_one_query``), one query per kind elsewhere (seven); the facts table one query per
kind of fact (six). The projects CSV reads its selection's ids, then per chunk the rows not yet in
its row cache (``row_cache``; all of them here: each run follows a change to the catalogue) and
their related rows. 50 and 950 projects cost the same; 2,050 projects cost exactly two chunks more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.version import process_version
from opendata.exports import CHUNK_SIZE
from projects.models import Project
from tests.factories import make_minimal_projects

pytestmark = pytest.mark.django_db

RELATED_QUERIES = 1 if connection.vendor == "postgresql" else 7
PER_CHUNK = {
    "/projets/export.csv": 1 + RELATED_QUERIES,
    "/projets/export.json": RELATED_QUERIES,
    "/projets/faits.csv": 6,
}


def queries(client, url):
    process_version.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(captured.captured_queries)


def test_export_queries_do_not_depend_on_the_number_of_rows(client, catalogue):
    assert CHUNK_SIZE == 1000
    make_minimal_projects(50 - Project.objects.published().count())  # the seed catalogue has fewer
    few = {url: queries(client, url) for url in PER_CHUNK}
    make_minimal_projects(900, prefix="plus")
    many = {url: queries(client, url) for url in PER_CHUNK}
    assert many == few
    make_minimal_projects(1100, prefix="encore")  # 2,050 projects: three chunks
    three_chunks = {url: queries(client, url) for url in PER_CHUNK}
    assert three_chunks == {url: few[url] + 2 * per_chunk for url, per_chunk in PER_CHUNK.items()}
