"""The publication workflow: draft → submitted → published (→ archived), with a log.

Every status change goes through ``apply_transition``: the project form never writes
``status`` or ``published_at``. Editors submit; moderators publish, reject (with a reason,
back to draft) and unpublish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import notifications, permissions
from .models import Project, ProjectTransition, PublicationStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .permissions import AnyUser

Action = ProjectTransition.Action
S = PublicationStatus


def version_of(updated_at: datetime | None) -> str:
    """A project's version as the forms carry it (hidden ``opened_version`` / ``seen_version``)."""
    return updated_at.astimezone(UTC).isoformat() if updated_at else ""


#: The history's change reason of "J'ai vérifié ces informations" (the transitions use their action).
VERIFIED = "verified"


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    moderators_only: bool
    reason_required: bool = False
    label: StrOrPromise = ""
    button: StrOrPromise = ""


RULES: dict[str, Rule] = {
    Action.SUBMIT: Rule(
        frozenset({S.DRAFT}),
        S.SUBMITTED,
        False,
        label=_("Soumettre pour relecture"),
        button=_("Soumettre pour relecture"),
    ),
    Action.PUBLISH: Rule(
        frozenset({S.DRAFT, S.SUBMITTED, S.ARCHIVED}), S.PUBLISHED, True, label=_("Publier"), button=_("Publier")
    ),
    Action.REJECT: Rule(
        frozenset({S.SUBMITTED}),
        S.DRAFT,
        True,
        reason_required=True,
        label=_("Refuser et renvoyer en brouillon"),
        button=_("Refuser…"),
    ),
    Action.UNPUBLISH: Rule(frozenset({S.PUBLISHED}), S.ARCHIVED, True, label=_("Dépublier"), button=_("Dépublier")),
}


def may(user: AnyUser, project: Project, action: str) -> bool:
    """Whether ``user`` may apply ``action`` to ``project`` now (role and current status)."""
    rule = RULES.get(action)
    if rule is None or project.status not in rule.sources:
        return False
    if rule.moderators_only:
        return permissions.can_publish(user)
    return permissions.can_change(user, project)


def available_actions(user: AnyUser, project: Project) -> list[str]:
    return [action for action in RULES if may(user, project, action)]


def apply_transition(
    project: Project,
    action: str,
    user: AnyUser,
    reason: str = "",
    seen_version: str | None = None,
) -> ProjectTransition:
    """Move ``project`` along the workflow, stamp the dates and log who did it and why.

    Raises PermissionDenied when ``user`` may not, ValidationError when the project's
    status does not allow it (someone moved it meanwhile) or a reason is missing.
    ``seen_version`` (``version_of`` the project the moderator had on screen): when
    given, publishing is refused if the project was saved since, so that a moderator never
    publishes a change they have not seen.
    """
    rule = RULES.get(action)
    if rule is None:
        raise ValidationError(_("Action inconnue."))
    reason = (reason or "").strip()
    if rule.reason_required and not reason:
        raise ValidationError({"reason": _("Indiquez le motif : l'éditeur le verra pour corriger sa fiche.")})
    with transaction.atomic():
        # Lock the row: two moderators clicking at once apply one transition, not two.
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status not in rule.sources:
            raise ValidationError(
                _("Ce projet est maintenant « %(status)s » : l'action « %(action)s » n'est plus possible."),
                params={"status": locked.get_status_display(), "action": rule.label},
            )
        if not may(user, locked, action) or not isinstance(user, User):  # may() admits no anonymous user
            raise PermissionDenied
        if rule.target == S.PUBLISHED and seen_version is not None and version_of(locked.updated_at) != seen_version:
            raise ValidationError(
                _(
                    "Ce projet a été modifié le %(date)s, après que vous l'avez ouvert : relisez la fiche "
                    "(ou son aperçu public) avant de la publier."
                ),
                code="changed_since_seen",
                params={"date": formats.date_format(timezone.localtime(locked.updated_at), "DATETIME_FORMAT")},
            )
        previous = locked.status
        locked.status = rule.target
        if rule.target == S.PUBLISHED:
            locked.published_at = timezone.now()
        locked._history_user = user
        # A code, shown in the reader's language by projects.history; the reason itself,
        # of any length, is kept by the transition below.
        locked._change_reason = action
        locked.save(update_fields=["status", "published_at", "updated_at"])
        transition = ProjectTransition.objects.create(
            project=locked, action=action, from_status=previous, to_status=rule.target, by=user, reason=reason
        )
        # Queued in this transaction: a rolled-back transition tells nobody.
        notifications.notify(transition)
    project.status, project.published_at, project.updated_at = locked.status, locked.published_at, locked.updated_at
    return transition


def mark_verified(project: Project, user: AnyUser) -> None:
    """ "J'ai vérifié ces informations": the editor confirms the whole record today."""
    if not permissions.can_change(user, project):
        raise PermissionDenied
    project.last_verified_on = timezone.localdate()
    project._history_user = user
    project._change_reason = VERIFIED
    project.save(update_fields=["last_verified_on", "updated_at"])


def latest_rejection(project: Project) -> ProjectTransition | None:
    """The refusal a draft is waiting to fix, if its last transition is one."""
    last = project.transitions.select_related("by").first()
    if last and last.action == Action.REJECT and project.status == S.DRAFT:
        return last
    return None
