"""One generated project: its rows, built in memory for ``bulk_create``."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.utils.text import slugify

from geo.models import Commune
from organisms.models import HlmFamily, Organism

from ..models import (
    ActorRole,
    CommonSpace,
    CostFigure,
    InterventionMode,
    Milestone,
    ParticipatoryFamily,
    Phase,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    Quote,
    Surface,
    TenureLine,
)
from .reference import Reference
from .vocabulary import (
    COMMON_SPACES,
    FAMILY_WEIGHTS,
    FIRST_YEAR,
    LAST_YEAR,
    NAME_HEADS,
    NAME_TAILS,
    NEIGHBOURHOODS,
    PHASES_BEFORE_DELIVERY,
    PREFIX,
    QUOTES,
    SEASONS,
    STATUS_WEIGHTS,
    TENURE_MIXES,
    _weighted,
)

# The rows of a project other than its tenure lines and actors, all with a ``project`` key.
Child = ProjectSource | Milestone | Surface | CostFigure | CommonSpace | Quote | Photo

# --- One project --------------------------------------------------------------------------


@dataclass
class Generated:
    """A project and its rows, before insertion (foreign keys to the project are set after)."""

    project: Project
    lines: list[TenureLine]
    actors: list[ProjectActor]
    modes: list[InterventionMode]
    children: list[Child]  # milestones, surfaces, costs, common spaces, quotes, citations, photos


def _homes(rng: random.Random) -> int:
    # Participatory operations are small: a median of about 14 homes, rarely over 60.
    return max(3, min(150, int(rng.lognormvariate(2.65, 0.6))))


def _split(rng: random.Random, total: int, weights: list[int]) -> list[int]:
    """Share ``total`` homes among the mix, leaving some unspecified now and then."""
    described = total if rng.random() < 0.8 else max(len(weights), int(total * rng.uniform(0.5, 0.95)))
    described = min(described, total)
    shares = [w * rng.uniform(0.7, 1.3) for w in weights]
    counts = [max(1, int(described * share / sum(shares))) for share in shares]
    while sum(counts) > described:
        counts[counts.index(max(counts))] -= 1
    return [count for count in counts]


def _phase_and_delivery(rng: random.Random, now_year: int) -> tuple[str, int | None, str]:
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    if year <= now_year - 1:
        phase = Phase.MANAGED if year < now_year - 3 and rng.random() < 0.4 else Phase.DELIVERED
    elif year <= now_year:
        phase = rng.choice((Phase.WORKS, Phase.DELIVERED))
    else:
        phase = rng.choice(PHASES_BEFORE_DELIVERY)
    if phase in (Phase.GROUP_FORMING, Phase.LIFE_PROJECT) and rng.random() < 0.5:
        return phase, None, ""
    text = str(year) if rng.random() < 0.5 else f"{rng.choice(SEASONS)} {year}".replace("mi- ", "mi-")
    if year > now_year:
        text += " (prévue)"
    return phase, year, text


def _pick_landlord(rng: random.Random, reference: Reference, commune: Commune) -> Organism:
    if reference.existing_landlords and rng.random() < 0.1:
        return rng.choice(reference.existing_landlords)
    local = reference.organisms_by_region.get(commune.department.region_id)
    # An OPH works in its own département; ESH and Coop Hlm across their region.
    if local and rng.random() < 0.8:
        oph = [
            o
            for o in local
            if o.family == HlmFamily.OPH
            and o.head_office is not None
            and o.head_office.department_id == commune.department_id
        ]
        if oph and rng.random() < 0.5:
            return oph[0]
        return rng.choice(local)
    return rng.choice(reference.landlords)


def _line_order(line: TenureLine) -> tuple[int, int, str]:
    # TenureLine's ordering is by status position: lines without a status (NULL) come first on
    # SQLite and last on PostgreSQL.
    if line.status is None:
        return (0 if connection.vendor == "sqlite" else 2, 0, line.category)
    return (1, line.status.position, "")


def build_project(rng: random.Random, reference: Reference, number: int, now: datetime) -> Generated:
    commune = rng.choices(reference.communes, cum_weights=reference.cumulated_population)[0]
    family = _weighted(rng, FAMILY_WEIGHTS)
    status = _weighted(rng, STATUS_WEIGHTS)
    phase, year, delivery_text = _phase_and_delivery(rng, now.year)
    total = _homes(rng)
    name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS)}"
    developer = _pick_landlord(rng, reference, commune)
    created = now - timedelta(days=rng.randint(0, 3650), seconds=rng.randint(0, 86399))
    project = Project(
        name=name,
        slug=f"{PREFIX}{number:06d}-{slugify(name + ' ' + commune.name)}"[:200],
        commune=commune,
        location_as_written=f"{commune.name} ({commune.department.code})",
        neighbourhood=rng.choice(NEIGHBOURHOODS),
        is_ecoquartier=rng.choice((True, False, None, None)),
        is_qpv=rng.choice((True, False, False, None)),
        participatory_family=family,
        phase=phase,
        phase_as_of=str(min(now.year, year or now.year)) if phase else "",
        delivery_year=year,
        delivery_text=delivery_text,
        total_homes=total,
        participatory_homes=rng.choice((total, total, max(1, total // 2), None)),
        contact_email=f"contact@{slugify(name)}.example.org" if rng.random() < 0.3 else "",
        notes="Projet fictif créé par generate_projects pour les tests de charge.",
        status=status,
        published_at=created + timedelta(days=rng.randint(1, 60)) if status in ("published", "archived") else None,
        created_at=created,
    )
    family_label = str(ParticipatoryFamily(family).label).lower()
    project.summary = f"{total} logements, {family_label}, à {commune.name} avec {developer.name}."[:300]
    project.description = (
        f"Un groupe d'habitants et {developer.name} conçoivent ensemble {total} logements à {commune.name}. "
        f"Les futurs habitants ont participé aux ateliers de conception des espaces partagés. "
        + ("Le projet est livré." if phase in (Phase.DELIVERED, Phase.MANAGED) else "Le projet est en cours.")
    )
    if phase in (Phase.DELIVERED, Phase.MANAGED) or rng.random() < 0.3:
        project.how_to_get_involved = ""
    else:
        project.how_to_get_involved = "Le groupe accueille encore des ménages : contactez l'organisme."

    lines: list[TenureLine] = []
    if rng.random() < 0.92:
        mix = rng.choice(TENURE_MIXES[family])
        counts = _split(rng, total, [weight for _key, weight in mix])
        for (key, _weight), homes in zip(mix, counts, strict=True):
            if homes < 1:
                continue
            if key in reference.statuses:
                status_obj = reference.statuses[key]
                lines.append(
                    TenureLine(status=status_obj, category="", homes=homes, label_as_written=status_obj.short_name)
                )
            else:
                lines.append(TenureLine(status=None, category=key, homes=homes))

    actors = [ProjectActor(organism=developer, role=ActorRole.DEVELOPER)]
    city = reference.cities.get(commune.pk)
    if city and rng.random() < 0.6:
        actors.append(ProjectActor(organism=city, role=ActorRole.INITIATING_AUTHORITY))
    if reference.amo and rng.random() < 0.4:
        actors.append(
            ProjectActor(
                organism=rng.choice(reference.amo), role=ActorRole.AMO, description="a animé les ateliers de conception"
            )
        )
    modes = [rng.choice(reference.modes)] if family == ParticipatoryFamily.SOCIAL_HOUSING and reference.modes else []

    source = reference.sources_by_organism.get(developer.pk)
    children: list[Child] = []
    if source is not None:
        children.append(ProjectSource(source=source, locator=f"p. {rng.randint(2, 60)}", facts="programme, calendrier"))
        for line in lines:
            if rng.random() < 0.5:
                line.source, line.locator = source, "§ Programme"
    if year:
        started = max(1900, year - rng.randint(3, 6))
        children.append(Milestone(kind=Milestone.Kind.GROUP_FORMED, date_text=str(started), year=started))
        permit = max(started, year - 2)
        month = rng.randint(1, 12)
        children.append(
            Milestone(kind=Milestone.Kind.PERMIT_GRANTED, date_text=f"{month:02d}/{permit}", year=permit, month=month)
        )
        kind = Milestone.Kind.DELIVERY if year <= now.year else Milestone.Kind.DELIVERY_PLANNED
        children.append(Milestone(kind=kind, date_text=delivery_text or str(year), year=year, source=source))
    if rng.random() < 0.35:
        area = Decimal(total * rng.randint(55, 80))
        children.append(Surface(measure="SHAB", area_m2=area, scope="ensemble de l'opération"))
    if rng.random() < 0.25:
        children.append(
            CostFigure(
                kind=CostFigure.Kind.SALE_PRICE
                if family != ParticipatoryFamily.SOCIAL_HOUSING
                else CostFigure.Kind.CONSTRUCTION_COST,
                amount=Decimal(rng.randint(1500, 3500)),
                unit=CostFigure.Unit.EUR_PER_M2,
                surface_basis="SHAB",
                tax_basis="TTC",
            )
        )
    if rng.random() < 0.4:
        children.append(
            CommonSpace(
                name=rng.choice(COMMON_SPACES),
                area_m2=Decimal(rng.randint(12, 120)),
                area_is_approximate=rng.random() < 0.3,
            )
        )
    if rng.random() < 0.1:
        children.append(Quote(text=rng.choice(QUOTES), attribution="une habitante"))
    if reference.photos and rng.random() < 0.15:
        for position in range(rng.choice((1, 1, 2))):
            children.append(
                Photo(
                    **rng.choice(reference.photos),
                    position=position,
                    alt_text=f"Façade du projet {name} à {commune.name}",
                    caption=name,
                    credit="Photo fictive",
                    licence="CC0 1.0",
                )
            )

    # Rows in the order of their models' Meta.ordering (same primary-key order as a save).
    actors.sort(key=lambda actor: (actor.role, actor.organism.name))
    lines.sort(key=_line_order)
    return Generated(project, lines, actors, modes, children)
