"""Names sorted as French readers expect on SQLite and PostgreSQL: accented names in their place
(« Îlot Gerbert » among the I, « Île-de-France » among the I), in the list (both directions,
through keyset pages), the territories and the organisms."""

import re

import pytest

from common.collation import sort_key
from projects.models import Project

pytestmark = pytest.mark.django_db


def card_names(body):
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', body.decode())


def test_the_list_sorts_accented_names_in_their_place(client, catalogue):
    names = card_names(client.get("/projets/", {"par_page": 96}).content)
    published = list(Project.objects.published().values_list("name", flat=True))
    assert names == sorted(published, key=sort_key)
    assert names.index("Habitat différent") < names.index("Îlot Gerbert") < names.index("La Hutte Finale")
    descending = card_names(client.get("/projets/", {"par_page": 96, "tri": "-nom"}).content)
    assert descending == names[::-1]


def test_keyset_pages_follow_the_same_order(client, catalogue):
    everything = card_names(client.get("/projets/", {"par_page": 96}).content)
    seen, url = [], "/projets/?par_page=12"
    while url:
        body = client.get(url).content
        seen += card_names(body)
        found = re.search(r'href="\?([^"]*apres=[^"]*)" rel="next"', body.decode())
        url = "/projets/?" + found.group(1).replace("&amp;", "&") if found else None
    assert seen == everything


def test_sorted_by_size_ties_are_in_name_order(client, catalogue):
    names = card_names(client.get("/projets/", {"par_page": 96, "tri": "logements"}).content)
    unknown = list(Project.objects.published().filter(total_homes=None).values_list("name", flat=True))
    assert names[-len(unknown) :] == sorted(unknown, key=sort_key)


def test_regions_are_in_french_order_on_the_territories_page(client, catalogue):
    body = client.get("/territoires/").content.decode()
    regions = re.findall(r'<a href="/territoires/regions/[^"]*">([^<]*)</a>', body)
    assert regions.index("Hauts-de-France") < regions.index("Île-de-France") < regions.index("La Réunion")
