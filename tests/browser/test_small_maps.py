"""The small maps on a 390 px phone: visible, inside the screen, a link to the département that
works by clicking, and axe finds nothing (issue 17, item 5)."""

import pytest

from .conftest import run_axe, screenshot

pytestmark = pytest.mark.browser


def assert_map_fits(page, selector):
    svg = page.locator(selector)
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["width"] >= 200 and box["height"] >= 100, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


def test_project_page_map_links_to_its_department(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/projets/terra-arte/")
    assert_map_fits(page, ".project-map svg")
    assert page.locator(".project-map circle.small-map-marker").is_visible()
    assert run_axe(page) == []
    screenshot(page, "small-map-project")
    page.locator(".project-map a.small-map-link").click()
    page.wait_for_url("**/territoires/departements/pyrenees-atlantiques/")
    assert "Pyrénées-Atlantiques" in page.locator("h1").inner_text()


def test_near_results_map_shows_the_radius_and_numbered_results(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/territoires/pres-de/?lieu=Bordeaux&rayon=50")
    assert_map_fits(page, ".near-map svg")
    assert page.locator(".near-map ellipse.small-map-radius").is_visible()
    listed = page.locator("ol.near-list > li").count()
    assert listed >= 1
    assert page.locator(".near-map .small-map-numbered text").all_text_contents() == [
        str(n) for n in range(1, listed + 1)
    ]
    assert run_axe(page) == []
    screenshot(page, "small-map-near")
    page.locator(".near-map figcaption a").click()
    page.wait_for_url("**/territoires/departements/gironde/")
    assert "Gironde" in page.locator("h1").inner_text()
