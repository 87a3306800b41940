"""The liveness probe: plain text, no database, never redirected to HTTPS."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_ok_in_plain_text_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


def test_healthz_is_not_redirected_to_https_when_the_site_is(client, db, settings):
    # Production values (DEBUG off), checked in test_settings.py.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/a-propos/").status_code == 301
