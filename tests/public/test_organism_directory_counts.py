"""Done means: the organisms directory shows, for each organism, the number of its PUBLISHED
projects (a draft, a pending revision or an archived project never counts; a project where the
organism holds two roles counts once), counted in one pass per catalogue version, and a change
shows at once."""

import re

import pytest

from organisms.models import Organism
from projects.models import ActorRole, Project, PublicationStatus
from tests.factories import ProjectActorFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def shown_counts(client):
    page = client.get("/organismes/?par_page=500").content.decode()
    rows = re.findall(r'href="/organismes/([^/"]+)/"[^<]*</a>.*?<td class="num">(\d+)</td>', page, flags=re.S)
    return {slug: int(count) for slug, count in rows}


def test_each_organism_shows_its_published_projects_once(client, catalogue):
    organism = Organism.objects.create(name="Coop Témoin", slug="coop-temoin", kind="hlm", family="COOP")
    published = ProjectFactory(published=True)
    ProjectActorFactory(project=published, organism=organism)
    ProjectActorFactory(project=published, organism=organism, role=ActorRole.INITIATING_AUTHORITY)
    ProjectActorFactory(project=ProjectFactory(published=True), organism=organism)
    ProjectActorFactory(project=ProjectFactory(status=PublicationStatus.DRAFT), organism=organism)
    ProjectActorFactory(project=ProjectFactory(status=PublicationStatus.ARCHIVED), organism=organism)
    counts = shown_counts(client)
    assert counts["coop-temoin"] == 2
    for other in Organism.objects.exclude(pk=organism.pk).filter(slug__in=counts):
        expected = Project.objects.published().filter(actors__organism=other).distinct().count()
        assert counts[other.slug] == expected, other.slug

    Project.objects.filter(pk=published.pk).update(status=PublicationStatus.ARCHIVED)
    assert shown_counts(client)["coop-temoin"] == 1
