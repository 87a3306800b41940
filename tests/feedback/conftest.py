"""Two organisms, each with an editor and a published project; a moderator; helpers that post
the public forms as a browser would (from a given client address)."""

import pytest
from django.urls import reverse

from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory, ProjectFactory

MESSAGE = "Bonjour, nous cherchons un logement et aimerions rejoindre le groupe. Y a-t-il une réunion ?"
REPORT = "Le projet compte 14 logements et non 10 (dossier de presse 2019, p. 3)."


@pytest.fixture
def team(db):
    organism_a, organism_b = OrganismFactory(name="Habitat A"), OrganismFactory(name="Habitat B")
    return {
        "organism_a": organism_a,
        "organism_b": organism_b,
        "editor_a": EditorFactory(organisms=[organism_a], email="editrice-a@example.org"),
        "editor_b": EditorFactory(organisms=[organism_b], email="editeur-b@example.org"),
        "moderator": ModeratorFactory(email="moderatrice@example.org"),
        "project_a": ProjectFactory(
            published=True, developer=organism_a, name="L'Îlot & les Voisins", contact_email="groupe-a@example.org"
        ),
        "project_b": ProjectFactory(published=True, developer=organism_b, name="Les Jardins B"),
    }


def contact_data(**overrides):
    return {"name": "Camille Dupont", "email": "camille@example.net", "message": MESSAGE, "consent": "on", **overrides}


def post_contact(client, project, address="203.0.113.7", **overrides):
    url = reverse("projects:contact", args=[project.slug]) if project else reverse("contact")
    return client.post(url, contact_data(**overrides), HTTP_X_FORWARDED_FOR=address)


def post_report(client, project, address="203.0.113.7", **overrides):
    data = {"description": REPORT, "email": "", **overrides}
    return client.post(reverse("projects:report_error", args=[project.slug]), data, HTTP_X_FORWARDED_FOR=address)
