"""The page cache answers hits and 304s before sessions, CSRF, auth, history, messages and axes,
with exactly the security headers of a computed page (production settings)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.security.test_headers import assert_secure_headers

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "X-Frame-Options",
)
PAGES = ["/", "/projets/", "/projets/terra-arte/", "/statistiques/", "/territoires/carte/", "/api/v1/projets/"]


def security_headers(response):
    return {name: response.headers.get(name) for name in SECURITY_HEADERS}


@pytest.mark.parametrize("url", PAGES)
def test_uncached_cached_and_304_answers_carry_identical_security_headers(production, client, catalogue, url):
    computed = client.get(url, secure=True)
    cached = client.get(url, secure=True)
    not_modified = client.get(url, secure=True, headers={"if-none-match": cached["ETag"]})
    assert (computed.status_code, cached.status_code, not_modified.status_code) == (200, 200, 304)
    for response in (computed, cached, not_modified):
        assert_secure_headers(response)
        assert security_headers(response) == security_headers(computed)
        assert response["X-Frame-Options"] == "DENY"
    assert cached.content == computed.content
    # Vary and the language answer unchanged.
    assert cached["Vary"] == computed["Vary"] and "Accept-Language" in cached["Vary"] and "Cookie" in cached["Vary"]
    assert cached.get("Content-Language") == computed.get("Content-Language")


def test_a_cached_answer_in_english_stays_english_with_the_same_headers(production, client, catalogue):
    french = client.get("/projets/", secure=True)
    english = client.get("/en/projets/", secure=True)
    english_again = client.get("/en/projets/", secure=True)
    assert english["Content-Language"] == english_again["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"
    assert english_again.content == english.content != french.content
    assert security_headers(english_again) == security_headers(french)


def test_hits_and_304s_skip_sessions_csrf_auth_and_need_no_query(production, client, catalogue, settings):
    settings.CATALOGUE_VERSION_RECHECK_SECONDS = 60  # a slow first visit must not make it flaky
    client.get("/projets/", secure=True)
    etag = client.get("/projets/", secure=True)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/projets/", secure=True)
        not_modified = client.get("/projets/", secure=True, headers={"if-none-match": etag})
    assert (hit.status_code, not_modified.status_code) == (200, 304)
    # The catalogue version is the process's (read again after 1 s or after a write of ours).
    assert len(queries.captured_queries) == 0
    # Answered before the session, auth and messages middlewares: they never saw the request.
    assert not hasattr(hit.wsgi_request, "session")
    assert not hasattr(hit.wsgi_request, "user")
    assert not hasattr(not_modified.wsgi_request, "session")
    assert "csrftoken" not in hit.cookies and "sessionid" not in hit.cookies


def test_unknown_parameters_share_the_cached_entry_of_the_canonical_address(production, client, catalogue, settings):
    settings.CATALOGUE_VERSION_RECHECK_SECONDS = 60
    canonical = client.get("/projets/?region=occitanie", secure=True)
    with CaptureQueriesContext(connection) as queries:
        noisy = client.get("/projets/?utm_source=x&region=occitanie&_bench=1&fbclid=2", secure=True)
    assert noisy.status_code == 200 and noisy.content == canonical.content
    assert noisy["ETag"] == canonical["ETag"]
    assert len(queries.captured_queries) == 0


def test_a_write_in_this_process_shows_at_once(production, client, catalogue):
    from projects.models import Project

    before = client.get("/projets/terra-arte/", secure=True)
    Project.objects.filter(slug="terra-arte").update(name="Terra Arte renommée")
    after = client.get("/projets/terra-arte/", secure=True)
    assert "Terra Arte renommée" in after.content.decode() and after["ETag"] != before["ETag"]


def test_another_process_write_shows_after_the_recheck_delay(catalogue, settings):
    from caching.models import CatalogueVersion
    from caching.version import catalogue_version, process_version

    settings.CATALOGUE_VERSION_RECHECK_SECONDS = 0.05
    old = process_version.get()
    CatalogueVersion.objects.filter(id=1).update(token="0" * 32)
    # As if another process had written: this one keeps the value it read, for the delay.
    process_version.version, process_version.read_at = old, time.monotonic()
    assert catalogue_version().token == old.token
    time.sleep(0.06)
    assert catalogue_version().token == "0" * 32


def test_a_write_of_this_process_is_seen_at_once_whatever_the_delay(catalogue, settings):
    from caching.models import CatalogueVersion
    from caching.version import catalogue_version, process_version

    settings.CATALOGUE_VERSION_RECHECK_SECONDS = 3600
    process_version.get()
    CatalogueVersion.objects.filter(id=1).update(token="1" * 32)
    assert catalogue_version().token == "1" * 32
