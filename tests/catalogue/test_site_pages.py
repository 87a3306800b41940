"""Site-wide pages: home figures, glossary, about, the base layout, language switch, error pages."""

import re

import pytest
from django.db.models import Count
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from organisms.models import Organism
from projects.models import Project, Source, TenureCategory, TenureLine
from public.glossary import ENTRIES, get_entry

pytestmark = pytest.mark.django_db


# --- Home ----------------------------------------------------------------------------------


def test_home_figures_equal_the_orm_counts(client):
    response = client.get("/")
    assert response.status_code == 200
    figures = response.context["figures"]
    published = Project.objects.published()

    assert figures["projects"] == published.count() == 19
    assert figures["homes"] == sum(p.total_homes or 0 for p in published)
    assert figures["departments"] == published.exclude(commune=None).values("commune__department").distinct().count()
    assert figures["social_landlords"] == (
        Organism.objects.filter(kind="hlm", roles__project__status="published").distinct().count()
    )
    assert figures["social_landlords"] > 0


def test_home_counts_projects_and_homes_per_tenure_category(client):
    figures = client.get("/").context["figures"]
    by_code = {row["code"]: row for row in figures["categories"]}
    assert list(by_code) == list(TenureCategory.values)
    for category in TenureCategory.values:
        lines = [
            line
            for line in TenureLine.objects.filter(project__status="published").select_related("status")
            if line.effective_category == category
        ]
        assert by_code[category]["projects"] == len({line.project_id for line in lines}), category
        assert by_code[category]["homes"] == sum(line.homes for line in lines), category
    # Seed facts: MasCobado sells 9 homes on the free market; Terra Arte is in social ownership.
    assert by_code["free_market"]["projects"] >= 1


def test_home_shows_the_figures_and_six_latest_case_studies(client):
    response = client.get("/")
    body = response.content.decode()
    latest = response.context["latest_projects"]
    expected = list(Project.objects.published().order_by("-published_at", "name").values_list("slug", flat=True)[:6])
    assert [project.slug for project in latest] == expected
    for project in latest:
        assert project.name in body
        assert project.get_absolute_url() in body
    assert f"<dd>{response.context['figures']['projects']}</dd>" in body
    assert "démarche citoyenne" in body
    for audience in ("Habitants", "Bailleurs sociaux", "Chercheurs"):
        assert audience in body
    assert 'href="/a-propos/#contribuer"' in body and 'href="/admin/"' in body


def test_home_offers_residents_a_search_near_their_town(client):
    near_url = reverse("geo:near")  # a URL name that stops resolving fails the test
    body = client.get("/").content.decode()
    form = body.split(f'action="{near_url}"', 1)[1].split("</form>", 1)[0]
    assert 'name="lieu"' in form and '<label for="home-near">' in form


def test_project_card_shows_developers_and_tenure_badges_when_prefetched():

    project = Project.objects.published().for_cards().get(slug="terra-arte")
    html = render_to_string("includes/project_card.html", {"project": project})
    assert 'class="card project-card"' in html
    assert "Le COL" in html or "COL" in html
    assert '<li class="badge tenure-social_ownership">Accession sociale</li>' in html
    assert "46" in html and "Juin 2016" in html


def test_project_card_is_tolerant_without_prefetch():
    project = Project.objects.published().select_related("commune__department").first()
    html = render_to_string("includes/project_card.html", {"project": project})
    assert project.name in html
    assert "badge tenure-" not in html  # nothing prefetched: no badges, and no extra query


# --- Glossary -------------------------------------------------------------------------------


def test_glossary_lists_every_entry_with_its_anchor(client):
    response = client.get("/glossaire/")
    assert response.status_code == 200
    body = response.content.decode()
    for entry in ENTRIES:
        assert f'id="{entry.anchor}"' in body, entry.key
    anchors = [entry.anchor for entry in ENTRIES]
    assert len(anchors) == len(set(anchors))


@pytest.mark.parametrize(
    "key",
    [
        "PLUS",
        "PLAI",
        "PLAI-ALH",
        "PLS",
        "PSLA",
        "BRS",
        "VEFA",
        "SCIAPP",
        "OPH",
        "ESH",
        "Coop Hlm",
        "Hlm",
        "USH",
        "AMO",
        "AMU",
        "CAL",
        "SCCV",
        "SHAB",
        "SU",
        "SP",
        "QPV",
        "ALUR",
        "RT 2012",
        "PC",
        "ZAC",
        "PLH",
        "SEM",
        "RNCHP",
        "écoquartier",
        "autopromotion",
        "coopérative d'habitants",
        "habitat participatif",
        "maîtrise d'ouvrage",
        "maîtrise d'usage",
        "parcours résidentiel",
        "location-accession",
        "accession sociale",
        "HT",
        "TTC",
    ],
)
def test_glossary_defines_every_term_the_site_uses(key):
    entry = get_entry(key)
    assert entry is not None, key
    assert str(entry.definition).strip()


def test_glossary_is_alphabetical_with_a_letter_index(client):
    response = client.get("/glossaire/")
    body = response.content.decode()
    letters = [letter for letter, _entries in response.context["letters"]]
    assert letters == sorted(letters)
    for letter in letters:
        assert f'href="#lettre-{letter.lower()}"' in body
        assert f'id="lettre-{letter.lower()}"' in body
    terms = [entry.sort_key for _letter, entries in response.context["letters"] for entry in entries]
    assert terms == sorted(terms)


def test_glossary_gives_the_legal_definition_of_habitat_participatif(client):
    body = client.get("/glossaire/").content.decode()
    assert "démarche citoyenne qui permet à des personnes physiques de s&#x27;associer" in body


# --- {% abbr %} -----------------------------------------------------------------------------


def render(source, **context):
    return Template("{% load catalogue_tags %}" + source).render(Context(context))


def test_abbr_links_to_the_glossary_with_the_expansion_as_title():
    with translation.override("fr"):
        html = render('{% abbr "PSLA" %}')
    assert html == (
        '<a href="/glossaire/#psla" class="abbr-link"><abbr title="Prêt social location-accession">PSLA</abbr></a>'
    )


def test_abbr_accepts_a_variable_and_any_case():
    with translation.override("fr"):
        html = render("{% abbr value %}", value="Coop Hlm")
        assert 'href="/glossaire/#coop-hlm"' in html and 'title="Société coopérative d&#x27;Hlm"' in html
        assert 'href="/glossaire/#psla"' in render("{% abbr value %}", value="psla")


def test_abbr_of_an_unknown_key_is_plain_escaped_text():
    assert render("{% abbr value %}", value="<b>XYZ</b>") == "&lt;b&gt;XYZ&lt;/b&gt;"
    assert render('{% abbr "<i>" %}') == "&lt;i&gt;"
    assert render("{% abbr value %}", value=None) == ""


def test_abbr_of_a_word_links_without_abbr_element():
    html = render('{% abbr "écoquartier" %}')
    assert html == '<a href="/glossaire/#ecoquartier" class="abbr-link glossary-link">écoquartier</a>'


def test_abbr_is_translated():
    with translation.override("en"):
        html = render('{% abbr "PSLA" %}')
    assert 'href="/glossaire/#psla"' in html


# --- About ----------------------------------------------------------------------------------


def test_about_lists_the_five_sources(client):
    response = client.get("/a-propos/")
    assert response.status_code == 200
    body = response.content.decode()
    sources = Source.objects.all()
    assert sources.count() == 5
    for source in sources:
        title = source.title.replace("'", "&#x27;")
        assert title in body, source.slug
    assert "Licence Ouverte" in body
    assert "decoupage-administratif" in body
    for anchor in ("sources", "methode", "geographie", "licence", "contribuer"):
        assert f'id="{anchor}"' in body


def test_about_counts_published_projects_citing_each_source(client):
    response = client.get("/a-propos/")
    counts = {source.slug: source.project_count for source in response.context["sources"]}
    expected = dict(Source.objects.annotate(n=Count("citations__project", distinct=True)).values_list("slug", "n"))
    published_only = {
        slug: Project.objects.published().filter(citations__source__slug=slug).distinct().count() for slug in expected
    }
    assert counts == published_only


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
    assert 'action="/i18n/setlang/"' in body


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


def test_switching_to_english_changes_the_page_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert '<option value="en" lang="en" selected>' in body
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_language_switch_needs_no_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/a-propos/"})
    assert response.status_code == 302 and response["Location"] == "/a-propos/"
    assert '<html lang="en">' in strict.get("/a-propos/").content.decode()


def test_language_switcher_works_without_javascript(client):
    body = client.get("/a-propos/").content.decode()
    form = body.split('class="language-switcher"', 1)[1].split("</form>", 1)[0]
    assert 'method="post"' in form
    # No per-visitor token: public pages are cached whole (caching/middleware.py).
    assert 'name="csrfmiddlewaretoken"' not in form
    assert 'name="next" value="/a-propos/"' in form
    assert '<label for="language-select">' in form
    assert 'type="submit"' in form


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
    from public.templatetags.catalogue_tags import primary_navigation

    map_url = reverse("geo:map")  # a URL name that stops resolving fails the test
    items = primary_navigation({"request": rf.get(map_url)})
    current = [item["url"] for item in items if item["current"]]
    assert current == [map_url]
    items = primary_navigation({"request": rf.get("/")})
    assert not any(item["current"] for item in items)


def test_english_translation_is_complete_and_compiled():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "check_translations.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
