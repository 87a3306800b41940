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
