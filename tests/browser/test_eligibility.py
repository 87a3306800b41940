"""A resident goes from a project page to « Quels logements me sont accessibles ? » and gets the
answer, with clicks only; axe finds nothing on the form nor on the answer; 320 px wide works."""

import re

import pytest

from .conftest import run_axe, screenshot

pytestmark = pytest.mark.browser


def test_resident_goes_from_a_project_page_to_the_answer_and_shares_a_link_without_income(page):
    page.goto(page.base_url + "/projets/groupe-du-4-mars/")
    box = page.locator(".eligibility-box")
    assert "Ces logements sont-ils pour moi ?" in box.inner_text()
    box.get_by_role("link", name="Vérifier avec mon foyer et mon revenu").click()
    page.wait_for_url("**/eligibilite/?lieu=Lyon&insee=69123")
    assert page.get_by_label("Commune ou code postal où vous cherchez").input_value() == "Lyon"
    assert run_axe(page) == []

    page.get_by_label("Adultes du foyer").fill("2")
    page.get_by_label("Enfants et autres personnes à charge").fill("1")
    page.get_by_label("Revenu fiscal de référence de l'année N-2, en euros").fill("36000")
    page.locator("summary", has_text="Quel revenu").click()  # the N-2 / N-1 explanation opens
    assert page.get_by_text("10 % à ceux de N-2").is_visible()
    page.get_by_label("Année de la demande").select_option("2025")
    page.get_by_role("button", name="Voir les logements accessibles").click()

    answer = page.locator(".eligibility-answer")
    answer.wait_for()
    assert "Résultat pour Lyon (69), demande en 2025" in answer.inner_text()
    plus = page.locator('tr[data-tenure="PLUS"]')
    assert "37\u202f259\u00a0€" in plus.inner_text() and "Éligible" in plus.inner_text()
    assert "nécessaire, pas suffisant" in answer.inner_text()
    first = page.locator(".eligibility-project-list li").first
    assert "Groupe du 4 mars" in first.inner_text() and re.search(r"\d+,\d km", first.inner_text())
    assert run_axe(page) == []
    screenshot(page, "eligibility-answer")

    page.get_by_role("button", name="Créer un lien à partager (sans le revenu)").click()
    link = page.locator("a.share-link")
    link.wait_for()
    assert "revenu" not in link.inner_text() and "36000" not in link.inner_text()
    assert "36000" not in page.url
    link.click()
    assert page.get_by_label("Adultes du foyer").input_value() == "2"
    assert page.get_by_label("Revenu fiscal de référence de l'année N-2, en euros").input_value() == ""

    cookies = page.context.cookies()
    assert not [cookie for cookie in cookies if cookie["name"] not in ("django_language",)]


def test_helper_is_reachable_from_the_home_page_and_usable_at_320_px(page):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Quels logements me sont accessibles ?").click()
    page.get_by_label("Adultes du foyer").fill("1")
    page.get_by_label("Revenu fiscal de référence de l'année N-2, en euros").fill("-3")
    page.get_by_label("Commune ou code postal où vous cherchez").fill("Montreuil")
    page.get_by_role("button", name="Voir les logements accessibles").click()
    assert "Le revenu ne peut pas être négatif." in page.locator("form.eligibility-form").inner_text()
    page.get_by_label("Revenu fiscal de référence de l'année N-2, en euros").fill("20000")
    page.get_by_role("button", name="Voir les logements accessibles").click()
    # « Montreuil »: several communes — pick the one of Seine-Saint-Denis.
    page.get_by_label(re.compile(r"Montreuil \(93\)")).check()
    page.get_by_role("button", name="Voir les logements accessibles").click()
    assert "Paris et communes limitrophes" in page.locator(".eligibility-answer").inner_text()
    page.wait_for_load_state("load")  # measured once the stylesheet applies, as a visitor sees the page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert run_axe(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
