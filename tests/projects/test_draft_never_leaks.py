"""An unpublished project (draft, submitted, archived) never appears on any public address."""

import pytest

from projects.models import Project, PublicationStatus
from tests.api.conftest import make_unpublished
from tests.public_surfaces import PUBLIC_URLS, assert_never_leaks, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_pages(django_db_blocker):
    """Every public page of the seed catalogue (read once: each test rolls back to that state)."""
    from django.test import Client

    with django_db_blocker.unblock():
        return snapshot(Client())


@pytest.mark.parametrize("status", ["draft", "submitted", "archived"])
def test_an_unpublished_project_is_nowhere_public(client, catalogue, seed_pages, status):
    project = make_unpublished(status=status)
    assert_never_leaks(client, project, seed_pages)


def test_the_check_is_meaningful_once_published(client, catalogue, seed_pages):
    """The same project, published, does change those pages: the test above would notice a leak."""
    project = make_unpublished(status="draft")
    before = seed_pages
    Project.objects.filter(pk=project.pk).update(status=PublicationStatus.PUBLISHED, published_at=project.created_at)
    after = snapshot(client)
    changed = [url for url in PUBLIC_URLS if after[url] != before[url]]
    # Every listing, count, map or export it belongs to now shows it (site-wide pages and the
    # pages of other places or organisms are the only ones left unchanged).
    unchanged = set(PUBLIC_URLS) - set(changed)
    assert unchanged <= {
        "/api/v1/",
        "/a-propos/",
        "/glossaire/",
        "/donnees/",
        "/robots.txt",
        "/organismes/?famille=COOP",
        "/territoires/departements/dordogne/",
        "/statistiques/comparer/?p=terra-arte&p=locus-solus",
        "/api/v1/statuts/psla/",
        "/territoires/pres-de/?lieu=33000&rayon=200",
    }, sorted(unchanged)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_the_back_office_preview_is_not_public(client, catalogue):
    project = make_unpublished(status="submitted")
    response = client.get(f"/admin/projects/project/{project.pk}/apercu/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
