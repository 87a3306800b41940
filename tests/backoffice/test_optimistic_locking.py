"""Two people editing the same project: the second save is refused, nothing is lost."""

import pytest
from django.urls import reverse

from projects.models import Project

from .helpers import form_data, seen_version

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def test_the_second_of_two_concurrent_edits_is_refused_with_who_and_when(client_for, project_a):
    editor, moderator = client_for("editor_a"), client_for("moderator")
    editor_form = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "Version de l'éditeur"})
    moderator_form = form_data(moderator.get(change_url(project_a)), "project_form", {"notes": "Note du modérateur"})

    assert moderator.post(change_url(project_a), moderator_form).status_code == 302
    response = editor.post(change_url(project_a), editor_form)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ce projet a été modifié par moderatrice le" in body and "rechargez la page" in body
    project = Project.objects.get(pk=project_a.pk)
    assert project.notes == "Note du modérateur" and project.summary == ""

    # Resubmitting the same stale form is refused again; after reloading, the edit goes through.
    assert editor.post(change_url(project_a), editor_form).status_code == 200
    fresh = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "Version de l'éditeur"})
    assert editor.post(change_url(project_a), fresh).status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.notes) == ("Version de l'éditeur", "Note du modérateur")


def test_changes_to_lines_only_also_count(client_for, project_a):
    """Saving the page saves the project row too, so its version moves with any inline edit."""
    first, second = client_for("editor_a"), client_for("moderator")
    stale = form_data(first.get(change_url(project_a)), "project_form", {"summary": "Plus tard"})
    data = form_data(second.get(change_url(project_a)), "project_form")
    data["actors-0-description"] = ["A animé les ateliers"]
    assert second.post(change_url(project_a), data).status_code == 302
    assert first.post(change_url(project_a), stale).status_code == 200
    assert Project.objects.get(pk=project_a.pk).summary == ""


def test_a_workflow_step_after_opening_the_form_is_a_conflict_too(client_for, project_a):
    editor = client_for("editor_a")
    stale = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "Trop tard"})
    client_for("moderator").post(
        reverse("admin:projects_project_transition", args=[project_a.pk, "publish"]), seen_version(project_a)
    )
    response = editor.post(change_url(project_a), stale)
    # Now published: an editor's change goes through a reviewed revision, never onto the live row.
    assert response.status_code == 403
    assert Project.objects.get(pk=project_a.pk).summary != "Trop tard"


@pytest.mark.parametrize("version", [None, "", "pas-une-date"])
def test_a_missing_or_garbled_version_is_a_form_error_not_a_500(client_for, project_a, version):
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "X", "opened_version": version})
    response = editor.post(change_url(project_a), data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert Project.objects.get(pk=project_a.pk).summary == ""
