"""Every public HTML page type stays light: ≤ 60 KB of HTML and ≤ 800 elements at the seed
catalogue (and the list at a page size of 24), every <img> has its dimensions (no layout shift),
and pages that are deliberately kept out of search engines say ``noindex``.

The page types are those audited by Lighthouse (``scripts/audit/pages.json``, `make audit`).
The browser measures the same budgets on the rendered DOM (tests/browser/test_results_first.py).
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PAGES = json.loads((Path(__file__).resolve().parents[2] / "scripts" / "audit" / "pages.json").read_text())["pages"]
MAX_BYTES = 60 * 1024
MAX_ELEMENTS = 800


class Elements(HTMLParser):
    """Counts elements (what ``document.getElementsByTagName('*')`` counts) and collects <img> and robots tags."""

    def __init__(self):
        super().__init__()
        self.count = 0
        self.images = []
        self.robots = None

    def handle_starttag(self, tag, attrs):
        self.count += 1
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs.get("content")


def parse(body):
    parser = Elements()
    parser.feed(body.decode())
    return parser


@pytest.mark.parametrize("entry", PAGES, ids=[entry["name"] for entry in PAGES])
def test_page_type_is_within_weight_and_element_budgets(client, catalogue, entry):
    response = client.get(entry["path"])
    assert response.status_code == 200
    assert len(response.content) <= MAX_BYTES, f"{entry['path']}: {len(response.content)} bytes"
    page = parse(response.content)
    assert page.count <= MAX_ELEMENTS, f"{entry['path']}: {page.count} elements"


@pytest.mark.parametrize("entry", PAGES, ids=[entry["name"] for entry in PAGES])
def test_every_image_has_its_dimensions_so_nothing_moves_while_loading(client, catalogue, entry):
    for image in parse(client.get(entry["path"]).content).images:
        assert image.get("width") and image.get("height"), (entry["path"], image)


@pytest.mark.parametrize("entry", PAGES, ids=[entry["name"] for entry in PAGES])
def test_noindex_is_said_exactly_where_the_audit_expects_it(client, catalogue, entry):
    robots = parse(client.get(entry["path"]).content).robots
    if entry.get("noindex"):
        assert robots == "noindex, follow", entry["path"]
    else:
        assert robots is None, entry["path"]


def test_the_map_left_the_list_page_and_is_a_separate_cached_resource(client, catalogue):
    body = client.get("/projets/?statut=psla").content.decode()
    assert '<svg class="choropleth"' not in body
    assert 'href="/territoires/carte/?statut=psla"' in body  # the same selection's map
    page = client.get("/territoires/carte/?statut=psla").content.decode()
    assert 'src="/territoires/carte.svg?statut=psla"' in page and '<svg class="choropleth"' not in page
    svg = client.get("/territoires/carte.svg?statut=psla")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b"<?xml") and b'<svg class="choropleth"' in svg.content
    assert svg.has_header("ETag")
    again = client.get("/territoires/carte.svg?statut=psla", HTTP_IF_NONE_MATCH=svg["ETag"])
    assert again.status_code == 304


def test_a_list_at_24_a_page_with_more_projects_stays_within_budget(client, catalogue):
    from tests.factories import clone_seed_projects

    clone_seed_projects(30)
    response = client.get("/projets/?par_page=24")
    assert len(response.content) <= MAX_BYTES, len(response.content)
    assert parse(response.content).count <= MAX_ELEMENTS


def test_the_statistics_page_keeps_its_tables_and_leaves_its_charts_to_images(client, catalogue):
    """The statistics page was at 796 of 800 elements: its seven bar charts are now <img> of
    /statistiques/<chart>.svg (the tables next to them carry the same figures), well within budget."""
    body = client.get("/statistiques/").content
    page = parse(body)
    assert page.count <= 650, page.count
    charts = [image for image in page.images if image.get("class") == "bar-chart"]
    assert len(charts) == 7 and all(image["src"].endswith(".svg") for image in charts)
    assert body.count(b"<table") == 7
    # The first chart is in the first screen on a desktop; the others load as they are reached.
    assert "loading" not in charts[0] and {image.get("loading") for image in charts[1:]} == {"lazy"}
