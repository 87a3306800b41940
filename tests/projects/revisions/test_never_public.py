"""An editor's change to a published project is on no public surface until a moderator approves it:
page, list, search, API (list and detail), exports, feed, sitemap, statistics; then it is on all."""

import pytest

from projects.models import Project
from projects.revisions import services
from projects.search.index import refresh_search_text
from tests.factories import EditorFactory, ModeratorFactory, tenure_status
from tests.public_surfaces import PUBLIC_URLS, assert_never_leaks, snapshot

pytestmark = pytest.mark.django_db

NEW_NAME = "Terra Arte Zéphyrine révisée"


@pytest.fixture(scope="module")
def seed_pages(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return snapshot(Client())


@pytest.fixture
def revised(catalogue):
    """terra-arte with a pending change by an editor of its developer: name, summary, homes, a line."""
    live = Project.objects.get(slug="terra-arte")
    editor = EditorFactory(organisms=[live.actors.first().organism])
    twin = services.start(live, editor)
    twin.name, twin.summary = NEW_NAME, "Résumé révisé, pas encore relu."
    twin.total_homes = (live.total_homes or 0) + 40
    twin.save()
    twin.tenure_lines.create(status=tenure_status("brs"), homes=40)
    services.submit(twin, editor)
    refresh_search_text([twin.pk, live.pk])  # as the after-commit signal would
    return live, twin


def test_a_pending_change_is_on_no_public_surface(client, revised, seed_pages):
    live, twin = revised
    assert_never_leaks(client, twin, seed_pages)
    page = client.get(live.get_absolute_url()).content.decode()
    assert live.name in page and NEW_NAME not in page and "pas encore relu" not in page
    assert client.get(f"/api/v1/projets/{live.slug}/").json()["name"] == live.name


APPROVED_SHOWS_NEW_NAME = [
    "/projets/?q=zephyrine",
    "/projets/",
    "/api/v1/projets/?page_size=200&q=zephyrine",
    "/projets/export.csv",
    "/projets/export.json?q=zephyrine",
    "/projets/export.geojson",
    "/projets/flux.atom",
]
APPROVED_CHANGES = ["/statistiques/"]


def test_once_approved_the_change_is_on_every_public_surface(client, revised, seed_pages):
    live, twin = revised
    services.approve(twin, ModeratorFactory())
    refresh_search_text([live.pk])
    after = snapshot(client, PUBLIC_URLS)
    for url in APPROVED_SHOWS_NEW_NAME:
        assert NEW_NAME.encode() in after[url], url
    for url in APPROVED_CHANGES:
        assert after[url] != seed_pages[url], url
    assert NEW_NAME in client.get(live.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/projets/{live.slug}/").json()["name"] == NEW_NAME
    assert client.get(f"/projets/{twin.slug}/").status_code == 404
    # The sitemap keeps the published address (dated by day: today, the approval's date).
    sitemap = after["/sitemap-projets.xml"].decode()
    assert f"/projets/{live.slug}/" in sitemap and twin.slug not in sitemap
