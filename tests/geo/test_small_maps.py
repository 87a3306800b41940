"""The small maps: a project's département on its page, the radius on "near a place" results."""

import re

import pytest

from geo.minimaps import department_view, radius_in_map_units
from geo.models import Department
from geo.projection import global_point, map_data
from projects.models import Project

pytestmark = pytest.mark.django_db

NEAR_URL = "/territoires/pres-de/"


def figure(html, css_class):
    match = re.search(rf'<figure class="small-map {css_class}">(.*?)</figure>', html, re.S)
    assert match, f"no {css_class} on the page"
    return match.group(1)


def view_box(svg):
    return [float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]


def test_project_page_shows_its_department_zoomed_with_the_commune_inside(client, catalogue):
    project = Project.objects.published().get(slug="terra-arte")  # Bayonne (64)
    html = client.get(project.get_absolute_url()).content.decode()
    svg = figure(html, "project-map")
    title = re.search(r"<title[^>]*>(.*?)</title>", svg).group(1)
    assert "Bayonne" in title and "Pyrénées-Atlantiques (64)" in title
    assert 'role="img"' in svg and 'aria-labelledby="project-map-title project-map-desc"' in svg
    department = Department.objects.get(code="64")
    assert f'<a class="small-map-link" href="{department.get_absolute_url()}">' in svg
    x0, y0, width, height = view_box(svg)
    assert width < map_data()["width"] / 4  # zoomed to the département, not France
    cx, cy = (float(v) for v in re.search(r'<circle class="small-map-marker" cx="([^"]+)" cy="([^"]+)"', svg).groups())
    assert x0 <= cx <= x0 + width and y0 <= cy <= y0 + height
    # Landes (40) is a neighbour, drawn lightly; the map stays a few kilobytes.
    assert svg.count("<path") == 1 + len(department_view("64")["neighbours"]) >= 4
    assert len(svg.encode()) < 8_000


def test_english_project_page_map_is_translated(client, catalogue):
    html = client.get("/en/projets/terra-arte/").content.decode()
    svg = figure(html, "project-map")
    assert "Map: Bayonne in the département Pyrénées-Atlantiques (64)" in svg


def test_project_without_commune_has_no_map(client, catalogue):
    project = Project.objects.published().filter(commune=None).first()
    assert project is not None
    html = client.get(project.get_absolute_url()).content.decode()
    assert "small-map" not in html


def test_near_results_map_the_radius_and_number_the_results(client, catalogue):
    html = client.get(NEAR_URL, {"lieu": "Bordeaux", "rayon": 50}).content.decode()
    svg = figure(html, "near-map")
    assert "Carte : 2 projets à moins de 50 km de Bordeaux (33)" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "Gironde" in desc and "Landes" in desc
    listed = re.search(r'<ol class="nearest near-list">(.*?)</ol>', html, re.S).group(1).count("<li>")
    numbers = re.findall(r'text-anchor="middle">(\d+)</text>', svg)
    assert numbers == [str(n) for n in range(1, listed + 1)]
    _x0, _y0, width, _height = view_box(svg)
    rx = float(re.search(r'rx="([^"]+)"', svg).group(1))
    assert 2 * rx < width < 2.5 * rx  # zoomed to the circle
    assert '<a href="/territoires/departements/gironde/">' in html.split('class="small-map near-map"')[1]


def test_near_without_results_or_place_has_no_map(client, catalogue):
    html = client.get(NEAR_URL, {"lieu": "Aurillac", "rayon": 10, "phase": "delivered"}).content.decode()
    assert "Aucun projet à moins de 10 km" in html and "near-map" not in html
    assert "near-map" not in client.get(NEAR_URL, {"lieu": "zzzz"}).content.decode()


def test_radius_in_map_units_matches_the_projection():
    lat, lon = 45.0, 0.0
    rx, ry = radius_in_map_units(lat, 50)
    # 50 km north (50 / 111.2 degrees of latitude) and 50 km east (over cos(lat)).
    x, y = global_point(lon, lat)
    _x, north = global_point(lon, lat + 50 / 111.2)
    east, _y = global_point(lon + 50 / (111.2 * 0.7071), lat)
    assert abs(y - north) == pytest.approx(ry, rel=0.03)
    assert east - x == pytest.approx(rx, rel=0.01)
