"""Proposals, the outbox page and the e-mail language, clicked in Chromium.

An editor proposes a missing source from the dashboard, a moderator approves it from the queue,
then the editor picks it in a project's sources; a moderator retries a failed e-mail from the
outbox page (first with the mail server down, then up); an editor chooses English for their
e-mails. Every new admin page is checked with axe.
"""

import re
import secrets

import pytest

from tests.aiosmtpd_import import Controller
from tests.smtp import Inbox

from .conftest import run_axe
from .test_workflow_buttons import log_in_as, make_project, roles  # noqa: F401 — `roles` is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles")]


def assert_accessible(page, what):
    violations = run_axe(page)
    assert violations == [], f"{what}: {violations}"


def test_an_editor_proposes_a_source_a_moderator_approves_it_and_the_editor_cites_it(page, server):
    title = f"Compte rendu de chantier participatif {secrets.token_hex(3)}"
    log_in_as(page, "editor")
    page.get_by_role("link", name="Proposer une source").first.click()
    page.wait_for_url("**/admin/proposals/sourceproposal/add/")
    assert_accessible(page, "source proposal form")
    page.fill("#id_title", title)
    page.select_option("#id_kind", "report")
    page.fill("#id_publisher", "Le COL")
    page.fill("#id_year", "1850")  # out of range: a form error, nothing is stored
    page.fill("#id_url", "https://www.example.org/compte-rendu.pdf")
    page.fill("#id_summary", "Calendrier du chantier, nombre de logements.")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "1900" in page.locator(".field-year .errorlist").inner_text()
    assert server.query("SELECT COUNT(*) FROM proposals_sourceproposal WHERE title = ?", title) == [(0,)]
    page.fill("#id_year", "2018")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/proposals/sourceproposal/")
    assert "Proposition envoyée aux modérateurs" in page.locator(".messagelist").inner_text()
    assert title in page.locator("#result_list").inner_text()
    assert_accessible(page, "editor's proposals list")

    page.context.clear_cookies()
    log_in_as(page, "moderator")
    page.get_by_role("link", name=re.compile(r"sources? en attente")).click()
    page.wait_for_url("**/admin/proposals/sourceproposal/?status__exact=pending")
    page.get_by_role("link", name=title).click()
    page.wait_for_selector(".proposal-decision")
    assert_accessible(page, "proposal decision page")
    page.get_by_role("button", name="Accepter et créer").click()
    page.wait_for_url("**/admin/projects/source/*/change/")
    ((source_id, status),) = server.query(
        "SELECT s.id, p.status FROM projects_source s JOIN proposals_sourceproposal p ON p.created_source_id = s.id "
        "WHERE s.title = ?",
        title,
    )
    assert status == "approved"
    # Queued for the proposer (the browser server sends nothing until send_queued_mail runs).
    assert server.query("SELECT COUNT(*) FROM outbox_outgoingmessage WHERE subject LIKE ?", f"%{title}%")[0][0] >= 1

    page.context.clear_cookies()
    pk, _slug, _name = make_project(server, "draft")
    log_in_as(page, "editor")
    page.goto(f"{page.base_url}/admin/projects/project/{pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#citations-group + .proposal-link a").get_attribute("href").endswith("/sourceproposal/add/")
    page.locator("#citations-group .add-row a").click()
    page.locator("#citations-group tr.dynamic-citations .select2-selection").last.click()
    page.locator(".select2-search__field").fill(title.split()[-1])
    page.locator(".select2-results__option", has_text=title).click()
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    assert server.query(
        "SELECT COUNT(*) FROM projects_projectsource WHERE project_id = ? AND source_id = ?", pk, source_id
    ) == [(1,)]


def queue_failed_message(server, subject):
    code = (
        "from outbox.mail import queue_mail; "
        "from django.utils import timezone; from datetime import timedelta; "
        f"m = queue_mail('destinataire@example.org', {subject!r}, 'corps secret'); "
        "m.attempts = 1; m.last_error = 'ConnectionRefusedError: [Errno 111] Connection refused'; "
        "m.next_attempt_at = timezone.now() + timedelta(hours=1); m.save(); print(m.pk)"
    )
    return int(server.manage("shell", "-c", code).strip().splitlines()[-1])


def retry_from_the_list(page, pk):
    page.goto(f"{page.base_url}/admin/outbox/outgoingmessage/?etat=en-echec")
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", "retry_now")
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")
    return page.locator(".messagelist").inner_text()


def test_a_moderator_retries_a_failed_email_from_the_outbox_page(page, server):
    subject = f"Essai de relance {secrets.token_hex(3)}"
    pk = queue_failed_message(server, subject)
    log_in_as(page, "moderator")
    page.get_by_role("link", name="Courriels sortants").first.click()
    page.wait_for_url("**/admin/outbox/outgoingmessage/")
    page.get_by_role("link", name="en échec (réessayé plus tard)").click()
    page.wait_for_url("**etat=en-echec**")
    listing = page.locator("#result_list").inner_text()
    assert subject in listing and "ConnectionRefusedError" in listing and "corps secret" not in page.content()
    assert_accessible(page, "outbox list")

    # The mail server is still down: the message stays, with one more attempt.
    assert "non envoyé" in retry_from_the_list(page, pk)
    assert server.query("SELECT attempts, sent_at FROM outbox_outgoingmessage WHERE id = ?", pk) == [(2, None)]

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=server.smtp_port)
    controller.start()
    try:
        assert "1 courriel envoyé." in retry_from_the_list(page, pk)
    finally:
        controller.stop()
    ((attempts, sent_at),) = server.query("SELECT attempts, sent_at FROM outbox_outgoingmessage WHERE id = ?", pk)
    assert attempts == 3 and sent_at is not None
    assert [m["Subject"] for m in inbox.messages] == [subject]

    page.get_by_role("link", name="envoyé", exact=True).click()
    page.wait_for_url("**etat=envoye**")
    page.get_by_role("link", name=subject).click()
    page.wait_for_url("**/change/**")
    assert "corps secret" not in page.content()
    assert_accessible(page, "outbox message page")


def test_an_editor_cannot_open_the_outbox(page, server):
    log_in_as(page, "editor")
    response = page.goto(f"{page.base_url}/admin/outbox/outgoingmessage/")
    assert response.status == 403


def test_an_editor_chooses_english_for_their_emails(page, server):
    log_in_as(page, "editor")
    page.get_by_role("link", name="Mes préférences").click()
    page.wait_for_url("**/admin/preferences/")
    assert_accessible(page, "preferences page")
    page.get_by_label("English").check()
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/admin/preferences/")
    assert "Vos préférences sont enregistrées." in page.locator(".messagelist").inner_text()
    assert server.query("SELECT language FROM accounts_user WHERE username = ?", "navigateur-editeur") == [("en",)]
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/admin/preferences/")
    assert server.query("SELECT language FROM accounts_user WHERE username = ?", "navigateur-editeur") == [("fr",)]


def test_the_new_admin_pages_fit_a_320_pixel_screen(page, server):
    page.set_viewport_size({"width": 320, "height": 700})
    log_in_as(page, "editor")
    for path in ("/admin/preferences/", "/admin/proposals/organismproposal/add/"):
        page.goto(page.base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert_accessible(page, "organisation proposal form")
