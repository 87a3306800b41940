"""Start, submit, approve, reject and withdraw a change to a published project (a twin row).

Each function is one transaction, locks the rows it reads before writing, logs a
``ProjectTransition`` on the *published* project (so its log tells the whole story, the twin
being temporary) and queues its e-mails in that same transaction (``notifications``).
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .. import notifications, permissions
from ..models import Project, ProjectTransition, PublicationStatus
from ..workflow import version_of
from .registry import CHILDREN, carried_fields, carried_many_to_many

if TYPE_CHECKING:
    from ..permissions import AnyUser

Action = ProjectTransition.Action
S = PublicationStatus
REVISION_ACTIONS = (Action.REVISION_SUBMIT, Action.REVISION_APPROVE, Action.REVISION_REJECT)


class State(StrEnum):
    STARTED = "started"  # created, not saved yet: nobody is asked to review it
    PENDING = "pending"  # saved by its editor: waiting for a moderator
    REJECTED = "rejected"  # sent back with a reason: the editor corrects it and saves again


def needs_revision(user: AnyUser, project: Project) -> bool:
    """Whether ``user``'s changes to ``project`` must be reviewed: an editor (not a moderator)
    changing a published project. Moderators' own changes go live (recorded in history)."""
    return project.status == S.PUBLISHED and not project.is_revision and not permissions.can_publish(user)


def _live_pk(twin: Project) -> int:
    if twin.revision_of_id is None:
        raise ValidationError(_("Ce n'est pas une modification en attente."))
    return twin.revision_of_id


def last_step(twin: Project) -> ProjectTransition | None:
    """The latest submit/reject of this twin (logged on its published project)."""
    return (
        ProjectTransition.objects.filter(
            project_id=_live_pk(twin), action__in=REVISION_ACTIONS, at__gte=twin.created_at
        )
        .select_related("by")
        .first()
    )


def state_of(twin: Project) -> State:
    step = last_step(twin)
    if step is None:
        return State.STARTED
    return State.REJECTED if step.action == Action.REVISION_REJECT else State.PENDING


def pending_twins(queryset: models.QuerySet[Project] | None = None) -> models.QuerySet[Project]:
    """Twins waiting for a moderator (their latest step is a submission), oldest first."""
    queryset = Project.objects.all() if queryset is None else queryset
    last = ProjectTransition.objects.filter(
        project=models.OuterRef("revision_of"), action__in=REVISION_ACTIONS, at__gte=models.OuterRef("created_at")
    ).order_by("-at", "-pk")
    return (
        queryset.filter(status=S.REVISION)
        .annotate(
            revision_step=models.Subquery(last.values("action")[:1]),
            revision_step_at=models.Subquery(last.values("at")[:1]),
        )
        .filter(revision_step=Action.REVISION_SUBMIT)
        .order_by("revision_step_at", "pk")
    )


def _copy_children(source: Project, target: Project) -> None:
    for child in CHILDREN:
        for row in getattr(source, child.related_name).all().order_by("pk"):
            many = {field.name: list(getattr(row, field.name).all()) for field in row._meta.many_to_many}
            row.pk = None
            row._state.adding = True
            row.project = target  # every child has a project
            row.save()
            for name, values in many.items():  # e.g. the tenures of an opening
                getattr(row, name).set(values)


def start(project: Project, user: AnyUser) -> Project:
    """The twin of ``project`` holding ``user``'s change: the existing one, or a new copy of the
    published content. One per project (unique ``revision_of``): two editors share it, and its
    form's optimistic lock keeps either from overwriting the other unseen."""
    if not permissions.can_change(user, project) or not isinstance(user, User):
        raise PermissionDenied
    existing = Project.objects.filter(revision_of=project).first()
    if existing is not None:
        return existing
    if project.status != S.PUBLISHED:
        raise ValidationError(_("Seul un projet publié se modifie par une modification relue."))
    try:
        with transaction.atomic():
            live = Project.objects.select_for_update().get(pk=project.pk)
            twin = Project.objects.get(pk=live.pk)
            twin.pk = None
            twin._state.adding = True
            twin.slug = f"{live.slug[:170]}--modification-{secrets.token_hex(4)}"
            twin.status = S.REVISION
            twin.revision_of = live
            twin.published_at = None
            twin.created_at = timezone.now()
            twin._history_user = user
            twin.save()
            twin.intervention_modes.set(live.intervention_modes.all())
            _copy_children(live, twin)
    except IntegrityError:
        # Someone started one at the same moment: the unique revision_of refused ours; use theirs.
        return Project.objects.get(revision_of=project)
    return twin


def submit(twin: Project, user: AnyUser) -> ProjectTransition | None:
    """After the editor saved the twin: ask the moderators (once; corrections made while it is
    already pending are in its history and in the moderator's diff, nobody is mailed again)."""
    if not twin.is_revision or not isinstance(user, User):
        raise ValidationError(_("Ce n'est pas une modification en attente."))
    if not permissions.can_change(user, twin):
        raise PermissionDenied
    with transaction.atomic():
        live = Project.objects.select_for_update().get(pk=_live_pk(twin))
        if state_of(twin) == State.PENDING:
            return None
        step = ProjectTransition.objects.create(
            project=live, action=Action.REVISION_SUBMIT, from_status=live.status, to_status=live.status, by=user
        )
        notifications.notify(step)
    return step


def _moderator(user: AnyUser) -> User:
    if not permissions.can_publish(user) or not isinstance(user, User):
        raise PermissionDenied
    return user


def _locked_pair(twin: Project) -> tuple[Project, Project]:
    locked_twin = Project.objects.select_for_update().filter(pk=twin.pk, status=S.REVISION).first()
    if locked_twin is None:
        raise ValidationError(_("Cette modification n'existe plus : elle a déjà été approuvée ou retirée."))
    live = Project.objects.select_for_update().get(pk=_live_pk(locked_twin))
    return live, locked_twin


def _check_seen(project: Project, seen: str | None) -> None:
    if seen is not None and version_of(project.updated_at) != seen:
        raise ValidationError(
            _(
                "« %(project)s » a été modifié le %(date)s, après que vous avez ouvert la comparaison : "
                "relisez-la avant de décider."
            ),
            code="changed_since_seen",
            params={
                "project": project.name,
                "date": formats.date_format(timezone.localtime(project.updated_at), "DATETIME_FORMAT"),
            },
        )


def approve(
    twin: Project, user: AnyUser, seen_live: str | None = None, seen_revision: str | None = None
) -> ProjectTransition:
    """Publish the change: the twin's fields and lines replace the published project's, in one
    transaction, recorded in history with the moderator as author; then the twin is deleted.

    ``seen_live`` / ``seen_revision``: the versions the moderator's diff showed; if either was
    saved since, nothing is done (ValidationError) so nothing unseen goes public."""
    moderator = _moderator(user)
    with transaction.atomic():
        live, locked = _locked_pair(twin)
        _check_seen(live, seen_live)
        _check_seen(locked, seen_revision)
        for child in CHILDREN:  # the published lines go first: the tenure-sum triggers see the new total
            for row in getattr(live, child.related_name).all():
                row._history_user = user
                row._change_reason = Action.REVISION_APPROVE
                row.delete()
        for name in carried_fields():
            setattr(live, name, getattr(locked, name))
        live._history_user = user
        live._change_reason = Action.REVISION_APPROVE
        live.save()
        for name in carried_many_to_many():
            getattr(live, name).set(getattr(locked, name).all())
        for child in CHILDREN:
            for row in getattr(locked, child.related_name).all().order_by("pk"):
                row.project = live
                row._history_user = user
                row._change_reason = Action.REVISION_APPROVE
                row.save()
        step = ProjectTransition.objects.create(
            project=live, action=Action.REVISION_APPROVE, from_status=live.status, to_status=live.status, by=moderator
        )
        locked._history_user = user
        locked.delete()
        notifications.notify(step)
    return step


def reject(twin: Project, user: AnyUser, reason: str, seen_revision: str | None = None) -> ProjectTransition:
    """Send the change back with a reason; the twin stays for its editor to correct and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif : l'éditeur le verra pour corriger sa modification.")})
    moderator = _moderator(user)
    with transaction.atomic():
        live, locked = _locked_pair(twin)
        _check_seen(locked, seen_revision)
        if state_of(locked) != State.PENDING:
            raise ValidationError(_("Cette modification n'attend pas de relecture."))
        step = ProjectTransition.objects.create(
            project=live,
            action=Action.REVISION_REJECT,
            from_status=live.status,
            to_status=live.status,
            by=moderator,
            reason=reason,
        )
        notifications.notify(step)
    return step


def withdraw(twin: Project, user: AnyUser) -> None:
    """The editor gives up their change: the twin and its lines are deleted, nothing public moves."""
    if not twin.is_revision:
        raise ValidationError(_("Ce n'est pas une modification en attente."))
    if not permissions.can_change(user, twin):
        raise PermissionDenied
    with transaction.atomic():
        locked = Project.objects.select_for_update().filter(pk=twin.pk).first()
        if locked is not None:
            locked._history_user = user
            locked.delete()
