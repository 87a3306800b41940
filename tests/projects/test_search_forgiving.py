"""Search that forgives, from indexes, with the same results on SQLite (FTS5) and PostgreSQL
(stored tsvector): prefixes, ranking by name then places then text, misspellings corrected with
« Vouliez-vous dire … ? », and the place a search names offered first."""

import pytest
from django.db import connection
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.models import Project
from projects.search import CORRECTED

pytestmark = pytest.mark.django_db


def filterset(text, **filters):
    data = QueryDict(mutable=True)
    data["q"] = text
    for name, value in filters.items():
        data[name] = value
    return ProjectFilter(data, queryset=Project.objects.published())


def found(text, **filters):
    return list(filterset(text, **filters).qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("vileurbanne", "le-village-vertical"),
        ("villeurbane", "le-village-vertical"),
        ("bordaux", "locus-solus"),
        ("lile", "les-voisins-du-quai"),
    ],
)
def test_misspelt_communes_find_their_projects(typed, expected):
    assert found(typed) == [expected]


@pytest.mark.parametrize("typed, shown", [("vileurbanne", "Villeurbanne"), ("bordaux", "Bordeaux")])
def test_a_corrected_spelling_is_offered_as_did_you_mean(client, typed, shown):
    plan = filterset(typed).search_plan
    assert plan.mode == CORRECTED and plan.suggestion == shown
    page = client.get("/projets/", {"q": typed}).content.decode()
    assert "Vouliez-vous dire" in page
    assert f'?q={shown}">« {shown} »</a>' in page


def test_terra_arte_ranks_above_projects_that_only_contain_arte_inside_a_word():
    results = found("terra arte")
    assert results[0] == "terra-arte"
    assert "les-voisins-du-quai" not in results


def test_words_match_as_prefixes():
    assert "le-village-vertical" in found("villeur")
    assert "casalma" in found("coopérat")


def test_a_name_ranks_above_a_commune_and_a_commune_above_the_text():
    # "Lille" is the commune of Les Voisins du Quai, and only in the text of others, if any.
    assert found("lille")[0] == "les-voisins-du-quai"


def test_search_combines_with_other_filters():
    assert found("psla", region="hauts-de-france") == ["les-voisins-du-quai"]
    assert found("lille", region="nouvelle-aquitaine") == []


def test_nothing_found_says_so_without_a_suggestion(client):
    assert found("zzqxw") == []
    response = client.get("/projets/", {"q": "zzqxw"})
    assert response.status_code == 200
    assert "Vouliez-vous dire" not in response.content.decode()


@pytest.mark.parametrize("text", ['arte" OR *', "NEAR(terra arte)", "terra -arte", "'; DROP TABLE x; --", "a:* & !b"])
def test_search_syntax_in_the_query_is_plain_text(client, text):
    assert client.get("/projets/", {"q": text}).status_code == 200


@pytest.mark.parametrize(
    "text, url",
    [
        ("Puy-de-Dôme", "/territoires/departements/puy-de-dome/"),
        ("puy de dome", "/territoires/departements/puy-de-dome/"),
        ("Nouvelle-Aquitaine", "/territoires/regions/nouvelle-aquitaine/"),
    ],
)
def test_a_search_naming_a_territory_offers_its_page_first(client, text, url):
    page = client.get("/projets/", {"q": text}).content.decode()
    assert f'href="{url}"' in page
    assert page.index(f'href="{url}"') < page.index('id="results-heading"')


def test_an_english_search_naming_a_territory_offers_its_english_page_whichever_language_asked_first(client):
    client.get("/projets/", {"q": "Gironde"})  # the territories' names, cached in French
    page = client.get("/en/projets/", {"q": "Gironde"}).content.decode()
    assert 'href="/en/territoires/departements/gironde/"' in page
    assert 'href="/territoires/departements/gironde/"' in client.get("/projets/", {"q": "gironde"}).content.decode()


def test_a_search_naming_a_commune_or_postcode_offers_projects_near_it_first(client):
    page = client.get("/projets/", {"q": "Clermont-Ferrand"}).content.decode()
    assert "Projets près de Clermont-Ferrand" in page
    assert page.index("Projets près de Clermont-Ferrand") < page.index('id="results-heading"')
    assert "Projets près de Villeurbanne" in client.get("/projets/", {"q": "69100"}).content.decode()


def test_the_home_search_for_a_departement_leads_to_its_page(client):
    home = client.get("/").content.decode()
    assert 'name="q"' in home
    page = client.get("/projets/", {"q": "Puy-de-Dôme"}).content.decode()
    assert 'href="/territoires/departements/puy-de-dome/"' in page


def test_the_index_follows_renames_and_deletions(django_capture_on_commit_callbacks):
    project = Project.objects.get(slug="casalma")
    pk = project.pk
    with django_capture_on_commit_callbacks(execute=True):
        project.name = "Zéphyrine Habitat"
        project.save()
    assert found("zephyrine") == ["casalma"]
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert found("zephyrine") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM projects_project_fts WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


def test_a_correction_is_worked_out_once_per_catalogue_version(monkeypatch):
    """The nearest word is searched once per misspelling and catalogue version: the next search
    reads it back; a catalogue change works it out again (a new project may spell the word)."""
    from projects.search import suggest

    searched = []
    nearest_word = suggest.nearest_word
    monkeypatch.setattr(suggest, "nearest_word", lambda *args: searched.append(args[0]) or nearest_word(*args))
    first = found("vileurbanne")
    assert found("vileurbanne") == first
    assert searched == ["vileurbanne"]
    project = Project.objects.published().first()
    project.save()  # any write to the catalogue makes a new version
    assert found("vileurbanne") == first
    assert searched == ["vileurbanne", "vileurbanne"]
