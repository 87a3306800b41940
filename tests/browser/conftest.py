"""Browser tests: Playwright drives Debian's Chromium against a real server process.

The server runs `manage.py runserver` on its own SQLite file, migrated and loaded with
the real geography and seed catalogue, exactly as `make run` does. Every request to a
host other than the local server is aborted: the pages must work with no network.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.template_db import copy_into, sqlite_template

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = BASE_DIR / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ADMIN_USERNAME, ADMIN_PASSWORD = "navigateur", "browser-tests-only-password"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    reason = None
    if not os.path.exists(CHROMIUM):
        reason = "Debian's chromium is not installed (scripts/install_browser.sh installs it)"
        if os.environ.get("CI") == "true" and any("tests/browser" in str(item.fspath) for item in items):
            # In CI a skipped browser suite would pass while no button was ever clicked.
            raise pytest.UsageError(reason + ": the browser tests cannot be skipped in CI")
    elif connection.vendor != "sqlite":
        reason = "browser journeys run once, in the SQLite pass (the server has its own database)"
    if reason:
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The server process's database and ``manage.py``, for tests that set up or check state."""

    def __init__(self, url, workdir, env, smtp_port=None):
        self.url, self.database, self.env = url, Path(workdir) / "db.sqlite3", env
        # Where the server sends mail (EMAIL_URL): nothing listens until a test starts an SMTP server there.
        self.smtp_port = smtp_port

    def manage(self, *args):
        """Run a management command against the server's database; returns its standard output."""
        result = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            cwd=BASE_DIR,
        )
        return result.stdout

    def query(self, sql, *params):
        """Rows read directly from the server's SQLite file (what the server really stored)."""
        import sqlite3

        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def server():
    workdir = tempfile.mkdtemp(prefix="catalogue-browser-")
    smtp_port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "browser-tests-only",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ADMIN_HTTPS_ONLY": "false",
        "STATIC_ROOT": f"{workdir}/static",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "3",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    # Migrated and loaded with the geography and the seed catalogue: a copy of the template
    # database the test session starts from (tests/template_db.py), as `make run` would build it.
    copy_into(sqlite_template(), f"{workdir}/db.sqlite3").close()
    for command in (
        ["migrate", "--noinput", "-v0"],  # nothing to do unless the template is stale: a safety net
        ["collectstatic", "--noinput", "-v0"],
        ["createsuperuser", "--noinput", "--username", ADMIN_USERNAME, "--email", "navigateur@example.org"],
    ):
        subprocess.run(manage + command, env=env, check=True, capture_output=True, cwd=BASE_DIR)
    port = _free_port()
    # The server's log (the traceback of a 500) goes to BROWSER_SERVER_LOG when it is set.
    log_path = os.environ.get("BROWSER_SERVER_LOG")
    server_log = open(log_path, "a") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the test server did not start")
    yield Server(url, workdir, env, smtp_port)
    process.terminate()
    process.wait(timeout=10)
    if log_path:
        server_log.close()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(server):
    return server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url):
    # bypass_csp: axe-core is injected as an inline script, which the site's policy refuses.
    # tests/browser/test_csp.py browses without it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)

    def only_local(route):
        if route.request.url.startswith(server_url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    page.base_url = server_url
    yield page
    context.close()


def run_axe(page):
    """Violations reported by axe-core (WCAG 2.0/2.1 A and AA rules) on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result["violations"]
    ]


def screenshot(page, name):
    target = ARTIFACTS / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=True)


def log_in_to_admin(page, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
