"""Draft → submitted → published (→ archived), through the admin's buttons, with a log."""

import pytest
from django.urls import reverse

from projects.models import Project, ProjectTransition, PublicationStatus
from tests.factories import ProjectFactory

from .helpers import form_data, seen_version

pytestmark = pytest.mark.django_db


def transition_url(project, action):
    return reverse("admin:projects_project_transition", args=[project.pk, action])


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def reload(project):
    return Project.objects.get(pk=project.pk)


def test_editor_submits_and_moderator_publishes_with_who_and_when_logged(client_for, users, project_a):
    assert client_for("editor_a").post(transition_url(project_a, "submit")).status_code == 302
    assert reload(project_a).status == PublicationStatus.SUBMITTED
    assert (
        client_for("moderator").post(transition_url(project_a, "publish"), seen_version(project_a)).status_code == 302
    )
    project = reload(project_a)
    assert project.status == PublicationStatus.PUBLISHED and project.published_at is not None
    log = list(
        project.transitions.order_by("at", "pk").values_list("action", "from_status", "to_status", "by__username")
    )
    assert log == [
        ("submit", "draft", "submitted", "editeur-a"),
        ("publish", "submitted", "published", "moderatrice"),
    ]
    assert client_for("anonymous").get(project.get_absolute_url()).status_code == 200


def test_rejection_needs_a_reason_and_the_editor_sees_it(client_for, project_a):
    Project.objects.filter(pk=project_a.pk).update(status=PublicationStatus.SUBMITTED)
    moderator = client_for("moderator")
    page = moderator.get(transition_url(project_a, "reject"))
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()

    response = moderator.post(transition_url(project_a, "reject"), {"reason": "  "})
    assert response.status_code == 400
    assert "Indiquez le motif" in response.content.decode()
    assert reload(project_a).status == PublicationStatus.SUBMITTED

    reason = "Le nombre de logements PLAI ne correspond pas à la source (p. 12)."
    assert moderator.post(transition_url(project_a, "reject"), {"reason": reason}).status_code == 302
    assert reload(project_a).status == PublicationStatus.DRAFT
    assert project_a.transitions.get().reason == reason

    editor = client_for("editor_a")
    page = editor.get(change_url(project_a)).content.decode()
    assert "Refusé par moderatrice" in page and "ne correspond pas à la source" in page
    dashboard = editor.get(reverse("admin:index"))
    rejected = {section.key: section for section in dashboard.context["dashboard"]}["rejected"]
    assert [p.pk for p in rejected.projects] == [project_a.pk]
    assert "ne correspond pas à la source" in dashboard.content.decode()
    # Resubmitting clears the "to fix" state.
    editor.post(transition_url(project_a, "submit"))
    dashboard = editor.get(reverse("admin:index"))
    assert {section.key: section for section in dashboard.context["dashboard"]}["rejected"].count == 0


def test_a_reject_without_reason_is_refused_by_the_database_too(project_a, users):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectTransition.objects.create(project=project_a, action="reject", from_status="submitted", to_status="draft")


def test_unpublishing_hides_the_project_and_republishing_shows_it(client_for, project_a):
    moderator = client_for("moderator")
    moderator.post(transition_url(project_a, "publish"), seen_version(project_a))
    public = client_for("anonymous")
    assert public.get(project_a.get_absolute_url()).status_code == 200
    moderator.post(transition_url(project_a, "unpublish"), {"reason": "Projet abandonné"})
    assert reload(project_a).status == PublicationStatus.ARCHIVED
    assert public.get(project_a.get_absolute_url()).status_code == 404
    moderator.post(transition_url(project_a, "publish"), seen_version(project_a))
    assert public.get(project_a.get_absolute_url()).status_code == 200


def test_a_transition_the_status_no_longer_allows_changes_nothing(client_for, project_a):
    moderator = client_for("moderator")
    moderator.post(transition_url(project_a, "publish"), seen_version(project_a))
    response = moderator.post(transition_url(project_a, "publish"), seen_version(project_a), follow=True)
    assert "n&#x27;est pas possible" in response.content.decode()
    assert project_a.transitions.count() == 1


def test_unknown_transition_is_a_404(client_for, project_a):
    assert client_for("moderator").post(transition_url(project_a, "bless")).status_code == 404


@pytest.mark.parametrize("view", ["change", "add"])
def test_editors_cannot_set_status_or_publication_date_by_posting_them(client_for, project_a, organism_a, view):
    editor = client_for("editor_a")
    url = change_url(project_a) if view == "change" else reverse("admin:projects_project_add")
    overrides = {
        "status": "published",
        "published_at_0": "01/01/2020",
        "published_at_1": "12:00:00",
        "published_at": "2020-01-01T12:00:00",
        "last_verified_on": "01/01/2020",
    }
    if view == "add":
        overrides.update(
            {"name": "Posté par un éditeur", "slug": "poste-editeur", "owner_organism": str(organism_a.pk)}
        )
    data = form_data(editor.get(url), "project_form", overrides)
    assert editor.post(url, data).status_code == 302
    project = reload(project_a) if view == "change" else Project.objects.get(slug="poste-editeur")
    assert project.status == PublicationStatus.DRAFT
    assert project.published_at is None and project.last_verified_on is None
    assert not Project.objects.published().filter(pk=project.pk).exists()


def test_editors_new_project_is_a_draft_of_their_organism(client_for, organism_a):
    editor = client_for("editor_a")
    page = editor.get(reverse("admin:projects_project_add"))
    assert "Organisme porteur" in page.content.decode()
    data = form_data(page, "project_form", {"name": "Les Hirondelles", "slug": "les-hirondelles"})
    assert data["owner_organism"] == [str(organism_a.pk)]  # preselected: their only organism
    assert editor.post(reverse("admin:projects_project_add"), data).status_code == 302
    project = Project.objects.get(slug="les-hirondelles")
    assert project.status == PublicationStatus.DRAFT
    assert list(project.actors.values_list("organism__slug", "role")) == [("le-col", "developer")]
    # The editor can open it right away.
    assert editor.get(change_url(project)).status_code == 200


def test_an_editor_of_two_organisms_chooses_one(users, organism_a, organism_b, client_for):
    from accounts.models import Membership

    Membership.objects.create(user=users["editor_a"], organism=organism_b)
    editor = client_for("editor_a")
    page = editor.get(reverse("admin:projects_project_add"))
    data = form_data(page, "project_form", {"name": "Double", "slug": "double", "owner_organism": ""})
    response = editor.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    data["owner_organism"] = [str(organism_b.pk)]
    assert editor.post(reverse("admin:projects_project_add"), data).status_code == 302
    assert Project.objects.get(slug="double").actors.get().organism == organism_b


def test_editors_cannot_delete_a_project_once_published(client_for, project_a):
    client_for("moderator").post(transition_url(project_a, "publish"), seen_version(project_a))
    editor = client_for("editor_a")
    assert (
        editor.post(reverse("admin:projects_project_delete", args=[project_a.pk]), {"post": "yes"}).status_code == 403
    )
    assert Project.objects.filter(pk=project_a.pk).exists()


def test_bulk_actions_follow_the_roles(client_for, organism_a):
    drafts = ProjectFactory.create_batch(3, developer=organism_a)
    changelist = reverse("admin:projects_project_changelist")
    editor = client_for("editor_a")
    actions = [value for value, _label in editor.get(changelist).context["action_form"].fields["action"].choices]
    assert "submit_selected" in actions and "mark_selected_verified" in actions
    assert "publish_selected" not in actions and "delete_selected" not in actions
    editor.post(changelist, {"action": "submit_selected", "_selected_action": [p.pk for p in drafts[:2]]})
    assert [reload(p).status for p in drafts] == ["submitted", "submitted", "draft"]

    moderator = client_for("moderator")
    confirmation = moderator.post(
        changelist, {"action": "publish_selected", "_selected_action": [p.pk for p in drafts]}
    )
    assert confirmation.status_code == 200 and [reload(p).status for p in drafts] == ["submitted", "submitted", "draft"]
    assert all(f"/admin/projects/project/{p.pk}/apercu/" in confirmation.content.decode() for p in drafts)
    response = moderator.post(changelist, form_data(confirmation, "publish-confirmation"), follow=True)
    assert [reload(p).status for p in drafts] == ["published"] * 3
    assert "Publier : 3 projets." in response.content.decode()
    # An editor posting an action they do not have changes nothing.
    editor.post(changelist, {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]})
    assert reload(drafts[0]).status == "published"


def test_preview_shows_the_public_page_of_a_draft_to_those_who_may_see_it(client_for, project_a):
    url = reverse("admin:projects_project_preview", args=[project_a.pk])
    response = client_for("editor_a").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aperçu" in body and "le public ne voit pas cette page" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"]
    assert project_a.name in body
    assert client_for("editor_b").get(url).status_code == 404
    assert client_for("moderator").get(url).status_code == 200
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("anonymous").get(project_a.get_absolute_url()).status_code == 404
    # The public page itself has no banner and may be indexed.
    client_for("moderator").post(transition_url(project_a, "publish"), seen_version(project_a))
    public = client_for("anonymous").get(project_a.get_absolute_url()).content.decode()
    assert "noindex" not in public and "preview-banner" not in public


def test_change_page_offers_the_buttons_of_the_role(client_for, project_a):
    Project.objects.filter(pk=project_a.pk).update(status=PublicationStatus.SUBMITTED)
    editor_page = client_for("editor_a").get(change_url(project_a)).content.decode()
    assert "Publier" not in editor_page.split('id="workflow-heading"')[1].split("</section>")[0]
    assert "En attente de relecture" in editor_page
    moderator_page = client_for("moderator").get(change_url(project_a)).content.decode()
    assert 'form="workflow-publish"' in moderator_page and "Refuser…" in moderator_page
    assert "Aperçu public" in moderator_page


def test_dashboard_lists_what_each_role_has_to_do(client_for, organism_a, organism_b):
    draft_a = ProjectFactory(developer=organism_a)
    submitted_b = ProjectFactory(developer=organism_b, submitted=True)

    def sections(role):
        response = client_for(role).get(reverse("admin:index"))
        assert response.status_code == 200
        return {section.key: [p.pk for p in section.projects] for section in response.context["dashboard"]}

    editor = sections("editor_a")
    assert draft_a.pk in editor["drafts"] and submitted_b.pk not in editor["submitted"]
    assert "changed" not in editor
    # Published seed projects of Le COL never verified: to verify.
    assert set(editor["unverified"]) == set(
        Project.objects.published().filter(actors__organism=organism_a).values_list("pk", flat=True)
    )
    moderator = sections("moderator")
    assert submitted_b.pk in moderator["submitted"] and draft_a.pk in moderator["drafts"]
    assert sections("editor_b")["submitted"] == [submitted_b.pk]


def test_verified_button_stamps_today_and_leaves_the_to_verify_list(client_for, organism_a):
    from django.utils import timezone

    project = Project.objects.published().filter(actors__organism=organism_a).first()
    editor = client_for("editor_a")
    response = editor.post(reverse("admin:projects_project_verify", args=[project.pk]))
    assert response.status_code == 302
    assert reload(project).last_verified_on == timezone.localdate()
    unverified = {s.key: s for s in editor.get(reverse("admin:index")).context["dashboard"]}["unverified"]
    assert project.pk not in [p.pk for p in unverified.projects]
    url = reverse("admin:projects_project_changelist")
    assert project not in editor.get(url, {"verification": "a-verifier"}).context["cl"].result_list
    assert project in editor.get(url, {"verification": "verifie"}).context["cl"].result_list


def test_a_long_rejection_reason_is_kept_whole_in_the_log_and_never_breaks_the_save(client_for, project_a):
    Project.objects.filter(pk=project_a.pk).update(status=PublicationStatus.SUBMITTED)
    reason = "Les chiffres de la page 12 ne correspondent pas au tableau de la source. " * 6
    response = client_for("moderator").post(transition_url(project_a, "reject"), {"reason": reason})
    assert response.status_code == 302
    assert reload(project_a).status == PublicationStatus.DRAFT
    assert project_a.transitions.get().reason == reason.strip()


def test_moderator_cannot_publish_a_change_saved_after_opening_the_page(client_for, project_a):
    """The editor saves while the moderator reads: « Publier » then refuses, and says why."""
    Project.objects.filter(pk=project_a.pk).update(status=PublicationStatus.SUBMITTED)
    moderator, editor = client_for("moderator"), client_for("editor_a")
    publish_button = form_data(moderator.get(change_url(project_a)), "workflow-publish")
    assert publish_button["seen_version"] == [seen_version(project_a)["seen_version"]]

    data = form_data(editor.get(change_url(project_a)), "project_form", {"summary": "Chiffres non vérifiés"})
    assert editor.post(change_url(project_a), data).status_code == 302

    response = moderator.post(transition_url(project_a, "publish"), publish_button)
    assert response.status_code == 400
    assert "après que vous l&#x27;avez ouvert" in response.content.decode()
    assert reload(project_a).status == PublicationStatus.SUBMITTED
    assert not project_a.transitions.filter(action="publish").exists()

    # Once reread, the same button publishes what the moderator saw.
    assert (
        moderator.post(
            transition_url(project_a, "publish"), form_data(moderator.get(change_url(project_a)), "workflow-publish")
        ).status_code
        == 302
    )
    assert reload(project_a).status == PublicationStatus.PUBLISHED


def test_publishing_without_the_version_seen_is_refused(client_for, project_a):
    response = client_for("moderator").post(transition_url(project_a, "publish"))
    assert response.status_code == 400
    assert reload(project_a).status == PublicationStatus.DRAFT


def test_bulk_publishing_leaves_out_a_project_changed_after_the_confirmation_page(client_for, organism_a):
    drafts = ProjectFactory.create_batch(2, developer=organism_a)
    changelist = reverse("admin:projects_project_changelist")
    moderator, editor = client_for("moderator"), client_for("editor_a")
    confirmation = moderator.post(
        changelist, {"action": "publish_selected", "_selected_action": [p.pk for p in drafts]}
    )
    data = form_data(editor.get(change_url(drafts[1])), "project_form", {"summary": "Corrigé entre-temps"})
    assert editor.post(change_url(drafts[1]), data).status_code == 302
    response = moderator.post(changelist, form_data(confirmation, "publish-confirmation"), follow=True)
    assert [reload(p).status for p in drafts] == ["published", "draft"]
    assert "1 projet non publié : il a été modifié depuis la confirmation" in response.content.decode()
