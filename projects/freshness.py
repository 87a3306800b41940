"""The freshness loop: how recently a person confirmed a project's facts, and the yearly reminder.

* A project's facts are *verified* when an editor or a moderator clicks « J'ai vérifié ces
  informations » (``workflow.mark_verified`` stamps ``last_verified_on``); loading or editing
  a record is not a verification.
* ``remind_verification`` (cron, daily or weekly) e-mails each editor the published projects of
  their organisms not verified for ``VERIFICATION_PERIOD``, each with a direct admin link, and
  records a ``VerificationReminder`` per project: a project is not reminded again within the
  period, so running the command twice sends nothing new.
* The public page says when the facts were last verified, or that they never were since
  publication (with the year of the most recent source), and shows a notice once they have
  gone ``STALE_AFTER`` without verification.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox.mail import queue_templated

from .models import Project, ProjectActor, VerificationReminder
from .notifications import absolute, language_of

VERIFICATION_PERIOD = timedelta(days=365)
#: 18 months: the public page shows a notice past this.
STALE_AFTER = timedelta(days=548)


@dataclass(frozen=True)
class Freshness:
    verified_on: date | None
    source_year: int | None
    stale: bool


def freshness_of(project: Project, today: date | None = None) -> Freshness:
    """What the public page says: the last verification, or the most recent source's year when
    there was none; ``stale`` when neither a verification nor the publication is recent."""
    today = today or timezone.localdate()
    years = [citation.source.year for citation in project.citations.all() if citation.source.year]
    since = project.last_verified_on
    if since is None and project.published_at is not None:
        since = timezone.localdate(project.published_at)
    return Freshness(
        verified_on=project.last_verified_on,
        source_year=max(years) if years else None,
        stale=since is not None and since < today - STALE_AFTER,
    )


def due_for_reminder(now: datetime | None = None) -> list[Project]:
    """Published projects not verified for a year whose editors were not reminded within the period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    recent = VerificationReminder.objects.filter(project=OuterRef("pk"), sent_at__gt=now - VERIFICATION_PERIOD)
    return list(
        Project.objects.published()
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today - VERIFICATION_PERIOD))
        .exclude(Exists(recent))
        .order_by("name", "pk")
    )


def editors_by_project(projects: list[Project]) -> dict[int, list[User]]:
    """For each project, the active staff members (with an address) of the organisms acting in it."""
    actors = ProjectActor.objects.filter(project__in=projects).values_list("project_id", "organism_id")
    organisms_of: dict[int, set[int]] = defaultdict(set)
    for project_id, organism_id in actors:
        organisms_of[project_id].add(organism_id)
    people = (
        User.objects.filter(
            is_active=True, is_staff=True, memberships__organism__in={o for s in organisms_of.values() for o in s}
        )
        .exclude(email="")
        .prefetch_related("memberships")
        .distinct()
        .order_by("pk")
    )
    result: dict[int, list[User]] = defaultdict(list)
    for person in people:
        theirs = {membership.organism_id for membership in person.memberships.all()}
        for project_id, organisms in organisms_of.items():
            if theirs & organisms:
                result[project_id].append(person)
    return result


@dataclass
class ReminderRun:
    messages: int = 0
    projects: int = 0
    without_editor: int = 0


def send_reminders(now: datetime | None = None) -> ReminderRun:
    """Queue one message per editor listing their projects due for verification, and record them."""
    now = now or timezone.now()
    run = ReminderRun()
    with transaction.atomic():
        projects = due_for_reminder(now)
        editors = editors_by_project(projects)
        per_editor: dict[int, tuple[User, list[Project]]] = {}
        for project in projects:
            people = editors.get(project.pk, [])
            if not people:
                run.without_editor += 1  # nobody to tell: not recorded, so tried again next run
                continue
            for person in people:
                per_editor.setdefault(person.pk, (person, []))[1].append(project)
            VerificationReminder.objects.create(project=project, sent_at=now, recipients=len(people))
            run.projects += 1
        for person, theirs in per_editor.values():
            rows = [
                {
                    "project": project,
                    "admin_url": absolute(reverse("admin:projects_project_change", args=[project.pk])),
                }
                for project in theirs
            ]
            context = {"recipient": person, "rows": rows, "site_name": settings.SITE_NAME}
            queue_templated(person.email, "projects/mail/verification_reminder", context, language_of(person))
            run.messages += 1
    return run
