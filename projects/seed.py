"""Load the hand-built catalogue fixtures (``fixtures/*.json``) into the database.

The files are written in the domain's own shape (projects with their tenure lines,
actors, milestones…) so that each fact can be read next to its source. Loading is
idempotent: rows are matched on natural keys, saved only when a value differs, and
rows that disappeared from the files are deleted. Running it twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from common.text import normalize
from geo.models import Commune, FormerRegion
from organisms.models import Organism

from .models import (
    Certainty,
    CommonSpace,
    CostFigure,
    FieldCertainty,
    InterventionMode,
    Milestone,
    OrganismCitation,
    Project,
    ProjectActor,
    ProjectSource,
    PublicationStatus,
    Quote,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)
from .search import refresh_search_text

M = TypeVar("M", bound=Model)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Short aliases used in fixtures/projects.json to keep each fact on one readable line.
SOURCE_ALIASES = {
    "A": "actes-habitat-participatif-logement-social-2017",
    "H": "hab-fab-operateurs-sociaux",
    "B": "beguinage-livret-ush-coop-hlm",
    "R": "rnchp-habitat-participatif-loi-alur",
    "F": "federation-coop-hlm-habitat-participatif",
}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, model: type[Model]) -> None:
        bucket = getattr(self, kind)
        name = model._meta.verbose_name_plural
        bucket[str(name)] = bucket.get(str(name), 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _read(name: str) -> Any:
    with open(FIXTURES_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def _same(current: object, wanted: object) -> bool:
    if isinstance(current, Decimal) and wanted is not None:
        return current == Decimal(str(wanted))
    return current == wanted


def upsert(report: LoadReport, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Create or update one row, saving only if something differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.count("created", model)
        return obj
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count("updated", model)
    return obj


def sync_children(
    report: LoadReport,
    model: type[Model],
    parent_lookup: dict[str, Any],
    rows: list[dict[str, Any]],
    key_fields: tuple[str, ...],
) -> None:
    """Make the children of one parent exactly ``rows`` (dicts of field values)."""
    kept = set()
    for row in rows:
        lookup = {**parent_lookup, **{key: row.get(key) for key in key_fields}}
        values = {key: value for key, value in row.items() if key not in key_fields}
        kept.add(upsert(report, model, lookup, values).pk)
    stale = model._default_manager.filter(**parent_lookup).exclude(pk__in=kept)
    for _obj in stale:
        report.count("deleted", model)
    stale.delete()


def _source(alias: str | None) -> Source | None:
    if not alias:
        return None
    return Source.objects.get(slug=SOURCE_ALIASES.get(alias, alias))


def _former_region(name: str | None) -> FormerRegion | None:
    if not name:
        return None
    wanted = normalize(name)
    for region in FormerRegion.objects.all():
        if normalize(region.name) == wanted:
            return region
    raise ValueError(f"Unknown former region: {name!r}")


def _sourced(row: dict[str, Any]) -> dict[str, Any]:
    """Replace source aliases by Source objects and drop empty keys."""
    row = dict(row)
    if "source" in row:
        row["source"] = _source(row["source"])
    row.setdefault("locator", "")
    return _certain(row)


def _certain(row: dict[str, Any]) -> dict[str, Any]:
    """A fact's certainty: as written unless the file says otherwise (with its reasoning)."""
    row["certainty"] = row.get("certainty", Certainty.AS_WRITTEN)
    row["certainty_note"] = row.get("certainty_note", "")
    return row


@transaction.atomic
def load_catalogue() -> LoadReport:
    report = LoadReport()
    reference = _read("reference.json")

    for row in reference["sources"]:
        values = {
            key: row.get(key, "")
            for key in ("title", "kind", "publisher", "date_text", "url", "storage_name", "summary")
        }
        values["year"] = row.get("year")
        values["title_is_descriptive"] = row.get("title_is_descriptive", False)
        upsert(report, Source, {"slug": row["slug"]}, values)
    for row in reference["tenure_statuses"]:
        upsert(report, TenureStatus, {"code": row["code"]}, {k: v for k, v in row.items() if k != "code"})
    for row in reference["intervention_modes"]:
        upsert(report, InterventionMode, {"code": row["code"]}, {k: v for k, v in row.items() if k != "code"})

    for row in _read("organisms.json")["organisms"]:
        values = {
            "name": row["name"],
            "short_name": row.get("short_name", ""),
            "kind": row["kind"],
            "family": row.get("family", ""),
            "website": row.get("website", ""),
            "description": row.get("description", ""),
            "notes": row.get("notes", ""),
            "head_office": Commune.objects.get(insee_code=row["head_office"]) if row.get("head_office") else None,
        }
        organism = upsert(report, Organism, {"slug": row["slug"]}, values)
        sync_children(
            report,
            OrganismCitation,
            {"organism": organism},
            [
                _certain(
                    {
                        "source": _source(c["source"]),
                        "locator": c.get("locator", ""),
                        "facts": c.get("facts", ""),
                        **{k: c[k] for k in ("certainty", "certainty_note") if k in c},
                    }
                )
                for c in row.get("citations", [])
            ],
            ("source", "locator"),
        )

    for row in _read("projects.json")["projects"]:
        _load_project(report, row)
    # One refresh for every project (it also takes over what the saves above scheduled).
    if refresh_search_text(Project.objects.values_list("pk", flat=True)):
        report.count("updated", Project)
    return report


PROJECT_FIELDS = (
    "name",
    "summary",
    "description",
    "location_as_written",
    "neighbourhood",
    "neighbourhood_context",
    "participatory_family",
    "phase",
    "phase_as_of",
    "delivery_text",
    "how_to_get_involved",
    "contact_email",
    "website",
    "notes",
)
PROJECT_NULLABLE_FIELDS = ("is_ecoquartier", "is_qpv", "delivery_year", "total_homes", "participatory_homes")


def _load_project(report: LoadReport, row: dict[str, Any]) -> None:
    values = {name: row.get(name, "") for name in PROJECT_FIELDS}
    values.update({name: row.get(name) for name in PROJECT_NULLABLE_FIELDS})
    values["commune"] = Commune.objects.get(insee_code=row["commune"]) if row.get("commune") else None
    values["former_region"] = _former_region(row.get("former_region"))
    values["status"] = PublicationStatus.PUBLISHED

    project = Project.objects.filter(slug=row["slug"]).first()
    if project is None or project.published_at is None:
        values["published_at"] = timezone.now()
    if project is not None:
        # Tenure lines may shrink together with the total: drop lines that are going away first,
        # so that the database check on "sum of lines <= total" holds at every step.
        wanted = {(line.get("status"), line.get("category", "")) for line in row.get("tenure_lines", [])}
        for line in project.tenure_lines.select_related("status"):
            if (line.status.code if line.status is not None else None, line.category) not in wanted:
                line.delete()
                report.count("deleted", TenureLine)
    project = upsert(report, Project, {"slug": row["slug"]}, values)

    wanted_modes = set(InterventionMode.objects.filter(code__in=row.get("intervention_modes", [])))
    if set(project.intervention_modes.all()) != wanted_modes:
        project.intervention_modes.set(wanted_modes)
        report.count("updated", Project)

    parent = {"project": project}
    statuses = {status.code: status for status in TenureStatus.objects.all()}
    sync_children(
        report,
        TenureLine,
        parent,
        [
            {
                **_sourced(line),
                "status": statuses[line["status"]] if line.get("status") else None,
                "category": line.get("category", ""),
                "label_as_written": line.get("label_as_written", ""),
            }
            for line in row.get("tenure_lines", [])
        ],
        ("status", "category"),
    )
    sync_children(
        report,
        ProjectActor,
        parent,
        [
            _certain(
                {
                    "organism": Organism.objects.get(slug=actor["organism"]),
                    "role": actor["role"],
                    "description": actor.get("description", ""),
                    "source": _source(actor.get("source")),
                    **{k: actor[k] for k in ("certainty", "certainty_note") if k in actor},
                }
            )
            for actor in row.get("actors", [])
        ],
        ("organism", "role"),
    )
    sync_children(
        report,
        Milestone,
        parent,
        [
            {**_sourced(m), "year": m.get("year"), "month": m.get("month"), "description": m.get("description", "")}
            for m in row.get("milestones", [])
        ],
        ("kind", "date_text"),
    )
    sync_children(
        report,
        Surface,
        parent,
        [{**_sourced(s), "scope": s.get("scope", "")} for s in row.get("surfaces", [])],
        ("measure", "scope"),
    )
    sync_children(
        report,
        CostFigure,
        parent,
        [
            {
                **_sourced(c),
                "surface_basis": c.get("surface_basis", ""),
                "tax_basis": c.get("tax_basis", ""),
                "note": c.get("note", ""),
            }
            for c in row.get("cost_figures", [])
        ],
        ("kind",),
    )
    sync_children(
        report,
        CommonSpace,
        parent,
        [
            {
                **_sourced(c),
                "area_m2": c.get("area_m2"),
                "area_is_approximate": c.get("area_is_approximate", False),
                "description": c.get("description", ""),
            }
            for c in row.get("common_spaces", [])
        ],
        ("name",),
    )
    sync_children(
        report,
        FieldCertainty,
        parent,
        [_certain({"field": name, **_sourced(record)}) for name, record in sorted(row.get("certainties", {}).items())],
        ("field",),
    )
    sync_children(report, Quote, parent, [_sourced(q) for q in row.get("quotes", [])], ("text",))
    sync_children(
        report,
        ProjectSource,
        parent,
        [
            {"source": _source(c["source"]), "locator": c.get("locator", ""), "facts": c.get("facts", "")}
            for c in row.get("citations", [])
        ],
        ("source", "locator"),
    )
