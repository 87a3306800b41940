"""The dashboard's « Propositions » panel: propose a missing source or organisation; the moderators' queue."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import is_moderator
from proposals.models import OrganismProposal, SourceProposal, Status

RECENT = 5


@dataclass
class ProposalPanel:
    moderator: bool
    can_propose: bool
    pending_sources: int
    pending_organisms: int
    recent: list


def proposals_panel(user) -> ProposalPanel | None:
    """None for a user who may neither propose nor decide."""
    if not user.is_authenticated or not (
        user.has_perm("proposals.add_sourceproposal") or user.has_perm("proposals.view_sourceproposal")
    ):
        return None
    moderator = is_moderator(user)
    sources, organisms = SourceProposal.objects.all(), OrganismProposal.objects.all()
    if not moderator:
        sources, organisms = sources.filter(proposed_by=user), organisms.filter(proposed_by=user)
    latest = sorted(
        [*sources.order_by("-proposed_at")[:RECENT], *organisms.order_by("-proposed_at")[:RECENT]],
        key=lambda proposal: proposal.proposed_at,
        reverse=True,
    )[:RECENT]
    recent: list[dict] = [
        {
            "label": str(proposal),
            "kind": proposal._meta.verbose_name,
            "status": proposal.get_status_display(),
            "url": reverse(f"admin:proposals_{proposal._meta.model_name}_change", args=[proposal.pk]),
        }
        for proposal in latest
    ]
    return ProposalPanel(
        moderator=moderator,
        can_propose=user.has_perm("proposals.add_sourceproposal"),
        pending_sources=sources.filter(status=Status.PENDING).count(),
        pending_organisms=organisms.filter(status=Status.PENDING).count(),
        recent=recent,
    )
