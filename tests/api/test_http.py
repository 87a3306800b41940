"""HTTP behaviour shared by every API response: caching, conditional GET, CORS, JSON only."""

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/",
    "/api/v1/projets/",
    "/api/v1/projets/?statut=psla",
    "/api/v1/projets/terra-arte/",
    "/api/v1/organismes/",
    "/api/v1/organismes/le-col/",
    "/api/v1/statuts/",
    "/api/v1/statuts/psla/",
    "/api/v1/territoires/regions/",
    "/api/v1/territoires/regions/75/",
    "/api/v1/territoires/departements/",
    "/api/v1/territoires/departements/2A/",
    "/api/schema/",
    "/api/schema/?format=json",
]


@pytest.mark.parametrize("url", URLS)
def test_public_cache_headers_and_strong_etag(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", URLS)
def test_if_none_match_gives_304_without_body(client, catalogue, url):
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=300" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_when_the_data_changes(client, catalogue):
    url = "/api/v1/projets/terra-arte/"
    etag = client.get(url)["ETag"]
    assert client.get(url)["ETag"] == etag  # stable
    Project.objects.filter(slug="terra-arte").update(summary="Résumé corrigé.")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["summary"] == "Résumé corrigé."


def test_head_is_answered_like_get(client, catalogue):
    get = client.get("/api/v1/projets/")
    head = client.head("/api/v1/projets/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    assert client.head("/api/v1/projets/", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_errors_are_not_publicly_cached(client, catalogue):
    for url in ("/api/v1/projets/?statut=nope", "/api/v1/projets/inconnu/", "/api/v1/projets/?page=50"):
        response = client.get(url)
        assert response.status_code in (400, 404)
        assert "public" not in response.get("Cache-Control", "")
        assert "ETag" not in response


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*", "application/json", ""])
def test_always_json(client, catalogue, accept):
    response = client.get("/api/v1/projets/terra-arte/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Set-Cookie" not in response and not response.cookies
    assert response.json()["slug"] == "terra-arte"


def test_errors_follow_the_language(client, catalogue):
    english = client.get("/api/v1/projets/?annee_min=abc", HTTP_ACCEPT_LANGUAGE="en").json()
    french = client.get("/api/v1/projets/?annee_min=abc", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert english["errors"]["annee_min"] != french["errors"]["annee_min"]


def test_addresses_without_final_slash_are_redirected(client, catalogue):
    response = client.get("/api/v1/projets")
    assert response.status_code == 301 and response["Location"] == "/api/v1/projets/"


@pytest.mark.parametrize(
    "path",
    [
        # A département code with a line feed: no API route matches it, Django's resolver answers.
        "/api/v1/territoires/departements/%26%C3%8F%0A%C2%AC/",
        "/api/v1/nulle-part/",
    ],
)
def test_addresses_under_the_api_that_no_view_answers_give_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]["detail"]
