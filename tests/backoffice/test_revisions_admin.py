"""Revisions in the admin: an editor proposes a change to a published project, a moderator compares
and decides; who may see and decide what (organism A's editor, B's editor, moderator)."""

import pytest
from django.urls import reverse

from projects.models import Project, ProjectTransition, PublicationStatus
from projects.revisions import services
from tests.factories import ProjectFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db
Action = ProjectTransition.Action


def url(name, project):
    return reverse(f"admin:projects_project_{name}", args=[project.pk])


def seen_versions(page):
    """The versions the comparison was made of, as its forms post them."""
    body = page.content.decode()
    return {name: body.split(f'name="{name}" value="')[1].split('"')[0] for name in ("seen_live", "seen_revision")}


@pytest.fixture
def live_a(organism_a):
    return ProjectFactory(developer=organism_a, published=True, summary="Publié")


@pytest.fixture
def twin_a(live_a, users):
    twin = services.start(live_a, users["editor_a"])
    twin.summary = "Proposé"
    twin.save()
    services.submit(twin, users["editor_a"])
    return twin


def test_an_editor_sees_a_published_project_read_only_with_a_way_to_propose_a_change(client_for, live_a):
    body = client_for("editor_a").get(url("change", live_a)).content.decode()
    assert 'name="_save"' not in body and "Proposer une modification" in body
    assert url("revise", live_a) in body
    body = client_for("moderator").get(url("change", live_a)).content.decode()
    assert 'name="_save"' in body and "Proposer une modification" not in body  # moderators edit live


def test_an_editor_saving_the_twin_submits_it_and_the_public_keeps_the_published_version(client_for, live_a):
    editor = client_for("editor_a")
    assert editor.get(url("revise", live_a)).status_code == 200  # explains, changes nothing
    assert not Project.objects.filter(revision_of=live_a).exists()
    response = editor.post(url("revise", live_a))
    twin = Project.objects.get(revision_of=live_a)
    assert response.status_code == 302 and response["Location"] == url("change", twin)

    data = form_data(editor.get(url("change", twin)), "project_form", {"summary": "Proposé par l'éditrice"})
    response = editor.post(url("change", twin), data, follow=True)
    assert response.redirect_chain[-1][0] == url("change", twin)
    body = response.content.decode()
    assert "attend la relecture d&#x27;un modérateur" in body and "En attente de relecture" in body
    assert Project.objects.get(pk=live_a.pk).summary == "Publié"
    assert services.state_of(twin) == services.State.PENDING
    assert live_a.transitions.filter(action=Action.REVISION_SUBMIT).count() == 1
    # Going back to the published project's address leads to the same pending change.
    assert editor.get(url("revise", live_a))["Location"] == url("change", twin)


def test_the_moderator_reads_the_change_in_words_and_approves_it(client_for, live_a, twin_a):
    moderator = client_for("moderator")
    page = moderator.get(url("review", twin_a))
    body = page.content.decode()
    assert page.status_code == 200 and "Publié" in body and "Proposé" in body and "Approuver et publier" in body
    response = moderator.post(url("review", twin_a), {"decision": "approve", **seen_versions(page)})
    assert response.status_code == 302 and response["Location"] == url("change", live_a)
    assert Project.objects.get(pk=live_a.pk).summary == "Proposé"
    assert not Project.objects.filter(pk=twin_a.pk).exists()
    history = moderator.get(url("history", live_a)).content.decode()
    assert "Modification approuvée et publiée" in history and "Proposé" in history


def test_the_editor_previews_their_change_as_the_public_page_would_show_it(client_for, twin_a):
    response = client_for("editor_a").get(url("preview", twin_a))
    assert response.status_code == 200 and "Proposé" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_rejection_needs_a_reason_and_the_editor_sees_it_on_the_twin(client_for, twin_a):
    moderator = client_for("moderator")
    assert moderator.post(url("review", twin_a), {"decision": "reject", "reason": ""}).status_code == 400
    seen = seen_versions(moderator.get(url("review", twin_a)))
    moderator.post(url("review", twin_a), {"decision": "reject", "reason": "Source introuvable p. 12.", **seen})
    body = client_for("editor_a").get(url("change", twin_a)).content.decode()
    assert "Modification refusée par moderatrice" in body and "Source introuvable p. 12." in body


def test_twins_are_not_listed_with_the_projects(client_for, twin_a):
    for role in ("editor_a", "moderator"):
        body = client_for(role).get(reverse("admin:projects_project_changelist")).content.decode()
        assert twin_a.slug not in body and url("change", twin_a) not in body


def test_approving_a_change_saved_after_the_comparison_was_opened_is_refused(client_for, live_a, twin_a):
    moderator = client_for("moderator")
    seen = seen_versions(moderator.get(url("review", twin_a)))
    twin_a.summary = "Corrigé entre-temps"
    twin_a.save()
    response = moderator.post(url("review", twin_a), {"decision": "approve", **seen})
    assert response.status_code == 400 and "après que vous avez ouvert la comparaison" in response.content.decode()
    assert "Corrigé entre-temps" in response.content.decode()  # the page now shows the latest version
    assert Project.objects.get(pk=live_a.pk).summary == "Publié"


def test_the_moderators_dashboard_lists_pending_changes(client_for, twin_a):
    body = client_for("moderator").get(reverse("admin:index")).content.decode()
    assert "Modifications de projets publiés à relire" in body and url("change", twin_a) in body


@pytest.mark.parametrize("name", ["change", "review", "preview", "history"])
def test_an_editor_of_another_organism_never_sees_a_change(client_for, twin_a, name):
    assert client_for("editor_b").get(url(name, twin_a)).status_code == 404
    assert client_for("editor_b").get(url("revise", twin_a.revision_of)).status_code == 404


def test_no_editor_may_approve_or_reject(client_for, twin_a):
    assert client_for("editor_b").post(url("review", twin_a), {"decision": "approve"}).status_code == 404
    assert client_for("editor_a").post(url("review", twin_a), {"decision": "approve"}).status_code == 403
    assert client_for("editor_a").post(url("review", twin_a), {"decision": "reject", "reason": "x"}).status_code == 403
    assert Project.objects.get(pk=twin_a.revision_of_id).summary == "Publié"
    body = client_for("editor_a").get(url("review", twin_a)).content.decode()
    assert "Approuver et publier" not in body  # the editor reads the comparison, no decision buttons


def test_an_editor_may_withdraw_their_change_but_not_delete_the_published_project(client_for, live_a, twin_a):
    editor = client_for("editor_a")
    assert editor.post(url("delete", live_a), {"post": "yes"}).status_code == 403
    assert editor.post(url("delete", twin_a), {"post": "yes"}).status_code == 302
    assert not Project.objects.filter(pk=twin_a.pk).exists()
    assert Project.objects.get(pk=live_a.pk).status == PublicationStatus.PUBLISHED


def test_a_pending_change_is_neither_downloaded_nor_counted_as_another_project(client_for, organism_a, twin_a):
    moderator = client_for("moderator")
    download = moderator.get(reverse("admin:projects_project_export", args=["csv"])).content.decode()
    assert twin_a.revision_of.slug in download and twin_a.slug not in download
    organisms = moderator.get(reverse("admin:organisms_organism_changelist") + f"?q={organism_a.name}")
    row = next(r for r in organisms.context["cl"].result_list if r.pk == organism_a.pk)
    assert row.project_count == Project.objects.with_actor_among([organism_a.pk]).exclude(status="revision").count()
