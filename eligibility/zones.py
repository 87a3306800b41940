"""The zones of a commune: 1/2/3 for social rental (arrêté du 29 juillet 1987), A bis/A/B1/B2/C for
PSLA and BRS (zoning list built by ``scripts/build_abc_zoning.py``)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from functools import cache
from pathlib import Path

from geo.models import Commune

from .models import Zone

DATA = Path(__file__).resolve().parent / "data"
ILE_DE_FRANCE_REGION = "11"
OVERSEAS_PREFIX = "97"


@cache
def paris_and_neighbours() -> frozenset[str]:
    data = json.loads((DATA / "paris_neighbours.json").read_text(encoding="utf-8"))
    return frozenset([data["paris"], *data["communes"]])


@cache
def abc_zoning() -> dict[str, str]:
    with gzip.open(DATA / "zoning_abc.csv.gz", "rb") as raw:
        return {row["insee"]: row["zone"] for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))}


def is_overseas(commune: Commune) -> bool:
    return commune.department.code.startswith(OVERSEAS_PREFIX)


def rental_zone(commune: Commune) -> Zone | None:
    """Zone 1, 2 or 3 of the social rental ceilings; None overseas (other rules apply there)."""
    if is_overseas(commune):
        return None
    if commune.insee_code in paris_and_neighbours():
        return Zone.PARIS
    if commune.department.region.code == ILE_DE_FRANCE_REGION:
        return Zone.ILE_DE_FRANCE
    return Zone.OTHER_REGIONS


def abc_zone(commune: Commune) -> Zone | None:
    """Zone A bis, A, B1, B2 or C; None overseas or when the commune is missing from the list."""
    if is_overseas(commune):
        return None
    code = abc_zoning().get(commune.insee_code)
    return Zone(code) if code else None
