"""« Me prévenir » links and Atom feeds for the same criteria: near-me, territory, organism."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from projects.models import Project
from tests.factories import BEGLES, ProjectFactory, ProjectOpeningFactory, commune

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response):
    assert response.status_code == 200, response.content[:300]
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_the_list_territories_near_me_and_organisms_offer_an_alert_and_a_feed(client, catalogue):
    html = client.get("/projets/?departement=33").content.decode()
    assert 'href="/alertes/?departement=33"' in html
    html = client.get("/territoires/departements/gironde/").content.decode()
    assert 'href="/alertes/?departement=33"' in html and 'href="/projets/flux.atom?departement=33"' in html
    html = client.get("/territoires/regions/occitanie/").content.decode()
    assert 'href="/alertes/?region=occitanie"' in html
    html = client.get("/organismes/le-col/").content.decode()
    assert 'href="/alertes/?organisme=le-col"' in html and 'href="/projets/flux.atom?organisme=le-col"' in html
    html = client.get("/territoires/pres-de/?lieu=Bordeaux&rayon=25").content.decode()
    assert 'href="/alertes/?commune=33063&amp;rayon=25"' in html
    assert 'href="/projets/flux-pres-de.atom?commune=33063&amp;rayon=25"' in html
    form = client.get("/alertes/?commune=33063&rayon=25").content.decode()
    assert "à moins de 25 km de Bordeaux" in form


def test_near_me_feed_lists_published_projects_within_the_radius_with_their_opening(client, catalogue):
    near = ProjectFactory(published=True, name="Voisin de Bègles", commune=commune(BEGLES))
    ProjectOpeningFactory(project=near)
    ProjectFactory(name="Brouillon de Bègles", commune=commune(BEGLES))  # a draft
    names = titles(client.get("/projets/flux-pres-de.atom?commune=33063&rayon=10"))
    assert "Voisin de Bègles" in names and "Brouillon de Bègles" not in names
    assert "Projet lyonnais" not in names
    assert all(Project.objects.get(name=name).commune.department.code == "33" for name in names)
    body = client.get("/projets/flux-pres-de.atom?commune=33063&rayon=10").content.decode()
    assert "Groupe en constitution" in body


def test_an_opening_change_brings_its_project_to_the_top_of_the_near_me_feed(client, catalogue):
    old = ProjectFactory(published=True, name="Ancien voisin", commune=commune(BEGLES))
    Project.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=300))
    ProjectOpeningFactory(project=old)
    assert titles(client.get("/projets/flux-pres-de.atom?commune=33063&rayon=10"))[0] == "Ancien voisin"


@pytest.mark.parametrize(
    "query", ["", "commune=33063", "commune=99999&rayon=10", "commune=33063&rayon=0", "commune=33063&rayon=10&statut=x"]
)
def test_near_me_feed_answers_bad_parameters_with_a_400(client, catalogue, query):
    assert client.get(f"/projets/flux-pres-de.atom?{query}").status_code == 400
