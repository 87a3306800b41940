"""Revisions as services: start, correct, submit, approve, reject, conflicts, moderators' direct edits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from projects.models import Project, ProjectTransition, PublicationStatus, TenureLine
from projects.revisions import services
from projects.revisions.registry import CHILDREN
from projects.workflow import version_of
from tests.factories import ProjectFactory, tenure_status

pytestmark = pytest.mark.django_db
Action = ProjectTransition.Action


def counts(project):
    return {child.related_name: getattr(project, child.related_name).count() for child in CHILDREN}


def test_starting_a_revision_copies_every_field_and_line_into_a_never_public_twin(team, live):
    twin = services.start(live, team["editor"])

    assert twin.pk != live.pk and twin.revision_of == live and twin.status == PublicationStatus.REVISION
    assert twin.slug != live.slug and twin.published_at is None
    assert twin.name == live.name and twin.summary == "Avant" and twin.total_homes == live.total_homes
    assert list(twin.intervention_modes.all()) == list(live.intervention_modes.all())
    assert counts(twin) == counts(live) and all(counts(live).values())  # one row of every kind, copied
    assert not Project.objects.published().filter(pk=twin.pk).exists()
    assert services.state_of(twin) == services.State.STARTED


def test_a_second_start_returns_the_same_twin_and_the_database_refuses_two(team, live):
    twin = services.start(live, team["editor"])
    assert services.start(live, team["colleague"]) == twin
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(status=PublicationStatus.REVISION, revision_of=live)


def test_a_twin_can_never_be_published_nor_a_normal_project_carry_the_revision_status(team, live):
    twin = services.start(live, team["editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=twin.pk).update(status=PublicationStatus.PUBLISHED, published_at=live.published_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(status=PublicationStatus.REVISION)


def test_only_a_published_project_is_revised_and_only_by_its_editors(team, live):
    with pytest.raises(PermissionDenied):
        services.start(live, team["outsider"])
    draft = ProjectFactory(developer=team["organism"])
    with pytest.raises(ValidationError):
        services.start(draft, team["editor"])


def test_submitting_asks_the_moderators_once_while_the_editor_keeps_correcting(team, live):
    twin = services.start(live, team["editor"])
    step = services.submit(twin, team["editor"])
    assert step.action == Action.REVISION_SUBMIT and step.project == live
    assert services.state_of(twin) == services.State.PENDING
    assert list(services.pending_twins()) == [twin]

    twin.summary = "Corrigé une deuxième fois"
    twin.save()
    assert services.submit(twin, team["colleague"]) is None  # already pending: no second request
    assert live.transitions.filter(action=Action.REVISION_SUBMIT).count() == 1
    assert Project.objects.get(pk=live.pk).summary == "Avant"


def test_approval_puts_the_change_live_with_every_kind_of_line_and_deletes_the_twin(team, live):
    twin = services.start(live, team["editor"])
    twin.summary, twin.total_homes = "Après", 12
    twin.save()
    twin.tenure_lines.update(homes=9)
    for child in CHILDREN:  # one row of every kind moves; remember which
        assert getattr(twin, child.related_name).exists(), child.related_name
    moved = {
        child.related_name: set(getattr(twin, child.related_name).values_list("pk", flat=True)) for child in CHILDREN
    }
    old = {
        child.related_name: set(getattr(live, child.related_name).values_list("pk", flat=True)) for child in CHILDREN
    }
    services.submit(twin, team["editor"])

    step = services.approve(twin, team["moderator"])

    live.refresh_from_db()
    assert step.action == Action.REVISION_APPROVE and step.by == team["moderator"]
    assert live.summary == "Après" and live.total_homes == 12 and live.status == PublicationStatus.PUBLISHED
    assert live.tenure_lines.get().homes == 9
    for child in CHILDREN:
        now = set(getattr(live, child.related_name).values_list("pk", flat=True))
        assert now == moved[child.related_name] and not now & old[child.related_name], child.related_name
    assert not Project.objects.filter(pk=twin.pk).exists()
    assert live.slug == Project.objects.published().get(pk=live.pk).slug  # address unchanged
    # History: the moderator is the author of the published project's new version.
    latest = live.history.first()
    assert latest.history_user == team["moderator"] and latest.history_change_reason == Action.REVISION_APPROVE


def test_approval_carries_photos_added_and_removed(team, live):
    from tests.factories import PhotoFactory

    twin = services.start(live, team["editor"])
    twin.photos.all().delete()
    PhotoFactory(project=twin, caption="Le jardin", image="photos/new/b.jpg")
    services.approve(twin, team["moderator"])
    assert list(live.photos.values_list("caption", flat=True)) == ["Le jardin"]


def test_approval_can_lower_the_total_and_the_lines_together(team, live):
    """The tenure-sum triggers see the published lines removed before the new total."""
    TenureLine.objects.create(project=live, status=tenure_status("plai"), homes=6)  # 4 + 6 = total 10
    twin = services.start(live, team["editor"])
    twin.tenure_lines.filter(status__code="plai").delete()
    twin.total_homes = 5
    twin.save()
    services.approve(twin, team["moderator"])
    live.refresh_from_db()
    assert live.total_homes == 5 and live.tenure_total() == 4


def test_rejection_keeps_the_twin_with_the_reason_and_a_correction_resubmits(team, live):
    twin = services.start(live, team["editor"])
    services.submit(twin, team["editor"])
    with pytest.raises(ValidationError):
        services.reject(twin, team["moderator"], "  ")
    services.reject(twin, team["moderator"], "La surface ne correspond pas à la source.")

    assert services.state_of(twin) == services.State.REJECTED
    assert services.last_step(twin).reason == "La surface ne correspond pas à la source."
    assert Project.objects.filter(pk=twin.pk).exists() and not services.pending_twins().exists()
    services.submit(twin, team["editor"])
    assert services.state_of(twin) == services.State.PENDING


def test_editors_cannot_approve_nor_reject(team, live):
    twin = services.start(live, team["editor"])
    services.submit(twin, team["editor"])
    for person in ("editor", "colleague", "outsider"):
        with pytest.raises(PermissionDenied):
            services.approve(twin, team[person])
        with pytest.raises(PermissionDenied):
            services.reject(twin, team[person], "Non")


def test_a_revision_saved_after_the_moderator_opened_the_diff_is_not_approved_unseen(team, live):
    twin = services.start(live, team["editor"])
    seen_live, seen_twin = version_of(live.updated_at), version_of(twin.updated_at)
    twin.summary = "Corrigé pendant la relecture"
    twin.save()
    with pytest.raises(ValidationError, match="après que vous avez ouvert"):
        services.approve(twin, team["moderator"], seen_live, seen_twin)
    assert Project.objects.get(pk=live.pk).summary == "Avant"


def test_a_published_version_changed_after_the_diff_was_opened_is_not_overwritten_unseen(team, live):
    twin = services.start(live, team["editor"])
    seen_live, seen_twin = version_of(live.updated_at), version_of(twin.updated_at)
    live.name = "Changé par une modératrice"
    live.save()  # a moderator's own change: live at once
    with pytest.raises(ValidationError):
        services.approve(twin, team["moderator"], seen_live, seen_twin)
    assert Project.objects.get(pk=live.pk).name == "Changé par une modératrice"


def test_moderators_change_live_directly_and_editors_need_a_revision(team, live):
    assert services.needs_revision(team["editor"], live)
    assert not services.needs_revision(team["moderator"], live)
    assert not services.needs_revision(team["editor"], ProjectFactory(developer=team["organism"]))


def test_withdrawing_deletes_the_twin_and_leaves_the_published_project_alone(team, live):
    before = counts(live)
    twin = services.start(live, team["editor"])
    with pytest.raises(PermissionDenied):
        services.withdraw(twin, team["outsider"])
    services.withdraw(twin, team["editor"])
    assert not Project.objects.filter(pk=twin.pk).exists() and counts(live) == before


def test_an_openings_tenures_travel_with_the_revision(team, live):
    twin = services.start(live, team["editor"])
    [copied] = twin.openings.all()
    assert [status.code for status in copied.tenures.all()] == ["psla"]
