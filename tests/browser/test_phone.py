"""On a 375 px phone, every page type fits the screen (tables scroll inside their own
keyboard-reachable region) and passes axe."""

import pytest

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
def test_on_a_phone_a_link_skips_the_long_filter_form_to_the_results(page, path):
    page.emulate_media(reduced_motion="reduce")  # an instant jump, not a smooth scroll
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + path)
    skip = page.locator(".skip-to-results a")
    assert skip.is_visible()
    skip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + skip.get_attribute("href"))
    page.wait_for_function(
        "id => { const top = document.getElementById(id).getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight; }",
        arg=skip.get_attribute("href")[1:],
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not skip.is_visible()
