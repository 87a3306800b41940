"""The site's frame: base layout, navigation, language switch, pagination, error pages, translation."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from projects.models import Project

ENGLISH_LINK = '<span class="language-name">English</span><span class="language-code" aria-hidden="true">EN</span>'
FRENCH_LINK = '<span class="language-name">Français</span><span class="language-code" aria-hidden="true">FR</span>'

pytestmark = pytest.mark.django_db


# --- Base layout ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/glossaire/", "/a-propos/"])
def test_base_layout_is_accessible_and_shareable(client, url):
    body = client.get(url).content.decode()
    assert '<html lang="fr">' in body
    # The skip link is the first focusable element of the body.
    after_body = body.split("<body>", 1)[1]
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", after_body).group(0)
    assert 'href="#contenu"' in first_focusable and "skip-link" in first_focusable
    assert 'id="contenu"' in body and "<main" in body
    assert re.search(r'<meta name="description" content="[^"]{20,}">', body)
    for prop in ("og:title", "og:description", "og:type", "og:url", "og:image"):
        assert f'property="{prop}"' in body, prop
    assert re.search(r'<meta property="og:image" content="http://testserver/static/img/og-default\.png">', body)
    assert re.search(r'<meta property="og:url" content="http://testserver' + re.escape(url) + '">', body)
    assert 'rel="canonical"' in body
    assert "Habitat participatif &amp; logement social</title>" in body
    assert "Données sous Licence Ouverte 2.0" in body
    assert 'href="/admin/"' in body and "Espace éditeurs" in body
    english = "/en" + url
    assert f'<a href="{english}" hreflang="en" lang="en">{ENGLISH_LINK}</a>' in body


def test_title_follows_the_page_then_site_format(client):
    body = client.get("/glossaire/").content.decode()
    assert "<title>Glossaire — Habitat participatif &amp; logement social</title>" in body
    assert '<meta property="og:title" content="Glossaire">' in body


def test_navigation_marks_the_current_section_and_skips_missing_urls(client):
    body = client.get("/glossaire/").content.decode()
    nav = body.split('class="primary-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<a href="/glossaire/" aria-current="page">', nav)
    assert nav.count('aria-current="page"') == 1
    assert 'href="/projets/"' in nav and 'href="/a-propos/"' in nav
    assert "Statistiques" not in nav or reverse("stats:index") in nav


def test_navigation_marks_projects_on_a_project_page(client):
    project = Project.objects.published().first()
    body = client.get(project.get_absolute_url()).content.decode()
    nav = body.split('class="primary-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/projets/" aria-current="page">' in nav


def test_static_files_referenced_by_the_layout_exist():
    from django.contrib.staticfiles import finders

    for path in ("css/site.css", "css/print.css", "img/favicon.svg", "img/og-default.png"):
        assert finders.find(path), path


def test_og_image_is_1200_by_630():
    from django.contrib.staticfiles import finders
    from PIL import Image

    with Image.open(finders.find("img/og-default.png")) as image:
        assert image.size == (1200, 630)


# --- Language -------------------------------------------------------------------------------


def test_switching_to_english_is_a_link_to_the_same_page_in_english(client):
    french = client.get("/a-propos/").content.decode()
    # Named in full (« English »); phones show only « EN », the name stays for screen readers.
    assert f'<a href="/en/a-propos/" hreflang="en" lang="en">{ENGLISH_LINK}</a>' in french
    english = client.get("/en/a-propos/").content.decode()
    assert '<html lang="en">' in english
    assert f'<a href="/a-propos/" hreflang="fr" lang="fr">{FRENCH_LINK}</a>' in english


def test_the_back_office_language_choice_needs_no_csrf_token_and_lands_on_the_page_in_that_language():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/a-propos/"})
    assert response.status_code == 302 and response["Location"] == "/en/a-propos/"
    assert '<html lang="en"' in strict.get("/admin/login/").content.decode()


def test_language_switcher_works_without_javascript(client):
    body = client.get("/a-propos/").content.decode()
    switcher = body.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert "<form" not in switcher and "<script" not in switcher  # plain links: cacheable, no token
    assert 'href="/en/a-propos/"' in switcher


# --- Pagination include -----------------------------------------------------------------------


def test_pagination_keeps_the_other_query_parameters(rf):
    from django.core.paginator import Paginator

    request = rf.get("/projets/", {"statut": ["psla", "plus"], "page": "2"})
    page = Paginator(range(100), 10).page(2)
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    assert "statut=psla&amp;statut=plus&amp;page=3" in html
    assert 'href="?statut=psla&amp;statut=plus"' in html  # page 1 drops the page parameter
    assert 'aria-current="page"' in html and 'rel="next"' in html and 'rel="prev"' in html


def test_pagination_is_empty_for_a_single_page(rf):
    from django.core.paginator import Paginator

    page = Paginator(range(5), 10).page(1)
    assert render_to_string("includes/pagination.html", {"page_obj": page}, request=rf.get("/")).strip() == ""


# --- Error pages ----------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_404_page_renders_with_status_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body
    assert 'href="#contenu"' in body


@override_settings(DEBUG=False)
def test_unpublished_project_gives_the_site_404(client):
    project = Project.objects.published().first()
    Project.objects.filter(pk=project.pk).update(status="draft")
    response = client.get(project.get_absolute_url())
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_500_page_needs_no_context_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Une erreur est survenue" in html
    assert '<html lang="' in html
    assert "{%" not in html


def test_breadcrumbs_include_renders_a_trail():
    trail = [("Projets", "/projets/"), ("La Ruche", None)]
    html = render_to_string("includes/breadcrumbs.html", {"breadcrumbs": trail})
    assert '<a href="/">Accueil</a>' in html
    assert '<a href="/projets/">Projets</a>' in html
    assert '<li aria-current="page">La Ruche</li>' in html
    assert render_to_string("includes/breadcrumbs.html", {}).strip() == ""


def test_navigation_marks_only_the_longest_matching_section(rf):
    from public.templatetags.catalogue_tags import navigation_section, primary_navigation

    map_url = reverse("geo:map")  # a URL name that stops resolving fails the test
    items = primary_navigation(navigation_section({"request": rf.get(map_url)}))
    current = [item["url"] for item in items if item["current"]]
    assert current == [map_url]
    items = primary_navigation(navigation_section({"request": rf.get("/")}))
    assert not any(item["current"] for item in items)


def test_english_translation_is_complete_and_compiled():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "check_translations.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
