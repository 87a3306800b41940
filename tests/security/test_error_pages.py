"""Error pages: 400, 403, 404, 500 in French and English, rendered without the database;
and a friendly 503 when the database is unreachable (a real failure, in a real server)."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def live_errors(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.urls"
    return settings


@pytest.fixture
def staff_client(client, django_user_model):
    """An editor account without any permission: the admin refuses it its pages."""
    user = django_user_model.objects.create_user("sans-droits", "sans-droits@example.org", is_staff=True)
    client.force_login(user)
    return client


# Public addresses carry their language (/en/ for English); the back-office follows the browser.
@pytest.mark.parametrize(
    "prefix, expected",
    [("", ("Page introuvable", 'lang="fr"')), ("/en", ("Page not found", 'lang="en"'))],
)
def test_404_page_in_both_languages(live_errors, client, db, prefix, expected):
    response = client.get(f"{prefix}/nulle-part/")
    assert response.status_code == 404
    body = response.content.decode()
    assert all(text in body for text in expected)
    assert 'href="#contenu"' in body  # the site's own layout (base template)


@pytest.mark.parametrize("prefix, title", [("", "Requête incorrecte"), ("/en", "Bad request")])
def test_400_page_in_both_languages(live_errors, client, prefix, title):
    response = client.get(f"{prefix}/", HTTP_HOST="faux-hote.example")
    assert response.status_code == 400
    assert title in response.content.decode()
    assert "faux-hote" not in response.content.decode()


@pytest.mark.parametrize("headers, title", [({}, "Accès refusé"), (ENGLISH, "Access denied")])
def test_403_page_in_both_languages(live_errors, staff_client, headers, title):
    response = staff_client.get("/admin/projects/project/add/", **headers)
    assert response.status_code == 403
    assert title in response.content.decode()


@pytest.mark.parametrize("prefix, title", [("", "Une erreur est survenue"), ("/en", "Something went wrong")])
def test_500_page_in_both_languages_without_traceback(live_errors, client, db, prefix, title):
    client.raise_request_exception = False
    response = client.get(f"{prefix}/test-erreur-500/")
    assert response.status_code == 500
    body = response.content.decode()
    assert title in body
    assert "Traceback" not in body and "RuntimeError" not in body and "hunter2" not in body


def test_error_pages_need_no_database(live_errors, client, db, django_assert_num_queries, settings):
    # The public cache reads the catalogue version (one query) before any public address; the
    # error pages themselves must need none (when the database is down, see the 503 tests below).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "caching.middleware.PublicCacheMiddleware"]
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        assert client.get("/test-erreur-500/").status_code == 500
        assert client.get("/nulle-part/").status_code == 404
        assert client.get("/", HTTP_HOST="faux-hote.example").status_code == 400


# --- The database goes away: a real server, a real unreachable database ---------------------

UNREACHABLE_DATABASES = {
    # A SQLite file in a folder that does not exist: "unable to open database file".
    "sqlite": "sqlite:////nonexistent-folder-for-tests/catalogue.sqlite3",
    # A PostgreSQL server on a closed loopback port: "connection refused".
    "postgresql": "postgres://postgres@127.0.0.1:{closed_port}/catalogue",
}
WSGI_SERVER = (
    "import sys; from wsgiref.simple_server import make_server;"
    "from catalogue.wsgi import application;"
    "make_server('127.0.0.1', int(sys.argv[1]), application).serve_forever()"
)


def free_port():
    """A loopback port nobody listens on (several test runs may share the machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def wsgi_server(port, database_url, log, **settings):
    """A real WSGI server process with production settings (plain HTTP on loopback)."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "MANIFEST_STATIC": "false",  # no collectstatic here
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-c", WSGI_SERVER, str(port)],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),  # a file, not a pipe: a full pipe would block the server
    )
    process.log = log
    try:
        for _attempt in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None:
                pytest.fail("the server did not start: " + log.read_text())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=sorted(UNREACHABLE_DATABASES))
def server_without_database(request, tmp_path):
    database_url = UNREACHABLE_DATABASES[request.param].format(closed_port=free_port())
    with wsgi_server(free_port(), database_url, tmp_path / "server.log", CONN_MAX_AGE="0") as server:
        yield server


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_unreachable_database_gives_a_friendly_503_and_a_log_record(server_without_database):
    url, process = server_without_database
    for language, title in (("fr", "Service momentanément indisponible"), ("en", "Service temporarily unavailable")):
        prefix = "/en" if language == "en" else ""
        for path in (f"{prefix}/", f"{prefix}/projets/?q=lyon", f"{prefix}/projets/terra-arte/", "/api/v1/projets/"):
            status, headers, body = fetch(url + path, **{"Accept-Language": language})
            assert status == 503, path
            assert headers["Retry-After"] == "120"
            assert title in body
            assert "Traceback" not in body and "OperationalError" not in body
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]

    status, headers, _body = fetch(url + "/", **{"X-Request-ID": "essai-panne-base-0001"})
    assert status == 503 and headers["X-Request-ID"] == "essai-panne-base-0001"
    process.terminate()
    process.wait(timeout=10)
    records = [json.loads(line) for line in process.log.read_text().splitlines() if line.startswith("{")]
    errors = [record for record in records if record.get("logger") == "django.request"]
    assert errors[-1]["level"] == "ERROR" and errors[-1]["status_code"] == 503
    assert errors[-1]["request_id"] == "essai-panne-base-0001"
    assert "OperationalError" in errors[-1]["exc_info"]


@pytest.mark.parametrize("headers, title", [({}, "Formulaire expiré"), (ENGLISH, "Form expired")])
def test_csrf_failure_page_in_both_languages(live_errors, db, headers, title):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    # The editors' login form (the language switch needs no CSRF token: public pages are cached).
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"}, **headers)
    assert response.status_code == 403
    assert title in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
def test_a_killed_database_connection_is_replaced_on_the_next_request(db, tmp_path):
    """The server keeps its connection between requests (CONN_MAX_AGE); when PostgreSQL kills
    it (restart, failover, pg_terminate_backend), the next request checks it, reconnects and
    answers normally (CONN_HEALTH_CHECKS) instead of failing."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    with wsgi_server(free_port(), url, tmp_path / "server.log", CONN_MAX_AGE="600") as (server, _process):
        assert fetch(server + "/")[0] == 200
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        status, _headers, body = fetch(server + "/projets/")
        assert status == 200 and "Terra Arte" in body
