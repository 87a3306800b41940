"""The whole-response cache and conditional GET of public pages (caching/middleware.py):
fast answers that never show a draft, a stale page after (un)publication, the wrong language,
nor an editor's page to the public."""

import pytest
from django.test import Client

from caching.version import process_version, read_version
from projects.models import Project

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/projets/",
    "/projets/?statut=psla",
    "/projets/terra-arte/",
    "/organismes/le-col/",
    "/territoires/carte/",
    "/statistiques/",
    "/api/v1/projets/",
    "/api/v1/projets/terra-arte/",
    "/projets/flux.atom",
    "/sitemap-projets.xml",
]


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser(username="moderatrice", email="m@example.org")


@pytest.mark.parametrize("url", PAGES)
def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client, catalogue, url, django_assert_num_queries, settings
):
    settings.CATALOGUE_VERSION_RECHECK_SECONDS = 60  # a slow first visit must not make it flaky
    first = client.get(url)
    assert first.status_code == 200
    # The catalogue version is the process's, read less than a second ago (caching/version.py).
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", PAGES)
def test_if_none_match_gives_a_304_and_a_change_a_new_page(client, catalogue, url):
    response = client.get(url)
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    Project.objects.filter(slug="terra-arte").update(status="draft")  # changes every page listed
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code in (200, 404)


def test_a_revalidation_needs_only_the_validators_not_the_page(client, catalogue):
    from django.conf import settings
    from django.core.cache import caches

    response = client.get("/projets/")
    cache = caches[settings.PAGE_CACHE_ALIAS]
    page_keys = [key for key in cache._cache if key.endswith(":validators")]
    assert page_keys, "the validators are cached beside the page"
    for key in page_keys:
        cache._cache.pop(key.removesuffix(":validators"), None)  # the page itself is gone (evicted)
    not_modified = client.get("/projets/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == response["ETag"]
    assert not_modified["Cache-Control"] == response["Cache-Control"]


def test_if_modified_since_gives_a_304(client, catalogue):
    response = client.get("/projets/")
    assert client.get("/projets/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_exports_answer_304_without_running_again(client, catalogue, django_assert_num_queries):
    response = client.get("/projets/export.csv?statut=psla")
    b"".join(response.streaming_content)
    etag = response["ETag"]
    assert etag.startswith('W/"')
    with django_assert_num_queries(1):  # the catalogue version, read again in a process that has not lately
        process_version.forget()
        assert client.get("/projets/export.csv?statut=psla", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publication_shows_at_once_and_unpublication_hides_at_once(client, catalogue, moderator):
    from projects.workflow import apply_transition

    project = Project.objects.get(slug="terra-arte")
    pages = ["/projets/", "/projets/?q=terra", "/api/v1/projets/?page_size=200", "/sitemap-projets.xml"]
    for url in pages:
        assert b"terra-arte" in client.get(url).content, url
    apply_transition(project, "unpublish", moderator)
    for url in pages:
        assert b"terra-arte" not in client.get(url).content, url
    assert client.get("/projets/terra-arte/").status_code == 404
    project.refresh_from_db()
    apply_transition(project, "publish", moderator)
    assert client.get("/projets/terra-arte/").status_code == 200
    for url in pages:
        assert b"terra-arte" in client.get(url).content, url


def test_an_admin_save_shows_at_once(catalogue, moderator):
    from django.urls import reverse

    visitor = Client()
    assert "Nom changé" not in visitor.get("/projets/terra-arte/").content.decode()
    project = Project.objects.get(slug="terra-arte")
    before = read_version()
    project.name = "Nom changé"
    project.save()
    assert read_version() != before
    assert "Nom changé" in visitor.get("/projets/terra-arte/").content.decode()
    assert reverse("admin:index")


def test_languages_are_cached_apart(catalogue):
    french, english = Client(), Client()
    assert '<html lang="fr">' in french.get("/projets/").content.decode()
    assert '<html lang="en">' in english.get("/en/projets/").content.decode()
    assert '<html lang="fr">' in french.get("/projets/").content.decode()
    by_header = Client(HTTP_ACCEPT_LANGUAGE="en")  # an address has one language, whatever the browser asks
    assert '<html lang="fr">' in by_header.get("/projets/").content.decode()
    assert french.get("/projets/")["ETag"] != english.get("/en/projets/")["ETag"]


def test_editors_bypass_the_cache(client, catalogue, moderator, django_assert_max_num_queries):
    client.get("/projets/")
    client.force_login(moderator)
    response = client.get("/projets/")
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    visitor = Client()
    visitor.get("/projets/")
    with django_assert_max_num_queries(1):
        assert "private" not in visitor.get("/projets/").get("Cache-Control", "")


def test_errors_and_drafts_are_never_cached(client, catalogue):
    Project.objects.filter(slug="terra-arte").update(status="draft")
    assert client.get("/projets/terra-arte/").status_code == 404
    assert "ETag" not in client.get("/projets/terra-arte/")
    Project.objects.filter(slug="terra-arte").update(status="published")
    assert client.get("/projets/terra-arte/").status_code == 200


def test_pages_set_no_cookie(client, catalogue):
    for url in PAGES:
        response = client.get(url)
        assert not response.cookies, url


def test_an_address_with_junk_parameters_is_resolved_once_not_on_every_request(client, catalogue):
    """Making the query canonical needs the view's parameters; walking the URL patterns for them
    cost most of a cache hit, so each address is resolved once per process and language."""
    from caching.middleware import _parameters_of_address

    _parameters_of_address.cache_clear()
    pages = [client.get(f"/projets/?utm_source=news{n}&statut=psla") for n in range(5)]
    english = client.get("/en/projets/?utm_source=news&statut=psla")

    assert {page.status_code for page in pages} == {english.status_code} == {200}
    assert len({page.content for page in pages}) == 1
    assert _parameters_of_address.cache_info().misses == 2  # /projets/ in French, then in English
    assert _parameters_of_address.cache_info().hits == 4
