"""Open-data pages in a real browser: accessible (axe), no horizontal scrolling on a phone."""

import pytest

from .conftest import run_axe, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    ("/donnees/", "open-data"),
    ("/sources/actes-habitat-participatif-logement-social-2017/", "source"),
    ("/projets/?statut=psla", "list-exports"),
]


@pytest.mark.parametrize("path, name", PAGES)
@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "mobile")])
def test_open_data_pages_pass_axe_and_fit_the_screen(page, path, name, width, label):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + path)
    assert run_axe(page) == []
    screenshot(page, f"{name}-{label}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def test_subscribe_link_of_a_search_serves_its_atom_feed(page):
    page.goto(page.base_url + "/projets/?statut=psla")
    href = page.get_by_role("link", name="S'abonner à cette recherche (flux Atom)").get_attribute("href")
    assert href == "/projets/flux.atom?statut=psla"
    response = page.request.get(page.base_url + href)
    assert response.ok and "<feed" in response.text()
