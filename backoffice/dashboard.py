"""What an editor or a moderator has to do, shown on the admin's index page."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from projects.models import ProjectTransition, PublicationStatus
from projects.permissions import projects_for
from projects.revisions.services import pending_twins

ROWS = 10
VERIFICATION_PERIOD = timedelta(days=365)


@dataclass
class Section:
    key: str
    title: str
    empty: str
    projects: list
    count: int
    more_url: str = ""
    show_reason: bool = False
    extra: dict = field(default_factory=dict)


def with_last_transition(queryset):
    last = ProjectTransition.objects.filter(project=OuterRef("pk")).order_by("-at", "-pk")
    return queryset.annotate(
        last_action=Subquery(last.values("action")[:1]),
        last_reason=Subquery(last.values("reason")[:1]),
        last_transition_at=Subquery(last.values("at")[:1]),
    )


def rejected(queryset):
    """Drafts sent back by a moderator, not yet resubmitted."""
    return with_last_transition(queryset).filter(
        status=PublicationStatus.DRAFT, last_action=ProjectTransition.Action.REJECT
    )


def not_verified_for_a_year(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today - VERIFICATION_PERIOD))


def _changelist(**params):
    return reverse("admin:projects_project_changelist") + ("?" + urlencode(params) if params else "")


def _section(key, title, empty, queryset, order, more_url, **kwargs):
    queryset = queryset.order_by(*order)
    return Section(
        key=key,
        title=title,
        empty=empty,
        projects=list(queryset.select_related("commune__department")[:ROWS]),
        count=queryset.count(),
        more_url=more_url,
        **kwargs,
    )


def dashboard_for(user):
    """Sections of the dashboard for ``user`` (none for users who cannot see projects)."""
    if not user.is_authenticated or not user.has_perm("projects.view_project"):
        return []
    mine = with_last_transition(projects_for(user))
    moderator = is_moderator(user)
    sections = [
        _section(
            "drafts",
            _("Brouillons") if moderator else _("Mes brouillons"),
            _("Aucun brouillon."),
            mine.filter(status=PublicationStatus.DRAFT).filter(
                Q(last_action__isnull=True) | ~Q(last_action=ProjectTransition.Action.REJECT)
            ),
            ("-updated_at",),
            _changelist(status__exact=PublicationStatus.DRAFT),
        ),
        _section(
            "rejected",
            _("Refusés — à corriger"),
            _("Aucun projet refusé."),
            rejected(mine),
            ("-last_transition_at",),
            _changelist(relecture="refuse"),
            show_reason=True,
        ),
        _section(
            "submitted",
            _("En attente de relecture") if moderator else _("Mes projets en attente de relecture"),
            _("Aucun projet en attente."),
            mine.filter(status=PublicationStatus.SUBMITTED),
            ("last_transition_at",),
            _changelist(status__exact=PublicationStatus.SUBMITTED),
        ),
        _section(
            "unverified",
            _("Non vérifiés depuis un an"),
            _("Tous les projets publiés ont été vérifiés depuis moins d'un an."),
            not_verified_for_a_year(mine.filter(status=PublicationStatus.PUBLISHED)),
            (F("last_verified_on").asc(nulls_first=True), "name"),
            _changelist(status__exact=PublicationStatus.PUBLISHED, verification="a-verifier"),
        ),
    ]
    twins = projects_for(user).filter(status=PublicationStatus.REVISION)
    sections.append(
        _section(
            "revisions",
            _("Modifications de projets publiés à relire") if moderator else _("Mes modifications de projets publiés"),
            _("Aucune modification en attente."),
            pending_twins(twins) if moderator else twins,
            ("-updated_at",),
            "",
        )
    )
    if moderator:
        sections.append(
            _section(
                "changed",
                _("Publiés, modifiés depuis leur publication"),
                _("Aucun projet publié n'a été modifié depuis sa publication."),
                mine.filter(
                    status=PublicationStatus.PUBLISHED, updated_at__gt=F("published_at") + timedelta(minutes=1)
                ),
                ("-updated_at",),
                _changelist(status__exact=PublicationStatus.PUBLISHED, o="-6"),
            )
        )
    return sections
