"""Who is told what, by e-mail, when a project moves along the workflow.

* submitted for review → every moderator;
* published, rejected (with the moderator's reason), unpublished i.e. archived (with the reason
  when one was given) → the editors of the project's organisms;
* a change to a published project (``revisions``) submitted → every moderator; approved, or
  rejected with the reason → the editors of the project's organisms.

Called by ``workflow.apply_transition`` inside its transaction: the messages are only queued
(``outbox``), so a rolled-back transition tells nobody and no request waits for SMTP. Only
active staff accounts with an e-mail address are written to; the one who acted is not told
what they just did. Each message is in the recipient's language when the account has one,
else in French.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS
from outbox.mail import queue_templated

from .models import Project, ProjectTransition

Action = ProjectTransition.Action

TEMPLATES: dict[str, str] = {
    Action.SUBMIT: "projects/mail/submitted",
    Action.PUBLISH: "projects/mail/published",
    Action.REJECT: "projects/mail/rejected",
    Action.UNPUBLISH: "projects/mail/unpublished",
    Action.REVISION_SUBMIT: "projects/mail/revision_submitted",
    Action.REVISION_APPROVE: "projects/mail/revision_approved",
    Action.REVISION_REJECT: "projects/mail/revision_rejected",
}
TO_MODERATORS = frozenset({Action.SUBMIT, Action.REVISION_SUBMIT})
TO_EDITORS = frozenset(
    {Action.PUBLISH, Action.REJECT, Action.UNPUBLISH, Action.REVISION_APPROVE, Action.REVISION_REJECT}
)


def _staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True, is_staff=True).exclude(email="")


def moderators() -> list[User]:
    query = Q(is_superuser=True) | Q(groups__name=MODERATORS)
    return list(_staff().filter(query).distinct().order_by("pk"))


def editors_of(project: Project) -> list[User]:
    organisms = project.actors.values("organism_id")
    return list(_staff().filter(memberships__organism__in=organisms).distinct().order_by("pk"))


def language_of(user: User) -> str:
    """The account's language (``User.language``, set in « Mes préférences »), else French."""
    language = str(getattr(user, "language", "") or "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def recipients(transition: ProjectTransition) -> list[User]:
    if transition.action in TO_MODERATORS:
        people = moderators()
    elif transition.action in TO_EDITORS:
        people = editors_of(transition.project)
    else:
        return []
    return [person for person in people if person.pk != transition.by_id]


def notify(transition: ProjectTransition) -> int:
    """Queue one message per recipient of ``transition``; returns how many."""
    template = TEMPLATES.get(transition.action)
    if template is None:
        return 0
    project = transition.project
    admin_url = reverse("admin:projects_project_change", args=[project.pk])
    twin = Project.objects.filter(revision_of=project).only("pk").first()
    if twin is not None and transition.action in (Action.REVISION_SUBMIT, Action.REVISION_REJECT):
        # The change itself: its comparison for the moderators, its form for the editors.
        name = "review" if transition.action == Action.REVISION_SUBMIT else "change"
        admin_url = reverse(f"admin:projects_project_{name}", args=[twin.pk])
    context = {
        "project": project,
        "transition": transition,
        "by": transition.by,
        "reason": transition.reason,
        "admin_url": absolute(admin_url),
        "public_url": absolute(project.get_absolute_url()),
        "site_name": settings.SITE_NAME,
    }
    people = recipients(transition)
    for person in people:
        queue_templated(person.email, template, {**context, "recipient": person}, language_of(person))
    return len(people)
