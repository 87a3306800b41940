"""The list's chips (one removable value each) and its selection summary (projects, homes,
homes per tenure category), and the links that carry the same filters elsewhere."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.filters.selection import filter_chips, selection_figures
from projects.models import Project, TenureLine

pytestmark = pytest.mark.django_db


def chips_for(query):
    return filter_chips(ProjectFilter(QueryDict(query), queryset=Project.objects.published()))


def test_each_value_of_a_multiple_filter_is_a_chip_that_removes_only_itself(catalogue):
    chips = chips_for("region=occitanie&statut=psla&statut=sciapp&tri=-logements&page=2")
    removals = {chip["value_label"]: dict(chip["query"].lists()) for chip in chips}
    assert set(removals) == {"Occitanie", "PSLA", "SCIAPP"}
    assert removals["PSLA"] == {"region": ["occitanie"], "statut": ["sciapp"], "tri": ["-logements"]}
    assert removals["SCIAPP"] == {"region": ["occitanie"], "statut": ["psla"], "tri": ["-logements"]}
    assert removals["Occitanie"] == {"statut": ["psla", "sciapp"], "tri": ["-logements"]}  # page dropped


def test_search_years_and_choices_are_chips_too_and_invalid_values_are_not(catalogue):
    chips = chips_for("q=bordeaux&annee_min=2015&famille=autopromotion&statut=nope")
    assert {(chip["name"], chip["value_label"]) for chip in chips} == {
        ("q", "bordeaux"),
        ("annee_min", "2015"),
        ("famille", "Autopromotion"),
    }


def test_selection_figures_add_up_the_selected_projects_homes(catalogue, django_assert_max_num_queries):
    filterset = ProjectFilter(QueryDict("region=nouvelle-aquitaine"), queryset=Project.objects.published())
    selected = filterset.qs
    figures = selection_figures(filterset)
    assert figures["projects"] == selected.count() == 3
    assert figures["homes"] == selected.aggregate(n=Sum("total_homes"))["n"]
    assert figures["homes_unknown"] == selected.filter(total_homes=None).count()
    lines = TenureLine.objects.filter(project__in=selected)
    assert sum(category["homes"] for category in figures["categories"]) == lines.aggregate(n=Sum("homes"))["n"]
    with django_assert_max_num_queries(1):  # cached per catalogue version and filters (catalogue version read)
        assert selection_figures(filterset) == figures


def test_list_page_shows_chips_summary_and_links_that_keep_the_filters(client, catalogue):
    body = client.get("/projets/", {"region": "nouvelle-aquitaine", "statut": "psla"}).content.decode()
    assert 'class="chip"' in body and "Tout effacer" in body
    assert 'href="/statistiques/?region=nouvelle-aquitaine&amp;statut=psla"' in body
    assert 'href="/territoires/carte/?region=nouvelle-aquitaine&amp;statut=psla"' in body
    assert 'href="/projets/export.csv?region=nouvelle-aquitaine&amp;statut=psla"' in body
    assert '<meta name="robots" content="noindex, follow">' in body
    assert 'Filtres <span class="filters-toggle-count">(2' in body


def test_list_without_filters_is_indexable_with_its_canonical_address_from_site_url(client, catalogue, settings):
    settings.SITE_URL = "https://habitat.example.org"
    body = client.get("/projets/").content.decode()
    assert '<link rel="canonical" href="https://habitat.example.org/projets/">' in body
    assert 'name="robots"' not in body


def test_chip_links_point_to_the_same_page(client, catalogue):
    body = client.get("/statistiques/", {"statut": ["psla", "sciapp"]}).content.decode()
    links = [part.split('"')[0] for part in body.split('class="chip" href="')[1:]]
    assert {tuple(parse_qs(urlsplit(link.replace("&amp;", "&")).query)["statut"]) for link in links} == {
        ("psla",),
        ("sciapp",),
    }
    assert all(link.startswith("/statistiques/?") for link in links)


def test_selection_summary_names_tenure_categories_in_the_page_language_whoever_came_first(client, catalogue):
    query = {"region": "nouvelle-aquitaine"}
    french = client.get("/projets/", query).content.decode()  # computes and caches the figures
    english = client.get("/en/projets/", query).content.decode()  # reads them from the cache
    assert '<li class="badge cat-social_rental">Locatif social : ' in french
    assert '<li class="badge cat-social_rental">Social rental : ' in english
    assert "Locatif social :" not in english.split('class="badges selection-categories"')[1].split("</ul>")[0]
