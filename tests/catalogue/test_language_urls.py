"""One address per language: French at the root, English under /en/, with hreflang alternates and a
switch that keeps the page; the back-office and the API keep following the visitor's choice."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="(\w+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", ["/", "/projets/", "/territoires/", "/organismes/", "/statistiques/", "/glossaire/"])
def test_every_public_page_exists_in_french_at_the_root_and_in_english_under_en(client, catalogue, path):
    french, english = client.get(path), client.get(f"/en{path}")
    assert french.status_code == english.status_code == 200
    assert (html_lang(french), html_lang(english)) == ("fr", "en")


def test_an_unprefixed_address_is_french_whatever_the_browser_or_cookie_says(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/projets/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "fr"


def test_the_switch_links_to_the_same_page_and_selection_in_the_other_language(client, catalogue):
    french = client.get("/projets/?statut=psla").content.decode()
    english = client.get("/en/projets/?statut=psla").content.decode()
    assert 'href="/en/projets/?statut=psla" hreflang="en" lang="en"' in french
    assert 'href="/projets/?statut=psla" hreflang="fr" lang="fr"' in english
    assert (
        'hreflang="en" lang="en"><span class="language-name">English' not in english
    )  # the current language is not a link


def test_the_switch_keeps_odd_addresses_and_queries_as_they_came(client, catalogue):
    """The other language's address is remembered per path; the query and escaped characters of
    each request are still its own."""
    for query in ("statut=psla", "q=caf%C3%A9&statut=plai", "q=%22a%26b%22"):
        french = client.get(f"/projets/?{query}").content.decode()
        assert f'href="/en/projets/?{query.replace("&", "&amp;")}" hreflang="en"' in french
    missing = client.get("/projets/caf%C3%A9-inconnu/?x=1")
    assert missing.status_code == 404
    # An address no page answers has no other-language page: the switch keeps it as it came.
    assert 'href="/projets/caf%C3%A9-inconnu/?x=1" hreflang="en"' in missing.content.decode()


def test_each_page_declares_its_alternates_from_the_public_origin(client, catalogue, published_project, settings):
    settings.SITE_URL = "https://catalogue.example.org"
    page = client.get(f"/en/projets/{published_project.slug}/").content.decode()
    origin = "https://catalogue.example.org"
    assert f'<link rel="alternate" hreflang="fr" href="{origin}/projets/{published_project.slug}/">' in page
    assert f'<link rel="alternate" hreflang="en" href="{origin}/en/projets/{published_project.slug}/">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{origin}/projets/{published_project.slug}/">' in page


def test_english_pages_say_once_that_source_texts_stay_in_french(client, catalogue, published_project):
    notice = "sources are French documents"
    english = client.get(f"/en/projets/{published_project.slug}/").content.decode()
    assert english.count(notice) == 1
    assert notice not in client.get(f"/projets/{published_project.slug}/").content.decode()


def test_cached_pages_keep_their_language(client, catalogue):
    for _round in range(2):  # the second round is served from the page cache
        assert html_lang(client.get("/projets/")) == "fr"
        assert html_lang(client.get("/en/projets/")) == "en"


def test_the_back_office_and_the_api_have_no_language_prefix_and_follow_the_visitors_choice(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login = client.get("/admin/login/")
    assert login.status_code == 200 and html_lang(login) == "en"
    assert client.get("/en/admin/login/").status_code == 404
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/en/api/v1/").status_code == 404


def test_the_sitemap_lists_every_page_in_both_languages(client, catalogue, published_project):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-projets.xml</loc>" in index and "/sitemap-projets-en.xml</loc>" in index
    french = client.get("/sitemap-projets.xml").content.decode()
    english = client.get("/sitemap-projets-en.xml").content.decode()
    assert f"<loc>http://testserver/projets/{published_project.slug}/</loc>" in french
    assert f"<loc>http://testserver/en/projets/{published_project.slug}/</loc>" in english
    assert french.count("<loc>") == english.count("<loc>")
    assert "http://testserver/en/a-propos/" in client.get("/sitemap-pages-en.xml").content.decode()


def test_robots_keep_crawlers_out_of_the_data_in_both_languages(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /projets/export." in robots and "Disallow: /en/projets/export." in robots
