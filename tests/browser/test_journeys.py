"""What residents and researchers do in a real browser, keyboard included, in both languages."""

import pytest
from playwright.sync_api import expect

from .conftest import run_axe, screenshot

pytestmark = pytest.mark.browser


def test_resident_filters_by_region_then_department_and_opens_a_project(page):
    page.goto(page.base_url + "/projets/")
    page.get_by_label("Nouvelle-Aquitaine").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**region=nouvelle-aquitaine**")
    expect(page.locator("#results-heading")).to_contain_text("3 projets trouvés")
    page.get_by_label("Gironde (33)").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("#results-heading")).to_contain_text("2 projets trouvés")
    page.get_by_role("link", name="Locus Solus").first.click()
    assert page.locator("h1").inner_text() == "Locus Solus"
    assert "Bordeaux" in page.locator(".place").inner_text()


def test_researcher_ticks_two_statuses_and_facet_counts_change(page):
    page.goto(page.base_url + "/projets/")
    region_label = page.locator("label", has_text="Occitanie")
    before = region_label.inner_text()
    page.get_by_label("PSLA", exact=False).first.check()
    page.get_by_label("SCIAPP", exact=False).first.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**statut=sciapp**")
    assert "statut=psla" in page.url and "statut=sciapp" in page.url
    expect(page.locator("#results-heading")).to_contain_text("4 projets trouvés")
    after = page.locator("label", has_text="Occitanie").inner_text()
    assert before != after  # Occitanie had 6 projects, 1 of them (MasCobado) has PSLA or SCIAPP
    assert "(1" in after


def test_keyboard_only_navigation_through_filters_and_results(page):
    page.goto(page.base_url + "/projets/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"
    page.locator("#id_q").focus()
    page.keyboard.type("begles")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=begles**")
    expect(page.locator("#results-heading")).to_contain_text("1 projet trouvé")
    # Tab until the result card link has focus, then follow it with Enter.
    for _step in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "La Ruche":
            break
    else:
        pytest.fail("the result link was never reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/projets/la-ruche/")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline is not None


def test_language_switch_to_english_and_back_keeps_the_page_and_its_filters(page):
    page.goto(page.base_url + "/projets/?statut=psla")
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    assert page.url == page.base_url + "/en/projets/?statut=psla"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "found" in page.locator("#results-heading").inner_text()
    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    assert page.url == page.base_url + "/projets/?statut=psla"
    assert page.locator("html").get_attribute("lang") == "fr"


PAGES = [
    "/",
    "/projets/",
    "/projets/?statut=psla&region=nouvelle-aquitaine",
    "/projets/terra-arte/",
    "/projets/les-voisins-du-quai/",
    "/organismes/",
    "/organismes/le-col/",
    "/territoires/",
    "/territoires/regions/auvergne-rhone-alpes/",
    "/territoires/departements/puy-de-dome/",
    "/glossaire/",
    "/a-propos/",
    "/page-qui-n-existe-pas/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_type_passes_axe(page, path):
    page.goto(page.base_url + path)
    assert run_axe(page) == []


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "mobile")])
@pytest.mark.parametrize(
    "path, name",
    [
        ("/", "home"),
        ("/projets/", "list"),
        ("/projets/terra-arte/", "project"),
        ("/statistiques/", "stats"),
        ("/territoires/carte/", "map"),
    ],
)
def test_screenshots_for_review(page, width, label, path, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + path)
    screenshot(page, f"{name}-{label}")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "no horizontal scrolling of the whole page"


def test_puy_de_dome_resident_finds_the_nearest_projects(page):
    """A 76-year-old near Clermont-Ferrand asks: is there a project near me?"""
    page.goto(page.base_url + "/territoires/pres-de/")
    page.fill("#id_lieu", "clermont ferrand")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    assert "Clermont-Ferrand" in body
    first = page.locator(".near-list li").first.inner_text()
    assert "Îlot Gerbert" in first and "km" in first
    assert run_axe(page) == []


def test_map_departments_are_links_reachable_by_keyboard(page):
    page.goto(page.base_url + "/territoires/carte/")
    page.wait_for_load_state("networkidle")
    # The page loads the map as a light image; the clickable map is drawn when the visitor reaches it.
    expect(page.locator("svg.choropleth")).to_have_count(0)
    assert run_axe(page) == []
    page.locator(".map-skip a").focus()  # the keyboard's first stop in the map block
    expect(page.locator("svg.choropleth")).to_have_count(1)
    assert run_axe(page) == []
    gironde = page.locator(".choropleth a", has_text="Gironde").first
    gironde.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/departements/gironde/")
    assert "Gironde" in page.locator("h1").inner_text()
