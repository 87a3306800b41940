"""The publication workflow, clicked in Chromium by each role, checked in the server's database and on the public site.

Every control an editor or a moderator uses is clicked as a person would: the buttons of a
project's admin page, the refusal form, « J'ai vérifié ces informations », the bulk actions of
the list (with their confirmation page) and the public preview. Nothing is posted by the test.
"""

import json
import secrets
import urllib.error
import urllib.request

import pytest

from .conftest import log_in_to_admin, run_axe

pytestmark = pytest.mark.browser

EDITOR, MODERATOR = "navigateur-editeur", "navigateur-moderateur"
PASSWORD = "browser-role-password-" + secrets.token_hex(4)

SET_UP_ROLES = f"""
from accounts.roles import EDITORS, MODERATORS
from accounts.services import create_staff_user
from organisms.models import Organism
editor, _ = create_staff_user({EDITOR!r}, role=EDITORS, organisms=[Organism.objects.get(slug="le-col")])
moderator, _ = create_staff_user({MODERATOR!r}, role=MODERATORS)
for user in (editor, moderator):
    user.set_password({PASSWORD!r})
    user.save()
"""

MAKE_PROJECT = """
import json, sys
from django.utils import timezone
from geo.models import Commune
from organisms.models import Organism
from projects.models import Project, ProjectActor
spec = json.loads(sys.stdin.read())
status = spec["status"]
project = Project.objects.create(
    name=spec["name"], slug=spec["slug"], status=status, total_homes=12,
    commune=Commune.objects.get(insee_code="33063"),
    published_at=timezone.now() if status in ("published", "archived") else None,
)
ProjectActor.objects.create(project=project, organism=Organism.objects.get(slug="le-col"), role="developer")
print(project.pk)
"""


@pytest.fixture(scope="session")
def roles(server):
    server.manage("shell", "-c", SET_UP_ROLES)
    return {"editor": EDITOR, "moderator": MODERATOR}


def make_project(server, status):
    """A project of Le COL (the editor's organism) in ``status``; returns (pk, slug, name)."""
    import subprocess
    import sys

    from .conftest import BASE_DIR

    slug = f"atelier-{status}-{secrets.token_hex(3)}"
    name = f"Atelier {status} {slug[-6:]}"
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "shell", "-c", MAKE_PROJECT],
        input=json.dumps({"status": status, "slug": slug, "name": name}),
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )
    return int(result.stdout.strip().splitlines()[-1]), slug, name


def status_of(server, pk):
    return server.query("SELECT status FROM projects_project WHERE id = ?", pk)[0][0]


def public_status(server, slug):
    """The HTTP status an anonymous visitor gets for the project's public page."""
    try:
        with urllib.request.urlopen(f"{server.url}/projets/{slug}/", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def log_in_as(page, role):
    log_in_to_admin(page, {"editor": EDITOR, "moderator": MODERATOR}[role], PASSWORD)


def open_change_page(page, pk):
    page.goto(f"{page.base_url}/admin/projects/project/{pk}/change/")


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def workflow_button(page, name):
    return page.locator(".workflow-panel").get_by_role("button", name=name, exact=True)


def test_editor_submits_a_draft_by_clicking_its_button(page, server, roles):
    pk, slug, _name = make_project(server, "draft")
    log_in_as(page, "editor")
    open_change_page(page, pk)
    click_and_wait(page, workflow_button(page, "Soumettre pour relecture"))
    assert status_of(server, pk) == "submitted"
    assert "Soumis pour relecture" in page.locator(".workflow-panel").inner_text()
    assert public_status(server, slug) == 404


def test_editor_sees_no_publication_button(page, server, roles):
    pk, _slug, _name = make_project(server, "submitted")
    log_in_as(page, "editor")
    open_change_page(page, pk)
    assert workflow_button(page, "Publier").count() == 0
    assert page.locator(".workflow-panel").get_by_role("link", name="Refuser…").count() == 0


def test_moderator_publishes_a_submitted_project_and_the_public_sees_it(page, server, roles):
    pk, slug, _name = make_project(server, "submitted")
    log_in_as(page, "moderator")
    open_change_page(page, pk)
    click_and_wait(page, workflow_button(page, "Publier"))
    assert status_of(server, pk) == "published"
    assert "Publié" in page.locator(".workflow-panel").inner_text()
    assert public_status(server, slug) == 200


def test_moderator_rejects_with_a_reason_that_the_editor_then_reads(page, browser, server, roles):
    pk, slug, _name = make_project(server, "submitted")
    log_in_as(page, "moderator")
    open_change_page(page, pk)
    click_and_wait(page, page.locator(".workflow-panel").get_by_role("link", name="Refuser…"))
    # An empty reason is refused by the browser itself (required field): nothing is sent.
    page.get_by_role("button", name="Refuser et renvoyer en brouillon").click()
    assert status_of(server, pk) == "submitted"
    page.get_by_label("Motif").fill("Il manque la source du nombre de logements.")
    click_and_wait(page, page.get_by_role("button", name="Refuser et renvoyer en brouillon"))
    assert status_of(server, pk) == "draft"
    assert public_status(server, slug) == 404
    reason = server.query("SELECT reason FROM projects_projecttransition WHERE project_id = ? ORDER BY id DESC", pk)[0][
        0
    ]
    assert reason == "Il manque la source du nombre de logements."

    editor_context = browser.new_context(locale="fr-FR")
    editor_page = editor_context.new_page()
    editor_page.base_url = page.base_url
    log_in_as(editor_page, "editor")
    open_change_page(editor_page, pk)
    assert "Il manque la source du nombre de logements." in editor_page.get_by_role("alert").inner_text()
    editor_context.close()


def test_moderator_unpublishes_then_republishes(page, server, roles):
    pk, slug, _name = make_project(server, "published")
    assert public_status(server, slug) == 200
    log_in_as(page, "moderator")
    open_change_page(page, pk)
    click_and_wait(page, workflow_button(page, "Dépublier"))
    assert status_of(server, pk) == "archived"
    assert public_status(server, slug) == 404
    click_and_wait(page, workflow_button(page, "Publier"))
    assert status_of(server, pk) == "published"
    assert public_status(server, slug) == 200


def test_moderator_publishes_a_draft_directly(page, server, roles):
    pk, slug, _name = make_project(server, "draft")
    log_in_as(page, "moderator")
    open_change_page(page, pk)
    click_and_wait(page, workflow_button(page, "Publier"))
    assert status_of(server, pk) == "published"
    assert public_status(server, slug) == 200


def test_editor_marks_the_record_verified(page, server, roles):
    pk, _slug, _name = make_project(server, "published")
    log_in_as(page, "editor")
    open_change_page(page, pk)
    assert "jamais vérifié" in page.locator(".workflow-panel").inner_text()
    click_and_wait(page, workflow_button(page, "J'ai vérifié ces informations"))
    assert server.query("SELECT last_verified_on FROM projects_project WHERE id = ?", pk)[0][0] is not None
    assert "vérifié le" in page.locator(".workflow-panel").inner_text()


def test_the_public_preview_opens_from_the_change_page(page, server, roles):
    pk, _slug, name = make_project(server, "draft")
    log_in_as(page, "editor")
    open_change_page(page, pk)
    click_and_wait(page, page.get_by_role("link", name="Aperçu public"))
    assert page.url.endswith(f"/admin/projects/project/{pk}/apercu/")
    assert name in page.locator("h1").inner_text()
    assert status_of(server, pk) == "draft"


def select_in_changelist(page, names):
    page.goto(page.base_url + "/admin/projects/project/?q=Atelier")
    for name in names:
        row = page.locator("#result_list tbody tr", has=page.get_by_role("link", name=name, exact=True))
        row.locator("input.action-select").check()


def run_bulk_action(page, label):
    page.locator("select[name=action]").select_option(label=label)
    click_and_wait(page, page.locator("#changelist-form button[name=index]"))


def test_bulk_submit_by_the_editor(page, server, roles):
    projects = [make_project(server, "draft") for _ in range(2)]
    log_in_as(page, "editor")
    select_in_changelist(page, [name for _pk, _slug, name in projects])
    run_bulk_action(page, "Soumettre pour relecture")
    assert [status_of(server, pk) for pk, _slug, _name in projects] == ["submitted", "submitted"]
    assert "2 projets" in page.locator(".messagelist").inner_text()


def test_bulk_publish_goes_through_its_confirmation_page(page, server, roles):
    projects = [make_project(server, "submitted") for _ in range(2)]
    log_in_as(page, "moderator")
    select_in_changelist(page, [name for _pk, _slug, name in projects])
    run_bulk_action(page, "Publier")
    assert "Publier ces projets" in page.locator("h1").inner_text()
    assert run_axe(page) == []
    assert [status_of(server, pk) for pk, _slug, _name in projects] == ["submitted", "submitted"]
    click_and_wait(page, page.get_by_role("button", name="Publier ces 2 projets"))
    assert [status_of(server, pk) for pk, _slug, _name in projects] == ["published", "published"]
    assert all(public_status(server, slug) == 200 for _pk, slug, _name in projects)


def test_bulk_unpublish_and_bulk_verify(page, server, roles):
    projects = [make_project(server, "published") for _ in range(2)]
    names = [name for _pk, _slug, name in projects]
    log_in_as(page, "moderator")
    select_in_changelist(page, names)
    run_bulk_action(page, "J'ai vérifié ces informations (aujourd'hui)")
    assert all(
        server.query("SELECT last_verified_on FROM projects_project WHERE id = ?", pk)[0][0] for pk, _s, _n in projects
    )
    select_in_changelist(page, names)
    run_bulk_action(page, "Dépublier")
    assert [status_of(server, pk) for pk, _slug, _name in projects] == ["archived", "archived"]
    assert all(public_status(server, slug) == 404 for _pk, slug, _name in projects)
