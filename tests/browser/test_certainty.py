"""A reader opens the certainty marker beside a fact, with the mouse and with the keyboard."""

import pytest

from .conftest import run_axe

pytestmark = pytest.mark.browser


def test_reader_clicks_an_inferred_total_and_reads_the_reasoning(page):
    page.goto(page.base_url + "/projets/oasis/")
    marker = page.locator(".key-figures details.certainty-inferred").first
    note = marker.locator(".certainty-note")
    assert not note.is_visible()
    marker.locator("summary").click()
    assert note.is_visible() and "20 logements" in note.inner_text()
    assert run_axe(page) == []


def test_keyboard_user_opens_a_role_marker_and_the_page_stays_readable_at_320_px(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(page.base_url + "/projets/groupe-du-4-mars/")
    summary = page.locator(".key-figures details.certainty-computed summary").first
    summary.focus()
    page.keyboard.press("Enter")
    note = page.locator(".key-figures details.certainty-computed .certainty-note").first
    assert note.is_visible() and "8 PLUS + 3 PLAI-ALH" in note.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert run_axe(page) == []


def test_organism_page_lists_its_sources_with_an_outside_reference(page):
    page.goto(page.base_url + "/organismes/union-sociale-pour-l-habitat/")
    section = page.locator(".organism-sources")
    assert "D'où viennent ces informations" in section.inner_text()
    section.locator("details.certainty-outside summary").click()
    assert "union-habitat.org" in section.inner_text()
    section.get_by_role("link").first.click()
    assert "/sources/" in page.url
    assert run_axe(page) == []
