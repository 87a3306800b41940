"""Deep pages of the list: the "next" link seeks with a keyset cursor (projects/keyset.py), gives
exactly the pages that page numbers give, in every sort, and bad cursors are harmless."""

import re
from html import unescape

import pytest

from tests.factories import clone_seed_projects

pytestmark = pytest.mark.django_db

CARD_LINK = re.compile(r'<h3 class="card-title"><a href="/projets/([^/]+)/"')
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')


def slugs(body):
    return CARD_LINK.findall(body)


def next_link(body):
    found = NEXT.search(body)
    return "/projets/" + unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "tri=-nom",
        "tri=livraison",
        "tri=-livraison",
        "tri=logements",
        "tri=-logements",
        "q=logement",
        "statut=psla&tri=-logements",
    ],
)
def test_following_next_links_gives_the_numbered_pages(client, catalogue, query):
    clone_seed_projects(60)
    base = f"/projets/?{query}&par_page=12" if query else "/projets/?par_page=12"
    body = client.get(base).content.decode()
    assert "card-title" in body, "the card markup this test reads has changed"
    walked, number = [slugs(body)], 1
    while link := next_link(body):
        number += 1
        assert f"page={number}" in link and ("apres=" in link)
        body = client.get(link).content.decode()
        walked.append(slugs(body))
    numbered = [slugs(client.get(f"{base}&page={n}").content.decode()) for n in range(1, number + 1)]
    assert walked == numbered
    flat = [slug for page in walked for slug in page]
    assert len(flat) == len(set(flat))


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJhIl0", "bnVsbA", "W251bGwsbnVsbF0", "x" * 2000])
def test_a_bad_cursor_is_ignored(client, catalogue, cursor):
    response = client.get(f"/projets/?page=1&apres={cursor}")
    assert response.status_code == 200
    assert slugs(response.content.decode()) == slugs(client.get("/projets/").content.decode())


def test_a_deep_page_costs_no_more_queries_than_the_first(client, catalogue, django_assert_max_num_queries):
    from caching.middleware import page_cache

    clone_seed_projects(100)
    body = client.get("/projets/?par_page=12").content.decode()
    for _ in range(6):
        body = client.get(next_link(body)).content.decode()
    deep = next_link(body)
    page_cache().clear()
    with django_assert_max_num_queries(6):
        assert client.get(deep).status_code == 200
