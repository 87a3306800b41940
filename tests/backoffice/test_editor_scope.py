"""An organism editor stays within their organism's projects and data."""

import pytest
from django.urls import reverse

from organisms.models import Organism
from projects.models import Project, ProjectActor

from .helpers import form_data

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def actor_rows(data):
    total = int(data["actors-TOTAL_FORMS"][0])
    return {data[f"actors-{i}-organism"][0]: i for i in range(total)}


def add_actor(data, organism, role="partner"):
    index = int(data["actors-TOTAL_FORMS"][0])
    data["actors-TOTAL_FORMS"] = [str(index + 1)]
    data[f"actors-{index}-organism"] = [str(organism.pk)]
    data[f"actors-{index}-role"] = [role]
    return data


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("change", []),
        ("history", []),
        ("delete", []),
        ("preview", []),
        ("transition", ["submit"]),
        ("verify", []),
    ],
)
def test_direct_urls_to_another_organisms_project_are_404(client_for, project_b, url_name, args):
    url = reverse(f"admin:projects_project_{url_name}", args=[project_b.pk, *args])
    editor = client_for("editor_a")
    assert editor.get(url).status_code == 404
    assert editor.post(url, {"post": "yes"}).status_code == 404
    assert Project.objects.get(pk=project_b.pk).status == "draft"


def test_editor_cannot_remove_their_own_organism_from_the_actors(client_for, project_a):
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project_a)), "project_form")
    data[f"actors-{actor_rows(data)[str(project_a.actors.get().organism_id)]}-DELETE"] = ["on"]
    response = editor.post(change_url(project_a), data)
    assert response.status_code == 200
    assert "Gardez au moins une ligne pour votre organisme" in response.content.decode()
    assert project_a.actors.count() == 1


def test_editor_cannot_attach_their_project_to_another_landlord(client_for, project_a, organism_b):
    editor = client_for("editor_a")
    data = add_actor(form_data(editor.get(change_url(project_a)), "project_form"), organism_b, "developer")
    response = editor.post(change_url(project_a), data)
    assert response.status_code == 200
    assert "« Aquitanis » est un autre organisme Hlm" in response.content.decode()
    assert not project_a.actors.filter(organism=organism_b).exists()
    # Replacing their organism by another landlord is refused just the same.
    data = form_data(editor.get(change_url(project_a)), "project_form")
    data[f"actors-{actor_rows(data)[str(project_a.actors.get().organism_id)]}-organism"] = [str(organism_b.pk)]
    assert editor.post(change_url(project_a), data).status_code == 200
    assert list(project_a.actors.values_list("organism__slug", flat=True)) == ["le-col"]


def test_editor_adds_partners_that_are_not_landlords(client_for, project_a):
    city = Organism.objects.get(slug="ville-de-bayonne")
    editor = client_for("editor_a")
    data = add_actor(form_data(editor.get(change_url(project_a)), "project_form"), city, "initiating_authority")
    assert editor.post(change_url(project_a), data).status_code == 302
    assert project_a.actors.filter(organism=city, role="initiating_authority").exists()


def test_rows_of_another_landlord_set_by_a_moderator_stay_as_they_are(client_for, project_a, organism_b):
    ProjectActor.objects.create(project=project_a, organism=organism_b, role="manager")
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "Mis à jour"})
    assert editor.post(change_url(project_a), data).status_code == 302  # unchanged row: fine
    data = form_data(editor.get(change_url(project_a)), "project_form")
    data[f"actors-{actor_rows(data)[str(organism_b.pk)]}-DELETE"] = ["on"]
    response = editor.post(change_url(project_a), data)
    assert response.status_code == 200 and "seul un modérateur" in response.content.decode()
    assert project_a.actors.filter(organism=organism_b).exists()
    # A moderator may.
    moderator = client_for("moderator")
    data = form_data(moderator.get(change_url(project_a)), "project_form")
    data[f"actors-{actor_rows(data)[str(organism_b.pk)]}-DELETE"] = ["on"]
    assert moderator.post(change_url(project_a), data).status_code == 302
    assert not project_a.actors.filter(organism=organism_b).exists()


def test_actor_autocomplete_offers_editors_their_organism_and_non_landlords(client_for, project_a):
    def results(role, term):
        response = client_for(role).get(
            reverse("admin:autocomplete"),
            {"app_label": "projects", "model_name": "projectactor", "field_name": "organism", "term": term},
        )
        assert response.status_code == 200
        return {row["text"] for row in response.json()["results"]}

    assert "Le COL" in str(results("editor_a", "col"))
    assert not any("Aquitanis" in text for text in results("editor_a", "aquitanis"))
    assert any("Bayonne" in text for text in results("editor_a", "bayonne"))
    assert any("Aquitanis" in text for text in results("moderator", "aquitanis"))


def test_editor_edits_only_the_presentation_of_their_own_organism(client_for, organism_a, users):
    superuser_page = client_for("superuser").get(reverse("admin:organisms_organism_change", args=[organism_a.pk]))
    data = form_data(
        superuser_page,
        "organism_form",
        {"description": "Coopérative Hlm du Pays basque.", "name": "Renommé", "slug": "x"},
    )
    editor = client_for("editor_a")
    page = editor.get(reverse("admin:organisms_organism_change", args=[organism_a.pk])).content.decode()
    assert 'name="description"' in page and 'name="name"' not in page
    assert editor.post(reverse("admin:organisms_organism_change", args=[organism_a.pk]), data).status_code == 302
    organism_a.refresh_from_db()
    assert organism_a.description == "Coopérative Hlm du Pays basque."
    assert (organism_a.name, organism_a.slug) == ("Le COL", "le-col")
    assert organism_a.history.first().history_user == users["editor_a"]


def test_a_staff_user_without_organism_sees_no_project(client_for, django_user_model):
    from accounts.roles import EDITORS
    from accounts.services import create_staff_user

    user, _ = create_staff_user("sans-organisme", role=EDITORS)
    client = client_for("anonymous")
    client.force_login(user)
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 200 and response.context["cl"].result_count == 0
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
