"""Territory and organism pages list their projects a page at a time: with more projects than a
page holds, the page shows one page of cards, says how many there are in all, and links the next."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from geo.models import Department, Region
from organisms.models import Organism
from projects.models import Project

pytestmark = pytest.mark.django_db

PAGE_SIZE = 2


@pytest.fixture
def crowded(settings):
    settings.SECTION_PAGE_SIZE = PAGE_SIZE
    call_command("generate_projects", 120, seed=1, no_photos=True, verbosity=0)


def busiest(model, path):
    published = Project.objects.published()
    return (
        model.objects.filter(**{f"{path}__in": published}).annotate(n=Count(path, distinct=True)).order_by("-n").first()
    )


def card_count(response):
    return response.content.decode().count('<article class="card project-card')


@pytest.mark.parametrize(
    "model, path",
    [
        (Region, "departments__communes__projects"),
        (Department, "communes__projects"),
        (Organism, "roles__project"),
    ],
)
def test_a_crowded_section_is_paginated(client, crowded, model, path):
    target = busiest(model, path)
    assert target.n > PAGE_SIZE * 2
    first = client.get(target.get_absolute_url())
    assert first.status_code == 200
    assert card_count(first) == PAGE_SIZE
    assert first.context["project_count"] == target.n
    assert 'rel="next"' in first.content.decode()
    second = client.get(target.get_absolute_url(), {"page": 2})
    assert card_count(second) == PAGE_SIZE
    assert set(p.pk for p in first.context["projects"]).isdisjoint(p.pk for p in second.context["projects"])
    for page in ("abc", "99999", "-1"):
        assert client.get(target.get_absolute_url(), {"page": page}).status_code == 200


def test_active_organisms_of_a_region_are_capped(client, crowded, settings):
    from public import pagination

    region = busiest(Region, "departments__communes__projects")
    response = client.get(region.get_absolute_url())
    assert len(response.context["organisms"]) <= pagination.ORGANISMS_SHOWN
    assert response.context["organism_count"] >= len(response.context["organisms"])


@pytest.mark.parametrize("path", ["/territoires/carte.svg", "/territoires/carte/"])
def test_map_draws_no_marker_beyond_the_cap_but_counts_by_departement(client, monkeypatch, path):
    """More projects than ``MAX_MARKERS`` (lowered to 20): the map shows counts per département
    and draws no marker; at or under the cap, one marker per located project. (The SVG itself is
    the separate resource /territoires/carte.svg; the page has the totals and the table.)"""
    from geo import maps

    monkeypatch.setattr(maps, "MAX_MARKERS", 20)
    call_command("generate_projects", 60, seed=1, no_photos=True, verbosity=0)
    body = client.get(path).content.decode()
    assert 'class="map-markers"' not in body
    assert f"{Project.objects.published().count()}" in body  # the total, with counts per département
    few = client.get("/territoires/carte.svg", {"region": "bretagne"}).content.decode()
    markers = few.split('class="map-markers"')[1].split("</g>")[0] if 'class="map-markers"' in few else ""
    assert 0 < markers.count("<circle") <= 20


def test_feed_api_and_near_me_stay_bounded_with_more_projects_than_their_limits(client, monkeypatch):
    """Feed entries, API pages and near-me results have fixed ceilings (lowered here)."""
    from opendata import feeds
    from public.views import territories as geo_views

    monkeypatch.setattr(feeds, "FEED_SIZE", 10)
    monkeypatch.setattr(geo_views, "MAX_RESULTS", 10)
    call_command("generate_projects", 80, seed=1, no_photos=True, verbosity=0)
    published = Project.objects.published().count()
    assert published > 60
    feed = client.get("/projets/flux.atom").content.decode()
    assert feed.count("<entry>") == 10
    api = client.get("/api/v1/projets/", {"page_size": 200}).json()
    assert api["count"] == published and len(api["results"]) == min(published, 200)
    assert client.get("/api/v1/projets/", {"page_size": 201}).status_code == 400
    near = client.get("/territoires/pres-de/", {"lieu": "Paris", "commune": "75056", "rayon": 1000})
    assert near.status_code == 200
    assert len(near.context["results"]) == 10 and near.context["more_results"]


def test_organism_directory_is_paginated(client, settings):
    settings.ORGANISM_PAGE_SIZE = 10
    call_command("generate_projects", 40, seed=1, no_photos=True, verbosity=0)
    total = Organism.objects.count()
    assert total > 20
    first = client.get("/organismes/")
    body = first.content.decode()
    assert first.context["count"] == total
    assert sum(len(group["organisms"]) for group in first.context["groups"]) == 10
    assert 'rel="next"' in body
    seen = set()
    for page in range(1, -(-total // 10) + 1):
        response = client.get("/organismes/", {"page": page})
        seen |= {organism.pk for group in response.context["groups"] for organism in group["organisms"]}
    assert len(seen) == total
    assert client.get("/organismes/", {"page": "abc"}).status_code == 200
