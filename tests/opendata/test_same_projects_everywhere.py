"""Done means: for each filter combination, the CSV, JSON and GeoJSON exports, every page of the
API and every page of the HTML list contain exactly the same projects (on SQLite and PostgreSQL)."""

import pytest
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.models import Project

from .helpers import api_slugs, csv_slugs, geojson_slugs, html_slugs, json_slugs

pytestmark = pytest.mark.django_db

SEED_QUERIES = [
    "",
    "statut=psla",
    "statut=plus&statut=plai",
    "categorie=social_ownership",
    "categorie=social_rental&famille_hlm=ESH",
    "region=occitanie",
    "region=nouvelle-aquitaine&statut=psla",
    "departement=33&departement=69",
    "famille_hlm=COOP",
    "famille_hlm=OPH&famille_hlm=ESH",
    "organisme=le-col",
    "annee_min=2015&annee_max=2018",
    "annee_min=2019",
    "logements_min=20&tri=-livraison",
    "mode=solicitation",
    "phase=delivered&tri=logements",
    "q=begles",
    "q=coop",
    "q=lyon&statut=plus",
    "statut=psla&region=corse",  # nothing matches
]


def expected(query):
    return list(ProjectFilter(QueryDict(query), queryset=Project.objects.published()).qs.values_list("slug", flat=True))


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_exports_api_and_list_contain_exactly_the_same_projects(client, catalogue, query):
    wanted = expected(query)
    assert len(wanted) == len(set(wanted))
    surfaces = {
        "csv": csv_slugs(client, query),
        "json": json_slugs(client, query),
        "geojson": geojson_slugs(client, query),
        "api": api_slugs(client, query),
        "html": html_slugs(client, query),
    }
    for name, slugs in surfaces.items():
        assert len(slugs) == len(set(slugs)), f"{name} lists a project twice"
        assert set(slugs) == set(wanted), name
    # The exports keep the list's order (its sort, or relevance for a search).
    assert surfaces["csv"] == surfaces["json"] == surfaces["geojson"] == wanted


def test_the_seed_queries_cover_several_pages_and_an_empty_result(catalogue):
    sizes = {query: len(expected(query)) for query in SEED_QUERIES}
    assert sizes[""] > 12  # the HTML list and the API are read over several pages
    assert sizes["statut=psla&region=corse"] == 0
    assert sum(1 for size in sizes.values() if 0 < size < sizes[""]) >= 12
