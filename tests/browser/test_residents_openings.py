"""A resident in Chromium: from the home page to a project's « Comment rejoindre » (three steps, on a
desktop and a 320 px phone), and an alert near home subscribed then confirmed from the mail received
by a real SMTP server."""

import re
import subprocess
import sys

import pytest

from tests.aiosmtpd_import import Controller
from tests.smtp import Inbox, bodies, free_port

from .conftest import BASE_DIR, run_axe, screenshot

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/alertes/confirmer/[^/\s]+/)")


@pytest.fixture(scope="module")
def recruiting_project(server):
    """Locus Solus (Bordeaux) takes new residents, with steps and an information meeting."""
    server.manage(
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from projects.models import Project, ProjectOpening, ProjectVisit, TenureStatus; "
        "p = Project.objects.get(slug='locus-solus'); "
        "o, _ = ProjectOpening.objects.update_or_create(project=p, defaults=dict(status='homes_available', "
        "as_of=timezone.localdate(), homes_available=2, how_to_join='Venir à la réunion d information\\n"
        "Rencontrer le groupe\\nDéposer un dossier auprès du bailleur')); "
        "o.tenures.set(TenureStatus.objects.filter(code='plus')); "
        "ProjectVisit.objects.get_or_create(project=p, place='Maison du projet, Bordeaux', "
        "defaults=dict(starts_at=timezone.now() + datetime.timedelta(days=10), how_to_register='Entrée libre'))",
    )
    return "locus-solus"


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_from_the_home_page_to_how_to_join_in_three_steps(page, recruiting_project, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base_url + "/")
    # Step 1: my commune.
    page.get_by_label("Votre commune ou votre code postal").fill("Bordeaux")
    page.get_by_role("button", name="Voir les projets proches").click()
    page.wait_for_url("**/territoires/pres-de/**")
    assert run_axe(page) == []
    # Step 2: « Comment rejoindre » on the nearest project that takes residents.
    page.get_by_role("link", name="Comment rejoindre Locus Solus").click()
    # Step 3: there.
    page.wait_for_url("**/projets/locus-solus/#comment-rejoindre")
    section = page.locator("#comment-rejoindre")
    assert section.get_by_role("heading", name="Comment rejoindre").is_visible()
    text = section.inner_text()
    assert "Logements disponibles" in text and "2 logements disponibles" in text
    assert "Rencontrer le groupe" in text and "Maison du projet, Bordeaux" in text
    assert section.bounding_box()["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert run_axe(page) == []
    screenshot(page, f"comment-rejoindre-{width}")


def test_the_list_filter_keeps_only_groups_taking_residents(page, recruiting_project):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Les groupes qui accueillent de nouveaux habitants").click()
    page.wait_for_url("**ouverture=**")
    assert "1 projet trouvé" in page.locator("#results-heading").inner_text()
    assert page.get_by_role("link", name="Locus Solus").first.is_visible()
    assert run_axe(page) == []


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_subscribing_to_an_alert_near_home_then_confirming_it_from_the_mail(page, server, recruiting_project, smtp):
    inbox, port = smtp
    page.goto(page.base_url + "/territoires/pres-de/?lieu=Bordeaux&rayon=25")
    page.get_by_role("link", name="Me prévenir").click()
    page.wait_for_url("**/alertes/?**")
    assert "à moins de 25 km de Bordeaux" in page.locator("main").inner_text()
    assert run_axe(page) == []
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="Recevoir ces alertes").click()
    assert "Saisissez une adresse électronique valide" in page.locator("main").inner_text()
    assert run_axe(page) == []
    page.get_by_label("Votre adresse électronique").fill("habitante@example.org")
    page.get_by_label("Chaque jour (s'il y a du nouveau)").check()
    page.get_by_role("button", name="Recevoir ces alertes").click()
    page.wait_for_url("**/alertes/demande-envoyee/")
    assert run_axe(page) == []

    env = {**server.env, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), "send_queued_mail"], env=env, check=True, cwd=BASE_DIR)
    [mail] = [m for m in inbox.messages if m["To"] == "habitante@example.org"]
    text, _html = bodies(mail)
    path = CONFIRM_LINK.search(text).group(1)
    page.goto(page.base_url + path)
    assert run_axe(page) == []
    page.get_by_role("button", name="Confirmer mon alerte").click()
    assert "Alerte confirmée" in page.locator("h1").inner_text()
    assert run_axe(page) == []
    [(confirmed_at, frequency, radius)] = server.query(
        "SELECT confirmed_at, frequency, radius_km FROM alerts_subscription WHERE email = ?", "habitante@example.org"
    )
    assert confirmed_at is not None and frequency == "daily" and radius == 25
    # The unsubscribe link of the confirmation page works in one click.
    page.get_by_role("link", name="Me désabonner").click()
    page.get_by_role("button", name="Me désabonner et effacer mon adresse").click()
    assert "Vous êtes désabonné" in page.locator("main").inner_text()
    assert server.query("SELECT count(*) FROM alerts_subscription") == [(0,)]
