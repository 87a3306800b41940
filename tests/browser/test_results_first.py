"""Results first (issue 17): the list on a 390 px phone and a 1366 px desktop, filters applied on
change without losing focus or scroll, chips that remove one filter, the selection summary's
links keeping the filters, no sideways scroll at 320 px, budgets and layout stability measured
in Chromium, and axe on every public page type (scripts/audit/pages.json)."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import BASE_DIR, run_axe, screenshot

pytestmark = pytest.mark.browser

PAGES = json.loads((BASE_DIR / "scripts" / "audit" / "pages.json").read_text())["pages"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def query(url):
    return parse_qs(urlsplit(url).query)


def test_on_a_390px_phone_the_first_result_is_on_the_first_screen(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/projets/")
    first = page.locator(".card-grid .card").first
    assert first.bounding_box()["y"] + 60 < PHONE["height"], first.bounding_box()  # its top and title
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 0.25 * PHONE["height"], header
    assert "Filtres" in page.locator(".filters-toggle").inner_text()
    screenshot(page, "results-first-phone-390")


def test_the_filters_button_counts_the_active_filters_and_works_without_javascript(browser, server_url):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url + "/projets/?region=occitanie&statut=psla")
    toggle = page.locator(".filters-toggle")
    assert "Filtres (2" in toggle.inner_text()
    toggle.click()
    page.get_by_label("PSLA", exact=False).first.uncheck()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**region=occitanie**")
    assert "statut=" not in page.url
    assert "Filtres (1" in page.locator(".filters-toggle").inner_text()
    context.close()


@pytest.mark.parametrize("path", ["/projets/", "/statistiques/", "/projets/terra-arte/", "/", "/territoires/carte/"])
def test_no_sideways_scroll_at_320px(page, path):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(page.base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_on_desktop_a_ticked_filter_applies_at_once_keeping_focus_and_scroll(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/projets/")
    everything = page.locator("#results-heading").inner_text().strip()  # other tests may have published more
    assert page.locator(".filters-panel").evaluate("panel => panel.open")
    expect(page.locator(".filters button[type=submit]")).to_be_visible()  # the button stays
    psla = page.locator("input[name=statut][value=psla]")
    psla.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)
    scrolled = page.evaluate("window.scrollY")
    psla.focus()
    page.keyboard.press("Space")  # as a keyboard user would
    page.wait_for_url(lambda url: query(url).get("statut") == ["psla"])
    expect(page.locator("#results-heading")).to_contain_text("4 projets trouvés")
    focused = page.evaluate(
        "[document.activeElement.name, document.activeElement.value, document.activeElement.checked]"
    )
    assert focused == ["statut", "psla", True]
    assert abs(page.evaluate("window.scrollY") - scrolled) < 5  # no jump to the top
    expect(page.locator("[data-filters-status]")).to_contain_text("4 projets trouvés")  # announced
    page.go_back()
    page.wait_for_url("**/projets/")
    expect(page.locator("#results-heading")).to_contain_text(everything)


def test_chips_show_the_active_filters_and_remove_one_with_one_click(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/projets/?region=occitanie&statut=psla&statut=sciapp&tri=-logements")
    chips = page.locator(".chips .chip")
    expect(chips).to_have_count(4)  # three values and « Tout effacer »
    page.locator(".chip", has_text="SCIAPP").click()
    page.wait_for_url(lambda url: query(url) == {"region": ["occitanie"], "statut": ["psla"], "tri": ["-logements"]})
    expect(page.locator(".chips .chip")).to_have_count(3)
    page.locator(".chip", has_text="Occitanie").click()
    page.wait_for_url(lambda url: query(url) == {"statut": ["psla"], "tri": ["-logements"]})  # the sort is kept
    expect(page.locator("#results-heading")).to_contain_text("4 projets trouvés")
    page.locator(".chip", has_text="PSLA").click()
    page.wait_for_url(lambda url: query(url) == {"tri": ["-logements"]})
    expect(page.locator(".chips")).to_have_count(0)


def test_the_selection_summary_adds_up_homes_and_its_links_keep_the_filters(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/projets/?region=nouvelle-aquitaine")
    summary = page.locator(".selection-summary")
    expect(summary).to_contain_text("logements")
    summary.get_by_role("link", name="Statistiques de cette sélection").click()
    page.wait_for_url("**/statistiques/?region=nouvelle-aquitaine")
    expect(page.locator(".chips")).to_contain_text("Nouvelle-Aquitaine")
    page.go_back()
    page.locator(".selection-summary").get_by_role("link", name="Carte de cette sélection").click()
    page.wait_for_url("**/territoires/carte/?region=nouvelle-aquitaine")
    page.locator("img[data-inline-map]").hover()  # the pointer reaches the map: the script draws it in
    expect(page.locator("svg.choropleth")).to_have_count(1)
    page.go_back()
    page.locator(".selection-summary").get_by_role("link", name="Télécharger (CSV, JSON, GeoJSON)").click()
    href = page.locator(".export-links a", has_text="CSV").first.get_attribute("href")
    assert href == "/projets/export.csv?region=nouvelle-aquitaine"


@pytest.mark.parametrize("entry", PAGES, ids=[entry["name"] for entry in PAGES])
def test_every_page_type_passes_axe_within_its_dom_budget_without_layout_shift(page, entry):
    page.set_viewport_size(DESKTOP)
    page.add_init_script(
        "window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(page.base_url + entry["path"])
    page.wait_for_load_state("networkidle")
    # The page as served: the map page's interactive SVG is an enhancement loaded apart
    # (/territoires/carte.svg), not part of the page's budget.
    served = page.evaluate(
        "document.getElementsByTagName('*').length"
        " - [...document.querySelectorAll('svg.choropleth')]"
        ".reduce((n, svg) => n + 1 + svg.getElementsByTagName('*').length, 0)"
    )
    assert served <= 800, (entry["path"], served)
    assert page.evaluate("window.__cls") < 0.02, entry["path"]
    assert run_axe(page) == [], entry["path"]


@pytest.mark.parametrize("path", ["/projets/", "/projets/?region=occitanie&statut=psla", "/statistiques/"])
def test_phone_pages_pass_axe_with_the_filters_closed_and_open(page, path):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + path)
    assert run_axe(page) == []
    page.locator(".filters-toggle").click()
    assert run_axe(page) == []


def test_cards_show_a_drawn_illustration_and_no_non_precise_tiles(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/projets/")
    illustration = page.locator(".card-illustration").first
    assert "illustrations/" in illustration.evaluate("e => getComputedStyle(e).backgroundImage")
    assert illustration.bounding_box()["height"] > 40
    for text in page.locator(".card-meta, .card-place").all_inner_texts():
        assert "non précisé" not in text, text


def test_screenshots_before_after(page):
    """Full-page screenshots of the refreshed list, desktop and phone (test-artifacts/screenshots/)."""
    for name, size in (("list-desktop-1366", DESKTOP), ("list-phone-390", PHONE)):
        page.set_viewport_size(size)
        page.goto(page.base_url + "/projets/")
        screenshot(page, f"results-first-{name}")
    assert Path(BASE_DIR / "test-artifacts" / "screenshots" / "results-first-list-phone-390.png").exists()


def test_on_desktop_without_javascript_the_filters_are_open_beside_the_results(browser, server_url):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url + "/projets/")
    assert not page.locator(".filters-toggle").is_visible()
    page.get_by_label("Occitanie").check()
    apply = page.get_by_role("button", name="Appliquer les filtres")
    assert apply.is_visible()
    apply.click()
    page.wait_for_url("**region=occitanie**")
    assert "Occitanie" in page.locator(".chips").inner_text()
    context.close()
