"""Query counts of every public page type: constant whatever the page size and the number of
projects (the seed catalogue, then 150 more), and at most ``MAX_PAGE_QUERIES`` for HTML pages.

Each page is measured with an empty page cache (the whole-response cache would answer in one
query) but with the reference caches warm (facet counts and labels of the same filters, the
département names of the map): the state of a busy site. ``test_cold_…`` checks that the
first visit of a new filter combination also costs a constant number of queries.

Pages listing projects (list, filters, search, sorts, deep pages, map, statistics) stay within
``MAX_PAGE_QUERIES``. A project's page renders its body from fragments cached per catalogue
version (two queries here; its cold cost is pinned by test_project_page_children). Other pages of
one object with many kinds of children (the API's detail; territory and organism pages) have a
larger but fixed bound: they are served from the page cache in one query after their first visit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.middleware import page_cache
from caching.version import process_version
from tests.factories import clone_seed_projects

pytestmark = pytest.mark.django_db

MAX_PAGE_QUERIES = 6
MORE_PROJECTS = 150

# (name, url with {size} where the page has a size parameter, small size, large size, limit)
PAGES = [
    ("home", "/", None, None, MAX_PAGE_QUERIES),
    ("list", "/projets/?par_page={size}", 12, 96, MAX_PAGE_QUERIES),
    ("filtered list", "/projets/?famille=social_housing&phase=delivered&par_page={size}", 12, 96, MAX_PAGE_QUERIES),
    (
        "filtered list (model filters)",
        "/projets/?departement=33&statut=psla&organisme=le-col&par_page={size}",
        12,
        96,
        MAX_PAGE_QUERIES,
    ),
    # A search adds its plan (an EXISTS on the full-text index) and the place lookup (is it a commune?).
    ("search", "/projets/?q=logement&par_page={size}", 12, 96, MAX_PAGE_QUERIES + 2),
    # Nothing as typed: + the substring EXISTS, + the corrected spelling's EXISTS (vocabulary cached).
    ("misspelt search", "/projets/?q=vileurbanne&par_page={size}", 12, 96, MAX_PAGE_QUERIES + 4),
    # A territory's name: its page offered from cached names, no commune lookup.
    ("search naming a département", "/projets/?q=gironde&par_page={size}", 12, 96, MAX_PAGE_QUERIES + 1),
    ("sorted list", "/projets/?tri=-logements&par_page={size}", 12, 96, MAX_PAGE_QUERIES),
    ("deep page", "/projets/?page=2&par_page={size}", 12, 12, MAX_PAGE_QUERIES),
    # Its body in fragments cached per catalogue version: the version and the project (cold: 21,
    # tests/perf/test_project_page_children.py).
    ("project page", "/projets/terra-arte/", None, None, 2),
    ("organism list", "/organismes/", None, None, MAX_PAGE_QUERIES),
    ("organism page", "/organismes/le-col/", None, None, 11),  # + the paginator count, the organism's citations
    ("territories", "/territoires/", None, None, MAX_PAGE_QUERIES),
    ("region page", "/territoires/regions/nouvelle-aquitaine/", None, None, 12),  # + the paginator and organism counts
    ("département page", "/territoires/departements/gironde/", None, None, 11),  # + the paginator and organism counts
    ("map", "/territoires/carte/", None, None, MAX_PAGE_QUERIES),
    ("filtered map", "/territoires/carte/?statut=psla", None, None, MAX_PAGE_QUERIES),
    (
        "map, several filters",
        "/territoires/carte/?statut=psla&statut=plus&region=occitanie",
        None,
        None,
        MAX_PAGE_QUERIES,
    ),
    ("near me", "/territoires/pres-de/?lieu=Bordeaux&rayon=50", None, None, MAX_PAGE_QUERIES),
    ("statistics", "/statistiques/", None, None, MAX_PAGE_QUERIES),
    ("filtered statistics", "/statistiques/?departement=33", None, None, MAX_PAGE_QUERIES),
    (
        "statistics, several filters",
        "/statistiques/?region=nouvelle-aquitaine&statut=psla&q=bordeaux",
        None,
        None,
        MAX_PAGE_QUERIES,
    ),
    ("statistics CSV", "/statistiques/statuts.csv", None, None, MAX_PAGE_QUERIES),
    ("compare", "/statistiques/comparer/?p=terra-arte&p=locus-solus", None, None, 10),
    (
        "compare four",
        "/statistiques/comparer/?p=terra-arte&p=groupe-du-4-mars&p=mascobado&p=coop-colette",
        None,
        None,
        10,
    ),
    ("source page", "/sources/actes-habitat-participatif-logement-social-2017/", None, None, MAX_PAGE_QUERIES),
    ("about", "/a-propos/", None, None, MAX_PAGE_QUERIES),
    ("glossary", "/glossaire/", None, None, MAX_PAGE_QUERIES),
    ("open data", "/donnees/", None, None, MAX_PAGE_QUERIES),
    ("CSV export", "/projets/export.csv", None, None, 12),
    ("JSON export", "/projets/export.json?departement=33", None, None, 12),
    ("GeoJSON export", "/projets/export.geojson", None, None, 12),
    ("CSV export, filtered and searched", "/projets/export.csv?region=nouvelle-aquitaine&q=bordeaux", None, None, 12),
    ("feed", "/projets/flux.atom", None, None, MAX_PAGE_QUERIES),
    ("filtered feed", "/projets/flux.atom?statut=psla", None, None, MAX_PAGE_QUERIES),
    # Projects and organisms: count and latest change in one query; English sections reuse them.
    ("sitemap", "/sitemap.xml", None, None, MAX_PAGE_QUERIES),
    ("sitemap of projects", "/sitemap-projets.xml", None, None, MAX_PAGE_QUERIES),
    ("API list", "/api/v1/projets/?page_size={size}", 10, 200, 9),  # + openings and their tenures
    ("API filtered list", "/api/v1/projets/?statut=psla&page_size={size}", 10, 200, 10),
    ("API search", "/api/v1/projets/?q=habitat&page_size={size}", 10, 200, 10),
    ("API region, sorted", "/api/v1/projets/?region=occitanie&tri=-logements&page_size={size}", 10, 200, 10),
    ("API detail", "/api/v1/projets/terra-arte/", None, None, 14),
    ("API detail (sparse project)", "/api/v1/projets/mascobado/", None, None, 14),
    ("API organisms", "/api/v1/organismes/?page_size={size}", 10, 200, MAX_PAGE_QUERIES),
    ("API départements", "/api/v1/territoires/departements/", None, None, MAX_PAGE_QUERIES),
]


def count_queries(client, url):
    """Queries of one request with an empty page cache, after a first visit (warm reference caches)."""

    def get():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (url, response.status_code, body[:300])
        return body

    get()
    page_cache().clear()
    process_version.forget()  # counted as in a process that has not read the version lately
    with CaptureQueriesContext(connection) as queries:
        get()
    return [query["sql"] for query in queries.captured_queries]


def sizes(url, small, large):
    return [url.format(size=small), url.format(size=large)] if small else [url]


@pytest.mark.parametrize("name,url,small,large,limit", PAGES, ids=[page[0] for page in PAGES])
def test_queries_do_not_depend_on_page_or_catalogue_size(client, catalogue, name, url, small, large, limit):
    counts = {}
    for sized in sizes(url, small, large):
        counts[("seed", sized)] = count_queries(client, sized)
    clone_seed_projects(MORE_PROJECTS)
    for sized in sizes(url, small, large):
        counts[("more", sized)] = count_queries(client, sized)
    numbers = {key: len(queries) for key, queries in counts.items()}
    print(name, numbers)
    assert len(set(numbers.values())) == 1, numbers
    assert max(numbers.values()) <= limit, "\n".join(next(iter(counts.values())))
