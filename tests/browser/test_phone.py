"""On a 375 px phone, every page type fits the screen (tables scroll inside their own
keyboard-reachable region) and passes axe."""

import pytest
from playwright.sync_api import expect

from .conftest import run_axe

pytestmark = pytest.mark.browser

PAGES = [
    "/organismes/",
    "/organismes/aquitanis/",
    "/projets/locus-solus/",
    "/projets/?q=clermont-ferrand",
    "/statistiques/",
    "/statistiques/comparer/?p=terra-arte&p=locus-solus&p=groupe-du-4-mars",
    "/territoires/departements/puy-de-dome/",
    "/territoires/pres-de/?lieu=clermont",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone_and_passes_axe(page, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{path} is {width} px wide"
    assert run_axe(page) == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_tenure_chart_labels_are_never_cut_by_the_chart_edge(page, language):
    """« Accession (sociale ou libre, non précisée) » is long: it wraps instead of being cut,
    and on a phone the chart is not shrunk to an unreadable size."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + ("/en" if language == "en" else "") + "/projets/groupe-du-4-mars/")
    # On a phone the chart keeps a legible size and scrolls sideways in its frame.
    plus = page.locator("svg.bar-chart text.bar-label", has_text="PLUS").first
    assert plus.bounding_box()["height"] >= 12
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll('svg.bar-chart text.bar-label'))
             .filter(text => text.getBBox().x < 0).map(text => text.textContent)"""
    )
    assert cut == []


@pytest.mark.parametrize("path", ["/projets/", "/territoires/carte/", "/statistiques/"])
def test_on_a_phone_the_results_come_first_and_the_filters_open_from_a_button(page, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + path)
    toggle = page.locator(".filters-toggle")
    # High in the first screen, under the one-line header (brand, « EN », menu) and the page title.
    assert toggle.is_visible() and toggle.bounding_box()["y"] < 400
    assert not page.locator(".filters button[type=submit]").is_visible()
    results = page.locator(".results-count")
    assert results.bounding_box()["y"] < 800
    toggle.click()
    assert page.locator(".filters button[type=submit]").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not toggle.is_visible()
    assert page.locator(".filters button[type=submit]").is_visible()


@pytest.mark.parametrize("width", [320, 375, 390])
@pytest.mark.parametrize("path", ["/projets/", "/en/projets/"])
def test_the_phone_header_is_one_line_with_a_short_language_link_named_in_full(page, width, path):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(page.base_url + path)
    brand = page.locator(".brand").bounding_box()
    switch = page.locator(".language-switcher a")
    link = switch.bounding_box()
    # Side by side: the link starts right of the brand and shares its line.
    assert link["x"] >= brand["x"] + brand["width"] and link["y"] < brand["y"] + brand["height"]
    assert link["width"] >= 44 and link["height"] >= 44  # a comfortable touch target
    english = path.startswith("/en/") is False
    code = page.locator(".language-switcher .language-code")
    assert code.is_visible() and code.inner_text() == ("EN" if english else "FR")
    assert page.locator(".language-switcher .language-name").bounding_box()["width"] <= 1  # for screen readers
    name = "English" if english else "Français"
    expect(page.locator(".language-switcher").get_by_role("link", name=name, exact=True)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".results-count").bounding_box()["y"] < 844  # the first result's heading, first screen
