"""Logs: one JSON object per line, the request id in every record of a request, no secrets.

The records are read from the real console handler configured in settings.LOGGING.
"""

import io
import json
import logging

import pytest

from catalogue.logging import JsonFormatter

PASSWORD = "Mot-De-Passe-Tres-Secret-42"
SESSION = "sessioncookievalue0123456789abcdef"
BEARER = "jeton-bearer-0123456789"


@pytest.fixture
def log_lines():
    """Everything the configured console handler writes during the test, as parsed JSON."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


def assert_no_secret(text):
    for secret in (PASSWORD, SESSION, BEARER, "hunter2"):
        assert secret not in text


@pytest.fixture
def error_urls(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.urls"


def test_failed_admin_login_logs_without_password_cookie_or_authorization(
    client, django_user_model, log_lines, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    django_user_model.objects.create_user("editrice", "editrice@example.org", "le-vrai-mot-de-passe-99", is_staff=True)
    client.cookies["sessionid"] = SESSION
    for _attempt in range(3):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editrice", "password": PASSWORD},
            HTTP_AUTHORIZATION=f"Bearer {BEARER}",
            HTTP_X_REQUEST_ID="connexion-ratee-0001",
        )
    assert response["X-Request-ID"] == "connexion-ratee-0001"
    records = log_lines()
    assert records, "a failed login and a lockout are logged"
    assert any(record["logger"].startswith("axes") for record in records)
    for record in records:
        assert record["request_id"] == "connexion-ratee-0001"
        assert {"time", "level", "logger", "message"} <= record.keys()
    assert_no_secret(json.dumps(records))


def test_server_error_logs_the_traceback_with_the_request_id_and_no_secrets(client, db, error_urls, log_lines):
    client.raise_request_exception = False
    client.cookies["sessionid"] = SESSION
    response = client.get(
        "/test-erreur-500/?token=hunter2&page=2",
        HTTP_AUTHORIZATION=f"Bearer {BEARER}",
        HTTP_COOKIE=f"sessionid={SESSION}",
    )
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    (record,) = [record for record in log_lines() if record["logger"] == "django.request"]
    assert record["level"] == "ERROR" and record["status_code"] == 500
    assert record["request_id"] == request_id
    assert record["method"] == "GET"
    assert record["path"] == "/test-erreur-500/?page=2&token=[masqué]"  # the canonical query: names sorted
    assert "RuntimeError" in record["exc_info"]
    assert_no_secret(json.dumps(record))


def test_not_found_is_logged_as_a_warning_with_its_request_id(client, db, error_urls, log_lines):
    response = client.get("/nulle-part/")
    (record,) = [record for record in log_lines() if record["logger"] == "django.request"]
    assert record["level"] == "WARNING" and record["status_code"] == 404
    assert record["request_id"] == response["X-Request-ID"]


def test_one_time_link_tokens_are_masked_in_logged_paths(client, db, error_urls, log_lines):
    client.get("/admin/invitation/MTI/cz3f2a-0123456789abcdef0123456789abcdef/")
    text = json.dumps(log_lines())
    assert "0123456789abcdef0123456789abcdef" not in text


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("req-2026-11-29-abcdef", True),
        ("6f1c0c3e-8a1b-4d2e-9f00-123456789abc", True),
        ("<script>alert(1)</script>", False),
        ("court", False),
        ("x" * 200, False),
        ("a b c d e f g h", False),
    ],
)
def test_request_id_is_kept_when_sane_and_replaced_otherwise(client, db, incoming, kept):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=incoming)
    if kept:
        assert response["X-Request-ID"] == incoming
    else:
        assert response["X-Request-ID"] != incoming and len(response["X-Request-ID"]) == 32
