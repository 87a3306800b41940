"""Proposing, approving and rejecting; who is told, and the look-alikes a moderator should see first."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_moderator
from common.text import normalize
from organisms.models import Organism
from outbox.mail import queue_templated
from projects.models import Source
from projects.notifications import absolute, language_of, moderators

from .models import OrganismProposal, SourceProposal, Status

AnyProposal = SourceProposal | OrganismProposal


def _words(text: str) -> set[str]:
    return {word for word in normalize(text).split() if len(word) > 2}


def look_alikes(proposal: AnyProposal, limit: int = 10) -> list[Source | Organism]:
    """Existing sources (by title) or organisations (by name or short name) that may be the same:
    equal once accents, case and punctuation are ignored, one containing the other, or sharing
    most of their significant words."""
    wanted = normalize(proposal.title if isinstance(proposal, SourceProposal) else proposal.name)
    wanted_words = _words(wanted)
    found = []
    candidates: list[tuple[Source | Organism, list[str]]]
    if isinstance(proposal, SourceProposal):
        candidates = [(source, [source.title]) for source in Source.objects.only("pk", "title", "slug", "year")]
    else:
        candidates = [
            (organism, [organism.name, organism.short_name])
            for organism in Organism.objects.only("pk", "name", "short_name", "slug", "kind")
        ]
    for obj, names in candidates:
        for name in filter(None, names):
            have = normalize(name)
            words = _words(have)
            shared = len(words & wanted_words) / max(len(wanted_words | words), 1)
            if (
                have == wanted
                or (min(len(have), len(wanted)) >= 6 and (have in wanted or wanted in have))
                or shared >= 0.6
            ):
                found.append(obj)
                break
    return found[:limit]


def _context(proposal: AnyProposal, **extra: object) -> dict[str, object]:
    opts = proposal._meta
    return {
        "proposal": proposal,
        "kind_label": opts.verbose_name,  # lazy: rendered in the recipient's language
        "site_name": settings.SITE_NAME,
        "admin_url": absolute(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[proposal.pk])),
        **extra,
    }


def submitted(proposal: AnyProposal) -> int:
    """Tell every moderator a proposal waits for them (called when it is saved the first time)."""
    people = [person for person in moderators() if person.pk != proposal.proposed_by_id]
    for person in people:
        queue_templated(
            person.email, "proposals/mail/proposed", _context(proposal, recipient=person), language_of(person)
        )
    return len(people)


def _tell_proposer(proposal: AnyProposal, template: str, **extra: object) -> None:
    person = proposal.proposed_by
    if person is None or not person.email or not person.is_active:
        return
    queue_templated(person.email, template, _context(proposal, recipient=person, **extra), language_of(person))


def _unique_slug(model: type[Source] | type[Organism], text: str, max_length: int) -> str:
    base = (slugify(normalize(text))[: max_length - 8].strip("-")) or "sans-titre"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _decide(proposal: AnyProposal, moderator: User, status: str) -> AnyProposal:
    if not is_moderator(moderator):
        raise PermissionDenied
    locked = type(proposal).objects.select_for_update().get(pk=proposal.pk)
    if not locked.is_pending:
        raise ValidationError(
            _("Cette proposition a déjà été traitée (%(status)s).") % {"status": locked.get_status_display()}
        )
    locked.status, locked.decided_by, locked.decided_at = status, moderator, timezone.now()
    return locked


def approve(proposal: AnyProposal, moderator: User) -> Source | Organism:
    """Create the real source or organisation from the proposal, mark it approved, tell the proposer."""
    with transaction.atomic():
        locked = _decide(proposal, moderator, Status.APPROVED)
        created: Source | Organism
        if isinstance(locked, SourceProposal):
            created = Source(
                slug=_unique_slug(Source, locked.title, 120),
                title=locked.title,
                kind=locked.kind,
                publisher=locked.publisher,
                date_text=locked.date_text,
                year=locked.year,
                url=locked.url,
                summary=locked.summary,
            )
        else:
            if Organism.objects.filter(name__iexact=locked.name).exists():
                raise ValidationError(
                    _("Un organisme porte déjà le nom « %(name)s » : refusez la proposition comme doublon.")
                    % {"name": locked.name}
                )
            created = Organism(
                name=locked.name,
                slug=_unique_slug(Organism, locked.name, 200),
                kind=locked.kind,
                website=locked.website,
                head_office=locked.commune,
            )
        created.full_clean()
        created.save()
        if isinstance(locked, SourceProposal) and isinstance(created, Source):
            locked.created_source = created
        elif isinstance(locked, OrganismProposal) and isinstance(created, Organism):
            locked.created_organism = created
        locked.save()
        public_url = absolute(created.get_absolute_url()) if isinstance(created, Organism) else ""
        _tell_proposer(locked, "proposals/mail/approved", created=created, public_url=public_url)
    proposal.status = locked.status
    return created


def reject(proposal: AnyProposal, moderator: User, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du refus : l'éditeur le recevra par courriel."))
    with transaction.atomic():
        locked = _decide(proposal, moderator, Status.REJECTED)
        locked.decision_reason = reason
        locked.save()
        _tell_proposer(locked, "proposals/mail/rejected", reason=reason)
    proposal.status = locked.status


__all__ = ["approve", "look_alikes", "reject", "submitted"]
