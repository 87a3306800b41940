"""The site, the admin and the API documentation work under the Content-Security-Policy.

The browser runs with the site's real policy (no bypass): every page type is visited, the
admin is used (login, dashboard, lists, forms with their widgets), Swagger UI and ReDoc
render the schema; no page reports a CSP violation or a console error.
"""

import pytest

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def strict_page(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server_url) else route.abort())
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.base_url = server_url
    yield page
    context.close()


def assert_no_violation(page, where, expected=()):
    violations = [v for v in page.evaluate("window.__cspViolations") if not v.startswith(expected)]
    assert violations == [], f"{where}: {violations}"
    refused = [
        text
        for text in page.console_errors
        if ("Content Security Policy" in text or "Refused" in text) and not any(e.split()[1] in text for e in expected)
    ]
    assert refused == [], f"{where}: {refused}"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/projets/",
        "/projets/terra-arte/",
        "/territoires/carte/",
        "/territoires/pres-de/?lieu=Bordeaux&rayon=50",
        "/statistiques/",
        "/statistiques/comparer/?p=terra-arte&p=locus-solus",
        "/donnees/",
        "/organismes/le-col/",
        "/nulle-part/",
    ],
)
def test_public_pages_run_under_the_policy(strict_page, path):
    strict_page.goto(strict_page.base_url + path)
    strict_page.wait_for_load_state("networkidle")
    assert_no_violation(strict_page, path)


def test_near_me_autocomplete_script_runs_under_the_policy(strict_page):
    page = strict_page
    page.goto(page.base_url + "/territoires/pres-de/")
    page.fill("#id_lieu", "Bord")
    page.wait_for_timeout(800)
    assert_no_violation(page, "near me")


def test_admin_works_under_the_policy(strict_page):
    page = strict_page
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", ADMIN_USERNAME)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert_no_violation(page, "admin dashboard")

    page.goto(page.base_url + "/admin/projects/project/")
    page.click("#changelist-search input[type=submit]")
    assert_no_violation(page, "project list")

    page.goto(page.base_url + "/admin/projects/project/")
    page.click("#result_list tbody tr:first-child th a")
    page.wait_for_load_state("networkidle")
    assert page.locator("#project_form").is_visible()
    # The organism autocomplete (select2, admin JS) opens and queries under the policy.
    page.locator(".select2-selection").first.click()
    page.wait_for_timeout(800)
    assert_no_violation(page, "project form")

    history = page.url.rstrip("/").rsplit("/", 1)[0] + "/history/"
    page.goto(history)
    assert_no_violation(page, "project history")

    page.goto(page.base_url + "/admin/projects/project/add/")
    page.wait_for_load_state("networkidle")
    page.locator(".add-row a").first.click()  # an inline's "add another" (admin inlines.js)
    assert_no_violation(page, "project add form")

    for path in ("/admin/projects/project/importer/", "/admin/organisms/organism/", "/admin/organisms/organism/add/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        assert_no_violation(page, path)


def test_swagger_ui_renders_the_schema_under_the_policy(strict_page):
    page = strict_page
    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() > 5
    assert_no_violation(page, "Swagger UI")


def test_redoc_renders_the_schema_under_the_policy(strict_page):
    page = strict_page
    page.goto(page.base_url + "/api/redoc/")
    page.wait_for_selector("[data-section-id]", timeout=20000)
    # Its logo on the Redocly CDN is refused, as every third-party address is.
    assert_no_violation(page, "ReDoc", expected=("img-src https://cdn.redoc.ly/",))
    csp = page.request.get(page.base_url + "/api/redoc/").headers["content-security-policy"]
    assert "script-src 'self';" in csp + ";"
