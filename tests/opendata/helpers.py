"""Read the projects out of every public surface: exports, API pages, HTML list pages."""

import csv
import io
import json
import re
from urllib.parse import urljoin

from django.test import RequestFactory

from opendata import exports
from projects.filters import ProjectFilter
from projects.models import Project

CARD_LINK = re.compile(r'class="card-title"><a href="/projets/([^/"]+)/"')
NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next"')


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response_or_bytes):
    """Rows as dicts; give the bytes if the streamed response was already read."""
    raw = response_or_bytes if isinstance(response_or_bytes, bytes) else body(response_or_bytes)
    text = raw.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > 1 else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def csv_slugs(client, query):
    response = client.get(f"/projets/export.csv?{query}")
    assert response.status_code == 200, (query, body(response))
    return [row["slug"] for row in csv_rows(response)]


def json_document(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, body(response))
    return json.loads(body(response))


def json_slugs(client, query):
    data = json_document(client, f"/projets/export.json?{query}")
    assert data["count"] == len(data["projects"])
    return [row["slug"] for row in data["projects"]]


def geojson_slugs(client, query):
    data = json_document(client, f"/projets/export.geojson?{query}")
    assert data["count"] == len(data["features"])
    return [feature["properties"]["slug"] for feature in data["features"]]


def api_slugs(client, query, page_size=5):
    """Every page of /api/v1/projets/, following ``next``."""
    url, slugs = f"/api/v1/projets/?page_size={page_size}&{query}", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        data = response.json()
        slugs += [item["slug"] for item in data["results"]]
        url = data["next"]
    assert len(slugs) == data["count"]
    return slugs


def html_slugs(client, query, per_page=12):
    """Every page of the HTML list, following its rel="next" link."""
    url, slugs, pages = f"/projets/?par_page={per_page}&{query}", [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        slugs += CARD_LINK.findall(page)
        pages += 1
        found = NEXT_LINK.search(page)
        url = urljoin("/projets/", found.group(1).replace("&amp;", "&")) if found else None
        assert pages < 100
    return slugs


def generic_csv(query, delimiter, bom):
    """The reference: the ORM readers and the cell-by-cell writer."""
    request = RequestFactory().get(f"/projets/export.csv?{query}")
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    context = exports.ExportContext.for_request(request)
    chunks = exports.row_chunks(exports.export_queryset(filterset), context, read_related=exports.related_rows)
    return "".join(exports.write_csv(chunks, context, delimiter=delimiter, bom=bom)).encode()
