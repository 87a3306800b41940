"""What a visitor writes, clicked in Chromium: a resident reports an error and writes to a project's
group from its page (keyboard and mouse), a moderator handles the report in the admin, the footer's
trust pages open; axe finds nothing on any new page and nothing scrolls sideways at 320 px."""

import secrets

import pytest

from .conftest import log_in_to_admin, run_axe

pytestmark = pytest.mark.browser

PROJECT = "locus-solus"
MODERATOR = "navigatrice-formulaires"
PASSWORD = "browser-forms-password-" + secrets.token_hex(4)
SET_UP_MODERATOR = f"""
from accounts.roles import MODERATORS
from accounts.services import create_staff_user
user, _ = create_staff_user({MODERATOR!r}, role=MODERATORS, email="moderatrice-formulaires@example.org")
user.set_password({PASSWORD!r})
user.save()
"""

NEW_PAGES = [
    f"/projets/{PROJECT}/signaler/",
    f"/projets/{PROJECT}/signaler/merci/",
    f"/projets/{PROJECT}/contacter/",
    f"/projets/{PROJECT}/contacter/merci/",
    "/contact/",
    "/contact/merci/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
]


@pytest.fixture(scope="session")
def forms_moderator(server):
    server.manage("shell", "-c", SET_UP_MODERATOR)
    return MODERATOR


def test_a_resident_reports_an_error_from_a_project_page_with_the_keyboard(page, server):
    description = f"Il y a 14 logements et non 12, d'après le bailleur ({secrets.token_hex(3)})."
    page.goto(f"{page.base_url}/projets/{PROJECT}/")
    page.click("text=Signaler une erreur")
    page.wait_for_url(f"**/projets/{PROJECT}/signaler/")
    assert run_axe(page) == []
    page.focus("#id_description")
    page.keyboard.type(description)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("habitante@example.net")
    for _step in range(5):  # past the personal-data link, to the submit button (the honeypot is skipped)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/projets/{PROJECT}/signaler/merci/")
    assert "signalement est enregistré" in page.inner_text("h1")
    assert run_axe(page) == []
    rows = server.query("SELECT status, email FROM feedback_errorreport WHERE description = ?", description)
    assert rows == [("new", "habitante@example.net")]


def test_a_resident_sends_a_message_to_the_group_and_gets_a_copy(page, server):
    message = f"Bonjour, la réunion d'information est-elle ouverte à tous ? ({secrets.token_hex(3)})"
    page.goto(f"{page.base_url}/projets/{PROJECT}/")
    page.click("text=Écrire un message")
    page.wait_for_url(f"**/projets/{PROJECT}/contacter/")
    page.click(".public-form button[type=submit]")  # nothing filled: clear errors, no JavaScript involved
    page.wait_for_selector(".public-form [role=alert]")
    assert "Le formulaire contient" in page.inner_text(".public-form")
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    assert run_axe(page) == []
    page.fill("#id_name", "Camille Habitante")
    page.fill("#id_email", "camille.habitante@example.net")
    page.fill("#id_message", message)
    page.check("#id_consent")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_url(f"**/projets/{PROJECT}/contacter/merci/")
    assert "message est envoyé" in page.inner_text("h1")
    assert server.query("SELECT name FROM feedback_contactmessage WHERE message = ?", message) == [
        ("Camille Habitante",)
    ]
    copies = server.query(
        'SELECT reply_to FROM outbox_outgoingmessage WHERE "to" = ? AND body_text LIKE ?',
        "camille.habitante@example.net",
        f"%{message[-8:]}%",
    )
    assert copies == [("",)]


def test_a_moderator_marks_a_report_handled_and_the_reply_is_queued(page, server, forms_moderator):
    description = f"La date de livraison est 2021 et non 2020 ({secrets.token_hex(3)})."
    page.goto(f"{page.base_url}/projets/{PROJECT}/signaler/")
    page.fill("#id_description", description)
    page.fill("#id_email", "lecteur@example.net")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url("**/signaler/merci/")

    log_in_to_admin(page, forms_moderator, PASSWORD)
    page.click("text=Signalements d'erreur")
    page.wait_for_url("**/admin/feedback/errorreport/")
    assert run_axe(page) == []
    page.click(f"tr:has-text('{description[:40]}') th a")
    assert run_axe(page) == []
    page.select_option("#id_status", "handled")
    page.fill("#id_reply", "Corrigé, merci pour votre vigilance.")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/feedback/errorreport/")
    assert "file d'envoi" in page.inner_text("#content-start")
    (status,) = server.query("SELECT status FROM feedback_errorreport WHERE description = ?", description)[0]
    assert status == "handled"
    replies = server.query(
        'SELECT body_text FROM outbox_outgoingmessage WHERE "to" = ? AND body_text LIKE ?',
        "lecteur@example.net",
        "%Corrigé, merci%",
    )
    assert len(replies) == 1 and description in replies[0][0]
    page.goto(page.base_url + "/admin/projects/project/999999/apercu/")  # no such project: the admin's own 404
    assert "Page introuvable dans l'espace éditeurs" in page.inner_text("h1")
    assert run_axe(page) == []


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("Mentions légales", "Mentions légales"),
        ("Accessibilité : partiellement conforme", "Déclaration d'accessibilité"),
        ("Données personnelles", "Données personnelles"),
        ("Contact", "Contact"),
    ],
)
def test_the_footer_links_open_the_trust_pages(page, link, heading):
    page.goto(page.base_url + "/")
    page.click(f".site-footer >> text={link}")
    assert page.inner_text("h1") == heading
    assert run_axe(page) == []


@pytest.mark.parametrize("path", NEW_PAGES)
def test_every_new_page_fits_320_px_and_passes_axe(page, path):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(page.base_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 321, f"{path} is {width} px wide"
    assert run_axe(page) == []
