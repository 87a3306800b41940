"""Security headers on every kind of response, with the production settings (SECURITY.md).

Each response type a visitor, a researcher or an editor can get (page, static file, uploaded
photo, API, admin, exports, feed, error pages, redirects) carries HSTS, a Content-Security-Policy
without inline scripts and with ``frame-ancestors 'none'``, nosniff, a private Referrer-Policy,
a Permissions-Policy, Cross-Origin-Opener-Policy, and its request id.
"""

import io
import re

import pytest
from PIL import Image

SIX_MONTHS = 15_768_000

RESPONSE_TYPES = {
    "html page": ("/", 200),
    "project page": ("/projets/terra-arte/", 200),
    "static file (WhiteNoise)": ("/static/css/site.css", 200),
    "API JSON": ("/api/v1/projets/", 200),
    "API 404 JSON": ("/api/v1/nulle-part/", 404),
    "API documentation": ("/api/docs/", 200),
    "API documentation (ReDoc)": ("/api/redoc/", 200),
    "admin login": ("/admin/login/", 200),
    "admin redirect to login": ("/admin/", 302),
    "CSV export": ("/projets/export.csv", 200),
    "JSON export": ("/projets/export.json", 200),
    "statistics CSV": ("/statistiques/regions.csv", 200),
    "Atom feed": ("/projets/flux.atom", 200),
    "sitemap": ("/sitemap.xml", 200),
    "404 page": ("/cette-page-n-existe-pas/", 404),
    "redirect": ("/carte/", 302),
    "invalid filter 400": ("/projets/export.csv?annee_min=abc", 400),
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_secure_headers(response, https=True):
    headers = response.headers
    if https:
        hsts = headers["Strict-Transport-Security"]
        assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= SIX_MONTHS
        assert "includeSubDomains" in hsts
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'none'"]
    script_sources = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
    assert not any(source in ("*", "http:", "https:", "data:") for source in script_sources)
    assert "object-src" not in csp or csp["object-src"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


@pytest.mark.parametrize("kind", RESPONSE_TYPES)
def test_every_response_type_carries_the_security_headers(kind, production, client, catalogue):
    path, status = RESPONSE_TYPES[kind]
    response = client.get(path, secure=True)
    assert response.status_code == status, kind
    assert_secure_headers(response)


def test_html_pages_allow_no_inline_style_either(production, client, catalogue):
    csp = csp_directives(client.get("/", secure=True).headers["Content-Security-Policy"])
    assert csp["style-src"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert "upgrade-insecure-requests" in csp


def test_uploaded_photo_keeps_its_sandbox_policy_and_gets_the_headers(production, client, media_root):
    photo = media_root / "photos" / "1" / "abc.webp"
    photo.parent.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "WEBP")
    photo.write_bytes(buffer.getvalue())
    response = client.get("/media/photos/1/abc.webp", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert_secure_headers(response)
    assert "sandbox" in csp_directives(response["Content-Security-Policy"])
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_on_the_same_host(production, client, catalogue):
    response = client.get("/projets/?q=lyon")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/projets/?q=lyon"
    assert_secure_headers(response, https=False)
    assert "Strict-Transport-Security" not in response  # only ever sent over HTTPS


def test_forged_host_gets_the_400_page_with_the_headers(production, client):
    response = client.get("/", secure=True, HTTP_HOST="attaquant.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()
    assert_secure_headers(response)


def test_admin_session_and_csrf_cookies_are_secure_httponly_and_samesite(production, client, django_user_model):
    django_user_model.objects.create_superuser("cookies", "cookies@example.org", "un-mot-de-passe-solide-42")
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    response = client.post(
        "/admin/login/",
        {"username": "cookies", "password": "un-mot-de-passe-solide-42", "csrfmiddlewaretoken": csrf.value},
        secure=True,
        HTTP_REFERER="https://testserver/admin/login/",
    )
    assert response.status_code == 302
    assert_secure_headers(response)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name] if name in response.cookies else login_page.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_language_cookie_is_secure_httponly_and_samesite(production, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert_secure_headers(response)


# --- MDN HTTP Observatory score (SECURITY.md) --------------------------------------------------

GRADES = ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"), (0, "F"))


def observatory_modifiers(home, plain_http):
    """The Observatory's modifiers for the tests this site can influence (its scoring table)."""
    headers = home.headers
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src", []))
    modifiers = {}
    if not csp:
        modifiers["csp"] = -25
    elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        modifiers["csp"] = -20
    else:
        modifiers["csp"] = 10 if csp.get("default-src") == ["'none'"] else 5
    cookies = list(home.cookies.values())
    modifiers["cookies"] = 0  # cookies-not-found
    if cookies:
        secure = all(cookie["secure"] for cookie in cookies)
        httponly = all(cookie["httponly"] for cookie in cookies)
        samesite = all(cookie["samesite"] in ("Lax", "Strict") for cookie in cookies)
        modifiers["cookies"] = 5 if secure and httponly and samesite else (0 if secure and httponly else -40)
    referrer = headers.get("Referrer-Policy", "")
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    modifiers["referrer"] = 5 if referrer in private else (0 if not referrer else -5)
    max_age = int(re.search(r"max-age=(\d+)", headers.get("Strict-Transport-Security", "max-age=0")).group(1))
    modifiers["hsts"] = 0 if max_age >= SIX_MONTHS else (-10 if max_age else -20)
    modifiers["nosniff"] = 0 if headers.get("X-Content-Type-Options") == "nosniff" else -5
    modifiers["x-frame-options"] = 5 if csp.get("frame-ancestors") in (["'none'"], ["'self'"]) else 0
    redirected = plain_http.status_code in (301, 302, 307, 308) and plain_http["Location"].startswith(
        "https://testserver/"
    )
    modifiers["redirection"] = 0 if redirected else -20
    modifiers["cors"] = -50 if headers.get("Access-Control-Allow-Origin") == "*" else 0
    return modifiers


def test_observatory_score_of_the_home_page(production, client, catalogue):
    modifiers = observatory_modifiers(client.get("/", secure=True), client.get("/"))
    score = 100 + sum(value for value in modifiers.values() if value < 0)
    if score >= 90:
        score += sum(value for value in modifiers.values() if value > 0)
    grade = next(grade for floor, grade in GRADES if score >= floor)
    assert modifiers == {
        "csp": 10,
        "cookies": 0,
        "referrer": 5,
        "hsts": 0,
        "nosniff": 0,
        "x-frame-options": 5,
        "redirection": 0,
        "cors": 0,
    }
    assert (score, grade) == (120, "A+")


def test_server_error_page_carries_the_headers(production, client, db):
    production.ROOT_URLCONF = "tests.security.urls"
    client.raise_request_exception = False
    response = client.get("/test-erreur-500/", secure=True)
    assert response.status_code == 500
    assert_secure_headers(response)
