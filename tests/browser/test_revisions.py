"""A change to a published project, clicked in Chromium: the editor proposes it and saves (the public
page does not move), the moderator opens the comparison from the dashboard and approves (the public
page shows it); another change is rejected with a reason that the editor then reads. axe on each page."""

import urllib.request

import pytest

from .conftest import run_axe
from .test_workflow_buttons import click_and_wait, log_in_as, make_project, open_change_page, roles  # noqa: F401

pytestmark = pytest.mark.browser


def public_page(server, slug):
    with urllib.request.urlopen(f"{server.url}/projets/{slug}/", timeout=10) as response:
        return response.read().decode()


def second_page(browser, page):
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base_url = page.base_url
    return context, other


def propose_summary(page, pk, summary, keyboard=False):
    """The editor's clicks: the published project, « Proposer une modification », start, edit, save
    (``keyboard``: the start button is focused and pressed with Enter instead)."""
    log_in_as(page, "editor")
    open_change_page(page, pk)
    assert page.locator("input[name=_save]").count() == 0  # the published record is read-only for editors
    click_and_wait(page, page.get_by_role("link", name="Proposer une modification"))
    assert run_axe(page) == []
    start = page.get_by_role("button", name="Commencer la modification")
    if keyboard:
        start.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        click_and_wait(page, start)
    page.fill("#id_summary", summary)
    click_and_wait(page, page.locator("input[name=_save]"))
    assert "attend la relecture d'un modérateur" in page.locator(".messagelist").inner_text()
    assert "En attente de relecture" in page.locator(".revision-panel").inner_text()
    assert run_axe(page) == []


def open_comparison_from_dashboard(page, name):
    log_in_as(page, "moderator")
    section = page.locator("#dashboard-revisions")
    click_and_wait(page, section.get_by_role("link", name=name).first)
    click_and_wait(page, page.get_by_role("link", name="Comparer avec la version publiée"))


def test_an_approved_change_reaches_the_public_page_only_after_approval(page, browser, server, roles):  # noqa: F811
    pk, slug, name = make_project(server, "published")
    summary = "Résumé revu dans le navigateur, en attente."
    propose_summary(page, pk, summary)
    assert summary not in public_page(server, slug)

    context, moderator = second_page(browser, page)
    open_comparison_from_dashboard(moderator, name)
    diff = moderator.locator(".revision-diff").first.inner_text()
    assert "Résumé en une phrase" in diff and summary in diff
    assert run_axe(moderator) == []
    moderator.set_viewport_size({"width": 320, "height": 800})  # a phone: the comparison stays inside the screen
    right = moderator.evaluate(
        "Math.max(...[...document.querySelectorAll('.revision-diff-scroll')].map(e => e.getBoundingClientRect().right))"
    )
    assert right <= 320
    click_and_wait(moderator, moderator.get_by_role("button", name="Approuver et publier"))
    assert moderator.url.endswith(f"/admin/projects/project/{pk}/change/")
    assert "est approuvée" in moderator.locator(".messagelist").inner_text()
    context.close()
    assert summary in public_page(server, slug)


def test_a_rejected_change_shows_the_editor_the_reason(page, browser, server, roles):  # noqa: F811
    pk, slug, name = make_project(server, "published")
    propose_summary(page, pk, "Un résumé qui sera refusé.", keyboard=True)

    context, moderator = second_page(browser, page)
    open_comparison_from_dashboard(moderator, name)
    moderator.get_by_label("Motif du refus").fill("Ce résumé ne s'appuie sur aucune source.")
    click_and_wait(moderator, moderator.get_by_role("button", name="Refuser la modification"))
    assert "est refusée" in moderator.locator(".messagelist").inner_text()
    context.close()

    open_change_page(page, pk)  # the editor comes back through the published project
    click_and_wait(page, page.get_by_role("link", name="Voir la modification et la comparer"))
    click_and_wait(page, page.get_by_role("link", name="Ouvrir la modification"))
    assert (
        "Ce résumé ne s'appuie sur aucune source." in page.locator(".revision-panel").get_by_role("alert").inner_text()
    )
    assert "Un résumé qui sera refusé." not in public_page(server, slug)
