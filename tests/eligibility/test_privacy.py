"""Nothing of the household or its income in any log line: Django's request log (the error path),
the development server's access log, gunicorn's access log."""

import io
import logging

import pytest

from catalogue.logging import JsonFormatter, RequestContextFilter

INCOME = "23457"


@pytest.fixture
def captured():
    """What the configured console handler (settings.LOGGING) writes, read back."""
    stream = io.StringIO()
    handlers = {h for name in ("", "django.server") for h in logging.getLogger(name).handlers}
    consoles = [
        h
        for h in handlers
        if isinstance(h, logging.StreamHandler) and any(isinstance(f, RequestContextFilter) for f in h.filters)
    ]
    assert consoles and all(isinstance(h.formatter, JsonFormatter) for h in consoles)
    previous = [h.setStream(stream) for h in consoles]
    yield stream
    for handler, old in zip(consoles, previous, strict=True):
        handler.setStream(old)


@pytest.mark.django_db
def test_a_refused_form_logs_the_path_without_the_household(client, captured):
    response = client.get("/eligibilite/", {"adultes": "3", "enfants": "2", "revenu": INCOME, "lieu": "Nowhere"})
    assert response.status_code == 400
    text = captured.getvalue()
    assert "/eligibilite/" in text and "lieu=Nowhere" in text
    assert INCOME not in text and "adultes=3" not in text and "enfants=2" not in text


def test_the_development_server_access_line_is_masked(captured):
    logging.getLogger("django.server").warning(
        '"%s" %s %s', f"GET /eligibilite/?adultes=2&revenu={INCOME}&age_1=25&lieu=Lyon HTTP/1.1", "200", "9000"
    )
    text = captured.getvalue()
    assert "lieu=Lyon" in text and INCOME not in text and "age_1=25" not in text


def test_gunicorn_access_log_atoms_are_masked():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from catalogue.gunicorn_logging import RedactingLogger

    logger = RedactingLogger(Config())
    query = f"adultes=2&revenu={INCOME}&lieu=Lyon"
    request = SimpleNamespace(
        headers=[("REFERER", f"https://example.org/eligibilite/?{query}")],
        method="GET",
        uri=f"/eligibilite/?{query}",
        path="/eligibilite/",
        query=query,
        version=(1, 1),
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": request.uri,
        "PATH_INFO": "/eligibilite/",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    import datetime

    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0.1))
    for name in ("r", "q", "f"):
        assert INCOME not in atoms[name], name
    assert "lieu=Lyon" in atoms["q"]
