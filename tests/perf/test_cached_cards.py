"""Project cards and the filter panel cached per catalogue version (public/cards.py,
public/fragments.py): pages that list cards read them in one cache round trip, never with a query
per card, and a change to a project, its developer or its tenure shows on the next page at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.version import process_version
from tests.factories import OrganismFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# The prefetch of each kind of a card's children (for_cards): WHERE "<table>"."project_id" IN (…)
CARD_CHILDREN = tuple(
    f'"{table}"."project_id" IN (' for table in ("projects_projectactor", "projects_tenureline", "projects_photo")
)
CARD_PAGES = [
    "/projets/?par_page={size}",
    "/projets/?famille=social_housing&par_page={size}",
    "/organismes/le-col/",
    "/territoires/regions/nouvelle-aquitaine/",
    "/territoires/departements/gironde/",
]


@pytest.fixture
def no_page_cache(settings):
    """Every request computes its page (the benchmark's "uncached" server): the parts' caches answer."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def parts_cache(cache_backend, settings, no_page_cache):
    """The parts' cache on local memory or the real Redis (``cache_backend``), the page cache off."""
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    return cache_backend


def queries_of(client, url):
    process_version.forget()  # counted as in a process that has not read the version lately
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def card_of(client, url, name):
    """The card (its <article>) of the project named ``name`` on the page at ``url``."""
    html = client.get(url).content.decode()
    cards = [
        card for card in re.findall(r"<article class=\"card project-card.*?</article>", html, re.S) if name in card
    ]
    assert len(cards) == 1, (name, len(cards))
    return cards[0]


@pytest.mark.parametrize("url", CARD_PAGES)
def test_cached_cards_cost_no_query_per_card(client, catalogue, no_page_cache, url):
    warm_counts = set()
    for size in (12, 96) if "{size}" in url else (None,):
        address = url.format(size=size)
        cold = queries_of(client, address)
        warm = queries_of(client, address)
        assert all(any(child in query for query in cold) for child in CARD_CHILDREN)  # the first visit reads them
        assert not [query for query in warm if any(child in query for child in CARD_CHILDREN)], address
        warm_counts.add(len(warm))
    assert len(warm_counts) == 1  # whatever the number of cards


def test_the_list_is_the_same_page_from_cached_cards(client, catalogue, no_page_cache):
    first = client.get("/projets/?par_page=48").content
    assert client.get("/projets/?par_page=48").content == first
    english = client.get("/en/projets/?par_page=48").content
    assert english != first and b"homes" in english  # a card per language


@pytest.mark.parametrize("cache_backend", ["locmem", "redis"], indirect=True)
def test_an_edited_project_shows_on_its_card_at_once(client, catalogue, parts_cache):
    developer = OrganismFactory(name="Coopérative d'essai")
    project = ProjectFactory(
        published=True, in_bordeaux=True, name="Aaa, projet de test", developer=developer, tenure=("psla", 4)
    )
    url = "/projets/"
    before = card_of(client, url, project.name)
    assert "Coopérative d&#x27;essai" in before and "10 logements" in before
    project.total_homes = 12
    project.save()
    assert "12 logements" in card_of(client, url, project.name)
    developer.name = "Coopérative renommée"
    developer.save()
    assert "Coopérative renommée" in card_of(client, url, project.name)
    project.status = "draft"
    project.save()
    assert project.name not in client.get(url).content.decode()


@pytest.mark.parametrize("cache_backend", ["locmem", "redis"], indirect=True)
def test_the_filter_panel_follows_the_filters_and_the_catalogue(client, catalogue, parts_cache):
    panel = re.compile(r"<details class=\"filters-panel\".*?</details>", re.S)
    plain = panel.search(client.get("/projets/").content.decode()).group()
    psla = panel.search(client.get("/projets/?statut=psla").content.decode()).group()
    assert plain != psla and 'value="psla" checked' in psla
    assert panel.search(client.get("/projets/?page=1&statut=psla").content.decode()).group() == psla
    assert panel.search(client.get("/territoires/carte/?statut=psla").content.decode()).group() != psla  # its own form
    ProjectFactory(published=True, in_bordeaux=True, tenure=("psla", 4))
    assert panel.search(client.get("/projets/?statut=psla").content.decode()).group() != psla  # a new count


@pytest.mark.parametrize("cache_backend", ["locmem", "redis"], indirect=True)
def test_the_statistics_filter_panel_is_cached_like_the_lists_and_follows_the_catalogue(client, catalogue, parts_cache):
    panel = re.compile(r"<details class=\"filters-panel\".*?</details>", re.S)
    computed = client.get("/statistiques/?statut=psla").content.decode()
    from_cache = client.get("/statistiques/?statut=psla").content.decode()
    assert from_cache == computed
    psla = panel.search(computed).group()
    assert 'value="psla" checked' in psla and 'action="/statistiques/"' in psla
    assert psla != panel.search(client.get("/projets/?statut=psla").content.decode()).group()  # its own form
    english = panel.search(client.get("/en/statistiques/?statut=psla").content.decode()).group()
    assert english != psla
    ProjectFactory(published=True, in_bordeaux=True, tenure=("psla", 4))
    assert panel.search(client.get("/statistiques/?statut=psla").content.decode()).group() != psla  # a new count


def test_a_project_deleted_after_its_row_was_read_is_left_out_of_the_cards(catalogue, parts_cache):
    """A page reads its rows (keys only), then the cards the cache misses read their bodies: a project
    deleted in between (a moderator's deletion during the request) loses its card, not the page."""
    from projects.models import Project
    from public.cards import render_cards

    rows = list(Project.objects.published().order_by("pk").for_card_rows()[:3])
    Project.objects.filter(pk=rows[1].pk).delete()
    cards = render_cards(rows)
    assert len(cards) == 2
    assert rows[0].name in cards[0] and rows[2].name in cards[1]


def normalised(response) -> str:
    """A page's HTML without what changes on every response (its CSP nonces)."""
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]+"', 'nonce="X"', response.content.decode())


@pytest.mark.parametrize("cache_backend", ["locmem"], indirect=True)
def test_the_lists_fragments_are_the_page_computed_afresh_whatever_was_asked_before(client, catalogue, parts_cache):
    """The chips, selection figures, page links and downloads are cached per catalogue version and
    query: a page put together from fragments cached by other addresses (the same filters in another
    order, page 2 by number or by cursor) is byte for byte the page computed afresh."""
    from django.core.cache import cache

    ProjectFactory.create_batch(8, published=True, in_bordeaux=True)  # three pages of 12
    first = client.get("/projets/?par_page=12&tri=nom").content.decode()
    cursor = re.search(r'href="\?([^"]*apres=[^"]*)" rel="next"', first).group(1).replace("&amp;", "&")
    addresses = [
        "/projets/?par_page=12&tri=nom",
        "/projets/?tri=nom&par_page=12",
        "/projets/?par_page=12&tri=nom&page=2",
        "/projets/?page=2&tri=nom&par_page=12",
        f"/projets/?{cursor}",
        "/projets/?statut=plus&par_page=12",
        "/projets/?par_page=12&statut=plus",
        "/projets/?par_page=12&page=2",
        "/en/projets/?par_page=12&page=2",
        "/projets/?page=2&par_page=12&utm_source=courriel",
        "/projets/?q=gironde&par_page=12",  # the search's help: a territory's page, in each language
        "/en/projets/?q=gironde&par_page=12",
        "/projets/?q=begles&par_page=12",  # a commune: its projects by distance
        "/projets/?q=ateliers+bregles&par_page=12",  # « Vouliez-vous dire … ? »
    ]
    afresh = {}
    for address in addresses:
        cache.clear()
        afresh[address] = normalised(client.get(address))
    for address in addresses + addresses[::-1]:  # every fragment warm, cached by whichever came first
        assert normalised(client.get(address)) == afresh[address], address
    for address in addresses[2:4]:  # the query made canonical first (caching.middleware): the same links
        assert '<a href="?par_page=12&amp;tri=nom" rel="prev">' in afresh[address]


@pytest.mark.parametrize("cache_backend", ["locmem", "redis"], indirect=True)
def test_the_lists_selection_figures_follow_the_catalogue_and_the_language(client, catalogue, parts_cache):
    figures = re.compile(r'<p class="selection-figures">.*?</p>', re.S)
    downloads = re.compile(r'<aside class="export-links".*?</aside>', re.S)
    url = "/projets/?statut=psla"
    page = client.get(url).content.decode()
    before = figures.search(page).group()
    english = client.get(f"/en{url}").content.decode()
    assert downloads.search(english).group() != downloads.search(page).group()  # the page's language
    ProjectFactory(published=True, in_bordeaux=True, tenure=("psla", 4), total_homes=7)
    after = figures.search(client.get(url).content.decode()).group()
    assert after != before  # 7 more homes, 4 more in accession


@pytest.mark.parametrize("cache_backend", ["locmem"], indirect=True)
def test_a_cold_list_page_reads_its_fragments_once_and_renders_the_missing_ones(
    client, catalogue, parts_cache, monkeypatch
):
    """The view reads the page's six fragments in one ``get_many``; a fragment missing there is
    rendered and stored, not looked up again one by one (public/templatetags/fragment_tags.py)."""
    from django.core.cache.backends.locmem import LocMemCache

    fragment_reads, batches = [], []
    real_get, real_get_many = LocMemCache.get, LocMemCache.get_many

    def counted_get(self, key, *args, **kwargs):
        if str(key).startswith("template.cache.") and batches[-1:] != ["open"]:
            fragment_reads.append(key)
        return real_get(self, key, *args, **kwargs)

    def counted_get_many(self, keys, *args, **kwargs):  # (locmem's get_many calls get for each key)
        batches.append("open")
        try:
            return real_get_many(self, keys, *args, **kwargs)
        finally:
            batches[-1] = sorted(key.split(".")[2] for key in keys if key.startswith("template.cache."))

    monkeypatch.setattr(LocMemCache, "get", counted_get)
    monkeypatch.setattr(LocMemCache, "get_many", counted_get_many)
    fragments = ["list-chips", "list-downloads", "list-filters", "list-pages", "list-search-help", "list-selection"]
    cold = normalised(client.get("/projets/?par_page=12&statut=plus"))
    assert fragment_reads == [] and fragments in batches  # the view's one read, nothing after it
    assert normalised(client.get("/projets/?par_page=12&statut=plus")) == cold  # stored on the first visit
    assert fragment_reads == []
