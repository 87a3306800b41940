"""Load the reference geography (geo/data/, built by scripts/build_geography.py). Idempotent."""

import csv
import gzip
import io
import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from common.bulk import settle_after_bulk_write
from common.text import normalize
from geo.models import Commune, Department, FormerRegion, Region
from geo.signals import geography_changed

DATA = Path(settings.BASE_DIR) / "geo" / "data"
COMMUNE_FIELDS = [
    "name",
    "search_name",
    "department_id",
    "postcodes",
    "population",
    "latitude",
    "longitude",
    "coordinates_precision",
]


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _float(value: str) -> float | None:
    return float(value) if value else None


class Command(BaseCommand):
    help = "Load regions, départements, communes and former regions from geo/data/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if self._load():
            # Statistics of the tables just filled (the planner would guess one département per
            # region until autovacuum passes, and join the communes of a region the slow way).
            settle_after_bulk_write([Region, Department, FormerRegion, Commune])

    @transaction.atomic
    def _load(self) -> int:
        started = time.monotonic()
        changes = 0
        regions = {}
        for row in _json("regions.json"):
            region, created = Region.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "slug": slugify(row["name"])}
            )
            if not created and (region.name, region.slug) != (row["name"], slugify(row["name"])):
                region.name, region.slug = row["name"], slugify(row["name"])
                region.save()
                changes += 1
            changes += created
            regions[row["code"]] = region

        departments = {}
        for row in _json("departments.json"):
            values = {"name": row["name"], "slug": slugify(f"{row['name']}"), "region": regions[row["region"]]}
            department, created = Department.objects.get_or_create(code=row["code"], defaults=values)
            if not created and any(getattr(department, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(department, key, value)
                department.save()
                changes += 1
            changes += created
            departments[row["code"]] = department

        wanted_pairs = {tuple(pair) for pair in _json("department_neighbours.json")}
        Through = Department.neighbours.through
        existing = {
            (a, b) for a, b in Through.objects.values_list("from_department__code", "to_department__code") if a < b
        }
        for a, b in wanted_pairs - existing:
            departments[a].neighbours.add(departments[b])
            changes += 1

        for row in _json("former_regions.json"):
            _former, created = FormerRegion.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "region": regions[row["region"]]}
            )
            changes += created

        changes += self._load_communes(departments)
        self.stdout.write(
            f"{Region.objects.count()} regions, {Department.objects.count()} départements, "
            f"{Commune.objects.count()} communes "
            f"({Commune.objects.filter(latitude=None).count()} without coordinates), "
            f"{FormerRegion.objects.count()} former regions; {changes} changes in {time.monotonic() - started:.1f} s"
        )
        return changes

    def _load_communes(self, departments: dict[str, Department]) -> int:
        with gzip.open(DATA / "communes.csv.gz", "rt", encoding="utf-8") as handle:
            rows = list(csv.DictReader(io.StringIO(handle.read())))
        existing = {c.insee_code: c for c in Commune.objects.all()}
        to_create, to_update = [], []
        for row in rows:
            values = {
                "name": row["name"],
                "search_name": normalize(row["name"]),
                "department_id": departments[row["dep"]].pk,
                "postcodes": row["postcodes"],
                "population": int(row["population"]) if row["population"] else None,
                "latitude": _float(row["lat"]),
                "longitude": _float(row["lon"]),
                "coordinates_precision": row["precision"],
            }
            commune = existing.get(row["insee"])
            if commune is None:
                to_create.append(Commune(insee_code=row["insee"], **values))
            elif any(getattr(commune, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(commune, key, value)
                to_update.append(commune)
        Commune.objects.bulk_create(to_create, batch_size=2000)
        Commune.objects.bulk_update(to_update, COMMUNE_FIELDS, batch_size=2000)
        if to_update:  # bulk_update sends no post_save: tell who derives texts from commune names
            geography_changed.send(sender=Commune, commune_ids=[commune.pk for commune in to_update])
        return len(to_create) + len(to_update)
