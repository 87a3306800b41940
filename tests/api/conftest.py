import pytest

from organisms.models import Organism
from projects.models import Source
from projects.search import refresh_search_text
from tests.factories import BORDEAUX, ProjectFactory, ProjectSourceFactory, commune


@pytest.fixture
def api_get(client):
    """GET an API address and return the response (JSON parsed as ``response.data_json``)."""

    def get(url, data=None, **headers):
        response = client.get(url, data, **headers)
        if response.get("Content-Type", "").startswith("application/json") and response.content:
            response.data_json = response.json()
        return response

    return get


def make_unpublished(status="draft", slug="projet-cache"):
    """A project that must never be visible: in Gironde, by Le COL, with PSLA homes, citing the
    proceedings, searchable."""
    project = ProjectFactory(
        name="Projet caché Zéphyrine",
        slug=slug,
        summary="Un brouillon qui ne doit jamais sortir.",
        status=status,
        commune=commune(BORDEAUX),
        total_homes=12,
        delivery_year=2018,
        phase="delivered",
        participatory_family="social_housing",
        developer=Organism.objects.get(slug="le-col"),
        tenure=("psla", 12),
    )
    proceedings = Source.objects.get(slug="actes-habitat-participatif-logement-social-2017")
    ProjectSourceFactory(project=project, source=proceedings, locator="p. 99")
    refresh_search_text([project.pk])
    return project
