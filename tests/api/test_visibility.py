"""Drafts, submitted and archived projects never appear anywhere in the API, not even in counts."""

import pytest

from projects.models import Project

from .conftest import make_unpublished

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/projets/?page_size=200",
    "/api/v1/projets/?page_size=200&q=zephyrine",
    "/api/v1/projets/?page_size=200&departement=33",
    "/api/v1/projets/?page_size=200&organisme=le-col",
    "/api/v1/projets/?page_size=200&statut=psla&annee_min=2018&annee_max=2018",
    "/api/v1/projets/?page_size=200&region=nouvelle-aquitaine&tri=-logements",
    "/api/v1/organismes/?page_size=200",
    "/api/v1/organismes/?page_size=200&famille=COOP",
    "/api/v1/organismes/?page_size=200&region=nouvelle-aquitaine",
    "/api/v1/organismes/le-col/",
    "/api/v1/statuts/",
    "/api/v1/statuts/psla/",
    "/api/v1/territoires/regions/",
    "/api/v1/territoires/regions/75/",
    "/api/v1/territoires/departements/",
    "/api/v1/territoires/departements/33/",
    "/api/v1/territoires/departements/24/",  # a neighbour of Gironde
]


@pytest.mark.parametrize("status", ["draft", "submitted", "archived"])
def test_unpublished_projects_change_no_response(client, catalogue, status):
    before = {url: client.get(url).content for url in ENDPOINTS}
    project = make_unpublished(status=status)
    assert not Project.objects.published().filter(pk=project.pk).exists()
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content == before[url], url
        assert b"projet-cache" not in response.content and "Zéphyrine".encode() not in response.content
    assert client.get("/api/v1/projets/projet-cache/").status_code == 404


def test_the_same_project_once_published_appears(client, catalogue):
    """The check above is meaningful: publishing the hidden project changes those responses."""
    project = make_unpublished(status="draft")
    before = client.get("/api/v1/territoires/departements/33/").json()["project_count"]
    Project.objects.filter(pk=project.pk).update(status="published", published_at=project.created_at)
    assert client.get("/api/v1/projets/projet-cache/").status_code == 200
    assert "projet-cache" in [p["slug"] for p in client.get("/api/v1/projets/?q=zephyrine").json()["results"]]
    assert client.get("/api/v1/territoires/departements/33/").json()["project_count"] == before + 1
    organism = client.get("/api/v1/organismes/le-col/").json()
    assert "projet-cache" in [p["slug"] for p in organism["projects"]]
