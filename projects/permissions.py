"""Who may see and change which project in the back-office.

Model permissions (from the role groups, ``accounts.roles``) say what kind of rows a user
may touch; this module narrows editors to the projects where one of their organisms is an
actor. Moderators and superusers see everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from accounts.roles import is_moderator, organism_ids

from .models import Project, ProjectQuerySet, PublicationStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def projects_for(user: AnyUser, queryset: ProjectQuerySet | None = None) -> ProjectQuerySet:
    """The projects ``user`` may open in the admin."""
    queryset = Project.objects.all() if queryset is None else queryset
    if not (user.is_active and user.is_staff):
        return queryset.none()
    if is_moderator(user):
        return queryset
    # A pending revision (twin) belongs to whoever has its published project: its own actors
    # (which its editor may change) never widen who sees it.
    theirs = Project.objects.with_actor_among(organism_ids(user)).filter(revision_of__isnull=True).values("pk")
    return queryset.filter(Q(revision_of__isnull=True, pk__in=theirs) | Q(revision_of__in=theirs))


def is_project_of(user: AnyUser, project: Project) -> bool:
    """One of ``user``'s organisms is an actor of ``project`` (or ``user`` is a moderator).

    Asked many times while the admin builds one page: answered once per request (the user
    object lives as long as the request)."""
    if is_moderator(user):
        return True
    if project.revision_of_id is not None:  # a twin: decided by its published project
        project = project.revision_of  # type: ignore[assignment]  # not None here
    ids = organism_ids(user)
    if not ids or project.pk is None:
        return False
    cache = user.__dict__.setdefault("_project_access", {})
    if project.pk not in cache:
        cache[project.pk] = project.actors.filter(organism__in=ids).exists()
    return cache[project.pk]


def can_view(user: AnyUser, project: Project) -> bool:
    return user.has_perm("projects.view_project") and is_project_of(user, project)


def can_change(user: AnyUser, project: Project) -> bool:
    return user.has_perm("projects.change_project") and is_project_of(user, project)


def can_add(user: AnyUser) -> bool:
    """Editors add projects for one of their organisms, so they need at least one."""
    return user.has_perm("projects.add_project") and (is_moderator(user) or bool(organism_ids(user)))


def can_delete(user: AnyUser, project: Project) -> bool:
    """Moderators delete any project; editors only their own that were never published."""
    if not user.has_perm("projects.delete_project"):
        return False
    if is_moderator(user):
        return True
    # A pending revision (twin) is never published: deleting it withdraws the change.
    never_published = (
        project.status in (PublicationStatus.DRAFT, PublicationStatus.SUBMITTED, PublicationStatus.REVISION)
        and not project.published_at
    )
    return never_published and is_project_of(user, project)


def can_publish(user: AnyUser) -> bool:
    """Publish, reject, unpublish: moderators."""
    return is_moderator(user)
