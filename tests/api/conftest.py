import pytest
from django.utils import timezone

from geo.models import Commune
from organisms.models import Organism
from projects.models import ActorRole, Project, ProjectActor, ProjectSource, Source, TenureLine, TenureStatus
from projects.search import refresh_search_documents


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
    """A project that must never be visible: in Gironde, by Le COL, with PSLA homes, citing the proceedings, searchable."""
    project = Project.objects.create(
        name="Projet caché Zéphyrine",
        slug=slug,
        summary="Un brouillon qui ne doit jamais sortir.",
        status=status,
        commune=Commune.objects.get(insee_code="33063"),  # Bordeaux
        total_homes=12,
        delivery_year=2018,
        phase="delivered",
        participatory_family="social_housing",
        published_at=timezone.now() if status == "archived" else None,
    )
    ProjectActor.objects.create(project=project, organism=Organism.objects.get(slug="le-col"), role=ActorRole.DEVELOPER)
    TenureLine.objects.create(project=project, status=TenureStatus.objects.get(code="psla"), homes=12)
    ProjectSource.objects.create(
        project=project, source=Source.objects.get(slug="actes-habitat-participatif-logement-social-2017"), locator="p. 99"
    )
    refresh_search_documents(Project.objects.filter(pk=project.pk))
    return project
