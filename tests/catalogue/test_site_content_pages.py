"""Site-wide content pages: home figures, glossary and its {% abbr %} tag, about."""

import pytest
from django.db.models import Count
from django.template import Context, Template
from django.template.loader import render_to_string
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
    assert 'href="/en/glossaire/#psla"' in html


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
