"""Subscribing (double opt-in), confirming, unsubscribing, the digests and the purge.

Every mail goes through the outbox (``outbox.mail.queue_templated``): it is queued in the
caller's transaction and sent by ``send_queued_mail``; a mail server that is down delays a mail,
never loses it, and never turns a request into an error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from geo.models import Commune
from outbox.mail import queue_templated
from projects.filters import describe_filters, describe_filters_text
from projects.models import Project, ProjectOpening, ProjectVisit, opening_state
from projects.selectors import saved_search

from . import tokens
from .models import Frequency, Subscription

DIGEST_INTERVALS: dict[str, datetime.timedelta] = {
    Frequency.DAILY: datetime.timedelta(hours=23),
    Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}
MAX_DIGEST_ITEMS = 50


class TooManyRequests(Exception):
    """Too many unconfirmed subscriptions for one address: nothing more is sent to it for now."""


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def describe(subscription: Subscription) -> str:
    """The criteria in words (« Département : Gironde ; à moins de 30 km de Bègles »)."""
    _queryset, filterset = saved_search(subscription.criteria)
    parts = [describe_filters_text(describe_filters(filterset))] if filterset.active_filters else []
    if subscription.near_commune is not None:
        parts.append(
            gettext("à moins de %(radius)s km de %(commune)s")
            % {"radius": subscription.radius_km, "commune": subscription.near_commune.name}
        )
    return " ; ".join(parts) or gettext("tous les projets du catalogue")


def matching(subscription: Subscription):
    queryset, _filterset = saved_search(subscription.criteria, subscription.near_commune, subscription.radius_km)
    return queryset


def unsubscribe_url(subscription: Subscription) -> str:
    return site_url(reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)]))


def list_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show « unsubscribe » and may POST to it in one click."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@transaction.atomic
def subscribe(
    *, email: str, criteria: str, commune: Commune | None, radius_km: int | None, frequency: str, language: str
) -> Subscription | None:
    """Record an unconfirmed subscription and queue its confirmation mail. The same request made
    again within the hour sends nothing more (returns None); beyond ``ALERTS_MAX_PENDING_PER_ADDRESS``
    unconfirmed subscriptions of one address in a day, ``TooManyRequests``."""
    email = email.strip()
    now = timezone.now()
    pending = Subscription.objects.filter(
        email__iexact=email, confirmed_at__isnull=True, created_at__gte=now - datetime.timedelta(days=1)
    )
    same = dict(criteria=criteria, near_commune=commune, radius_km=radius_km if commune else None)
    if pending.filter(**same, created_at__gte=now - datetime.timedelta(hours=1)).exists():
        return None
    if pending.count() >= getattr(settings, "ALERTS_MAX_PENDING_PER_ADDRESS", 3):
        raise TooManyRequests
    subscription = Subscription.objects.create(email=email, frequency=frequency, language=language, **same)
    queue_templated(
        email,
        "alerts/mail/confirm",
        {
            "site_name": settings.SITE_NAME,
            "criteria": describe(subscription),
            "frequency": subscription.get_frequency_display(),
            "confirm_url": site_url(reverse("alerts:confirm", args=[tokens.confirmation_token(subscription)])),
            "days": getattr(settings, "ALERTS_CONFIRMATION_DAYS", 3),
        },
        language,
    )
    return subscription


class NotFound(Exception):
    """The subscription of a valid token no longer exists (unsubscribed, or purged)."""


def _subscription_of(data: dict) -> Subscription:
    subscription = Subscription.objects.filter(pk=data.get("id") or 0, email=data.get("email") or "").first()
    if subscription is None:
        raise NotFound
    return subscription


def confirm(token: str) -> tuple[Subscription, bool]:
    """Confirm the subscription of a confirmation token; ``(subscription, True)`` the first time,
    ``False`` when it was confirmed already (a replayed link changes nothing). Raises
    ``tokens.Expired``, ``tokens.Invalid`` or ``NotFound``."""
    subscription = _subscription_of(tokens.read_confirmation_token(token))
    if subscription.confirmed_at is not None:
        return subscription, False
    now = timezone.now()
    subscription.confirmed_at = subscription.last_digest_at = now
    subscription.save(update_fields=["confirmed_at", "last_digest_at"])
    return subscription, True


def subscription_for_unsubscribe(token: str) -> Subscription:
    return _subscription_of(tokens.read_unsubscribe_token(token))


def unsubscribe(token: str) -> None:
    """Delete the subscription of an unsubscribe token (nothing is kept). Raises ``tokens.Invalid``
    or ``NotFound`` (already unsubscribed)."""
    subscription_for_unsubscribe(token).delete()


# --- Digests -------------------------------------------------------------------------------


@dataclass
class News:
    projects: list = field(default_factory=list)
    openings: list = field(default_factory=list)
    visits: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.projects or self.openings or self.visits)


def news_for(subscription: Subscription, since: datetime.datetime, until: datetime.datetime) -> News:
    """What is new or changed in (``since``, ``until``] among the published projects the
    subscription selects: newly published projects, new or changed openings, coming visits."""
    ids = matching(subscription).order_by().values("pk")
    new_projects = list(
        Project.objects.published()
        .filter(pk__in=ids, published_at__gt=since, published_at__lte=until)
        .with_geography()
        .with_opening()
        .order_by("-published_at", "pk")[:MAX_DIGEST_ITEMS]
    )
    shown = {project.pk for project in new_projects}
    openings = list(
        ProjectOpening.objects.filter(project__in=ids, updated_at__gt=since, updated_at__lte=until)
        .exclude(project__in=shown)
        .annotate(state=opening_state(prefix=""))
        .select_related("project__commune__department")
        .order_by("-updated_at", "pk")[:MAX_DIGEST_ITEMS]
    )
    visits = list(
        ProjectVisit.objects.filter(project__in=ids, updated_at__gt=since, updated_at__lte=until, starts_at__gte=until)
        .select_related("project__commune__department")
        .order_by("starts_at", "pk")[:MAX_DIGEST_ITEMS]
    )
    return News(new_projects, openings, visits)


def due_subscriptions(now: datetime.datetime, frequency: str | None = None):
    queryset = Subscription.objects.confirmed().select_related("near_commune")
    frequencies = [frequency] if frequency else list(DIGEST_INTERVALS)
    wanted = Subscription.objects.none()
    for value in frequencies:
        wanted |= queryset.filter(frequency=value, last_digest_at__lte=now - DIGEST_INTERVALS[value])
    return wanted.order_by("pk")


def send_digests(now: datetime.datetime | None = None, frequency: str | None = None) -> tuple[int, int]:
    """Queue one digest per due subscription that has news; every due subscription then starts
    its next period at ``now``. Returns (subscriptions checked, digests queued)."""
    now = now or timezone.now()
    checked = queued = 0
    for subscription in due_subscriptions(now, frequency).iterator(chunk_size=200):
        checked += 1
        with transaction.atomic():
            news = news_for(subscription, subscription.last_digest_at, now)
            if news:
                queue_templated(
                    subscription.email,
                    "alerts/mail/digest",
                    {
                        "site_name": settings.SITE_NAME,
                        "site_url": settings.SITE_URL.rstrip("/"),
                        "criteria": describe(subscription),
                        "news": news,
                        "since": subscription.last_digest_at,
                        "unsubscribe_url": unsubscribe_url(subscription),
                    },
                    subscription.language,
                    headers=list_headers(subscription),
                )
                queued += 1
            Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
    return checked, queued


def purge_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Delete the subscriptions never confirmed within ``ALERTS_UNCONFIRMED_RETENTION_DAYS``."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=getattr(settings, "ALERTS_UNCONFIRMED_RETENTION_DAYS", 7))
    deleted, _detail = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted
