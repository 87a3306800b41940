"""Organisms, sources and photos shared by generated projects (``Reference``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from PIL import Image

from geo.models import Commune, Department, Region
from organisms.models import HlmFamily, Organism, OrganismKind

from ..models import (
    InterventionMode,
    Source,
    TenureStatus,
)
from ..photos import prepare_photo
from .vocabulary import AMO_NAMES, ESH_WORDS, PHOTO_DIR, PREFIX

T = TypeVar("T")


@dataclass
class Reference:
    """What the generator draws from, read once: communes with their cumulated population, statuses…"""

    communes: list[Commune]
    cumulated_population: list[int]
    statuses: dict[str, TenureStatus]
    modes: list[InterventionMode]
    organisms_by_region: dict[int | None, list[Organism]] = field(default_factory=dict)
    landlords: list[Organism] = field(default_factory=list)
    existing_landlords: list[Organism] = field(default_factory=list)
    cities: dict[int | None, Organism] = field(default_factory=dict)
    amo: list[Organism] = field(default_factory=list)
    sources_by_organism: dict[int, Source] = field(default_factory=dict)
    photos: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls) -> Reference:
        regions = {region.pk: region for region in Region.objects.all()}
        departments = {}
        for department in Department.objects.all():
            department.region = regions[department.region_id]
            departments[department.pk] = department
        communes = list(Commune.objects.order_by("insee_code"))
        for commune in communes:
            commune.department = departments[commune.department_id]
        return cls(
            communes=communes,
            cumulated_population=list(accumulate(max(commune.population or 0, 1) for commune in communes)),
            statuses={status.code: status for status in TenureStatus.objects.all()},
            modes=list(InterventionMode.objects.order_by("position", "code")),
        )


# --- Organisms, sources and photos shared by generated projects --------------------------


def _scaled(items: Sequence[T], count: int) -> Sequence[T]:
    """Enough generated organisms for ``count`` projects: all of ``items`` for large catalogues."""
    return items[: max(2, min(len(items), count // 40))]


def _organism_specs(reference: Reference, count: int) -> list[dict[str, Any]]:
    """Generated organisms as dicts, in a fixed order: OPH per département, ESH and Coop Hlm per
    region, cities among the most populous communes, AMO firms."""
    by_department: dict[int, Commune] = {}
    by_region: dict[int, Commune] = {}
    for commune in sorted(reference.communes, key=lambda c: (-(c.population or 0), c.insee_code)):
        by_department.setdefault(commune.department_id, commune)
        by_region.setdefault(commune.department.region_id, commune)
    departments = sorted({c.department for c in by_department.values()}, key=lambda d: d.code)
    regions = sorted({c.department.region for c in by_region.values()}, key=lambda r: r.code)
    specs = []
    for department in _scaled(departments, count):
        specs.append(
            dict(
                name=f"{department.name} Habitat",
                short_name=f"OPH {department.code}",
                kind=OrganismKind.HLM,
                family=HlmFamily.OPH,
                head_office=by_department[department.pk],
            )
        )
    for index, word in enumerate(_scaled(ESH_WORDS * 3, count)):
        for region in _scaled(regions, count):
            name = f"{word} {region.name}" + ("" if index < len(ESH_WORDS) else f" {index // len(ESH_WORDS) + 1}")
            specs.append(
                dict(
                    name=name,
                    short_name="",
                    kind=OrganismKind.HLM,
                    family=HlmFamily.ESH,
                    head_office=by_region[region.pk],
                )
            )
    for region in _scaled(regions, count):
        for label in ("Coop Hlm", "Coopérative d'accession"):
            specs.append(
                dict(
                    name=f"{label} {region.name}",
                    short_name="",
                    kind=OrganismKind.HLM,
                    family=HlmFamily.COOP,
                    head_office=by_region[region.pk],
                )
            )
    biggest = sorted(reference.communes, key=lambda c: (-(c.population or 0), c.insee_code))
    for commune in _scaled(biggest[:150], count):
        specs.append(
            dict(
                name=f"Ville de {commune.name} ({commune.department.code})",
                short_name="",
                kind=OrganismKind.LOCAL_AUTHORITY,
                family="",
                head_office=commune,
            )
        )
    for name in _scaled(AMO_NAMES, count):
        specs.append(dict(name=name, short_name="", kind=OrganismKind.AMO, family="", head_office=None))
    return specs


def ensure_organisms(reference: Reference, count: int) -> None:
    """Create the generated organisms that are missing (by slug) and one source per landlord."""
    taken = set(Organism.objects.exclude(slug__startswith=PREFIX).values_list("name", flat=True))
    wanted = []
    for spec in _organism_specs(reference, count):
        if spec["name"] in taken:  # a real organism has this name: keep the generated one apart
            spec["name"] += " (fictif)"
        spec["slug"] = PREFIX + slugify(spec["name"])[:190]
        spec["description"] = "Organisme fictif créé par generate_projects pour les tests de charge."
        wanted.append(spec)
    existing = set(Organism.objects.filter(slug__in=[s["slug"] for s in wanted]).values_list("slug", flat=True))
    Organism.objects.bulk_create([Organism(**spec) for spec in wanted if spec["slug"] not in existing])
    organisms = list(Organism.objects.filter(slug__startswith=PREFIX).select_related("head_office__department"))
    organisms.sort(key=lambda o: o.slug)
    existing_sources = set(Source.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
    new_sources = []
    for organism in organisms:
        if organism.kind == OrganismKind.HLM:
            slug = f"{PREFIX}rapport-{organism.slug[len(PREFIX) :]}"[:120]
            if slug not in existing_sources:
                new_sources.append(
                    Source(
                        slug=slug,
                        title=f"Rapport d'activité — {organism.name}",
                        kind=Source.Kind.REPORT,
                        publisher=organism.name,
                        date_text="2024",
                        year=2024,
                        summary="Document fictif (données générées pour les tests de charge).",
                    )
                )
    Source.objects.bulk_create(new_sources)
    sources = {s.publisher: s for s in Source.objects.filter(slug__startswith=PREFIX)}

    reference.landlords = [o for o in organisms if o.kind == OrganismKind.HLM]
    reference.existing_landlords = list(
        Organism.objects.social_landlords().exclude(slug__startswith=PREFIX).order_by("slug")
    )
    for organism in reference.landlords:
        head_office = organism.head_office
        region_id = head_office.department.region_id if head_office is not None else None
        reference.organisms_by_region.setdefault(region_id, []).append(organism)
    reference.cities = {o.head_office_id: o for o in organisms if o.kind == OrganismKind.LOCAL_AUTHORITY}
    reference.amo = [o for o in organisms if o.kind == OrganismKind.AMO]
    reference.sources_by_organism = {o.pk: sources[o.name] for o in reference.landlords if o.name in sources}


def ensure_photo_files() -> list[dict[str, Any]]:
    """Three small real photos (master + WebP sizes, made by the upload pipeline), written once
    to the default storage and shared by every generated photo row."""
    variants = []
    for index, colour in enumerate(((176, 112, 64), (64, 128, 96), (96, 112, 176))):
        image = Image.new("RGB", (1280, 853), colour)
        image.paste((235, 225, 205), (160, 280, 1120, 853))  # a façade
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        prepared = prepare_photo(ContentFile(buffer.getvalue(), name="generated.jpg"))
        files = {"image": (f"{PHOTO_DIR}/facade-{index}.jpg", prepared.master, prepared.width, prepared.height)}
        for rendition in prepared.renditions:
            files[rendition.name] = (
                f"{PHOTO_DIR}/facade-{index}-{rendition.name}.webp",
                rendition.content,
                rendition.width,
                rendition.height,
            )
        values: dict[str, Any] = {}
        for name, (path, content, width, height) in files.items():
            if not default_storage.exists(path):
                default_storage.save(path, content)
            values[name] = path
            values["width" if name == "image" else f"{name}_width"] = width
            values["height" if name == "image" else f"{name}_height"] = height
        variants.append(values)
    return variants
