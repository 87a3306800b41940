"""An organism that acts in projects cannot be deleted: the admin says why, nothing is lost.

The database protects it too (``ProjectActor.organism`` is ``PROTECT``), so no other code path
can cascade the projects' actors away.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from organisms.models import Organism
from projects.models import Project, ProjectActor

pytestmark = pytest.mark.django_db


def delete_url(organism):
    return reverse("admin:organisms_organism_delete", args=[organism.pk])


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_deleting_an_organism_with_projects_is_refused_with_the_projects_named(client_for, organism_a, role):
    client = client_for(role)
    actors_before = ProjectActor.objects.filter(organism=organism_a).count()
    project_names = set(Project.objects.filter(actors__organism=organism_a).values_list("name", flat=True))
    assert actors_before

    page = client.get(delete_url(organism_a))
    assert page.status_code == 200
    body = page.content.decode()
    assert "objets liés et protégés" in body  # Django's French explanation
    assert "retirez-le d&#x27;abord des acteurs de ces projets" in body  # what to do
    assert all(name in body for name in project_names)
    assert 'type="submit"' not in body.split('id="content"')[1]  # no confirmation button

    response = client.post(delete_url(organism_a), {"post": "yes"})
    assert response.status_code == 200  # the same explanation again, not a 500, not a redirect
    assert "objets liés et protégés" in response.content.decode()
    assert Organism.objects.filter(pk=organism_a.pk).exists()
    assert ProjectActor.objects.filter(organism=organism_a).count() == actors_before


def test_bulk_deletion_from_the_list_is_refused_too(client_for, organism_a, organism_b):
    client = client_for("superuser")
    response = client.post(
        reverse("admin:organisms_organism_changelist"),
        {"action": "delete_selected", "_selected_action": [organism_a.pk, organism_b.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "objets liés et protégés" in response.content.decode()
    assert Organism.objects.filter(pk__in=[organism_a.pk, organism_b.pk]).count() == 2


def test_an_organism_without_projects_can_be_deleted(client_for):
    organism = Organism.objects.create(name="Organisme sans projet", slug="organisme-sans-projet", kind="amo")
    response = client_for("superuser").post(delete_url(organism), {"post": "yes"})
    assert response.status_code == 302
    assert not Organism.objects.filter(pk=organism.pk).exists()


def test_the_database_refuses_the_cascade_whatever_the_caller(organism_a):
    with pytest.raises(ProtectedError):
        organism_a.delete()
    assert ProjectActor.objects.filter(organism=organism_a).exists()
