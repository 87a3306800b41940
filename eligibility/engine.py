"""From a household, its income and a commune to the tenures it may apply for, with each ceiling's
citation. Used by the page and the API, so both give the same answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from caching.version import cached_per_version
from geo.models import Commune

from .household import Household
from .models import SOCIAL_RENTAL, CeilingTable, Tenure, Zone
from .zones import abc_zone, is_overseas, rental_zone

ORDER = (Tenure.PLAI, Tenure.PLUS, Tenure.PLS, Tenure.PSLA, Tenure.BRS)


@dataclass
class TenureAnswer:
    tenure: Tenure
    zone: Zone | None
    size: int  # household category (rental) or number of persons (PSLA, BRS)
    table: CeilingTable | None = None
    ceiling: int | None = None
    eligible: bool | None = None  # None: no table loaded for that year and zone
    margin: int | None = None  # ceiling − income: ≥ 0 under (or at) the ceiling, < 0 above it

    @property
    def loaded(self) -> bool:
        return self.table is not None

    @property
    def over_by(self) -> int | None:
        return -self.margin if self.margin is not None and self.margin < 0 else None


@dataclass
class Assessment:
    commune: Commune
    year: int
    income: int
    household: Household
    overseas: bool = False
    rental_zone: Zone | None = None
    abc_zone: Zone | None = None
    answers: list[TenureAnswer] = field(default_factory=list)

    @property
    def category(self) -> int:
        return self.household.category()

    @property
    def eligible_tenures(self) -> list[Tenure]:
        return [answer.tenure for answer in self.answers if answer.eligible]


def loaded_years() -> list[int]:
    return sorted(set(CeilingTable.objects.values_list("year", flat=True)), reverse=True)


def assess(household: Household, income: int, commune: Commune, year: int) -> Assessment:
    """Overseas communes get no answer (``overseas``): their ceilings and zones differ."""
    assessment = Assessment(commune=commune, year=year, income=income, household=household)
    if is_overseas(commune):
        assessment.overseas = True
        return assessment
    assessment.rental_zone = rental_zone(commune)
    assessment.abc_zone = abc_zone(commune)
    zones = {tenure: assessment.rental_zone if tenure in SOCIAL_RENTAL else assessment.abc_zone for tenure in ORDER}
    tables = {
        (str(table.tenure), str(table.zone)): table
        for table in CeilingTable.objects.filter(year=year, zone__in={z for z in zones.values() if z}).select_related(
            "text"
        )
    }
    for tenure in ORDER:
        size = household.category() if tenure in SOCIAL_RENTAL else household.persons
        answer = TenureAnswer(tenure=tenure, zone=zones[tenure], size=size)
        zone = zones[tenure]
        answer.table = tables.get((tenure.value, zone.value)) if zone else None
        if answer.table is not None:
            answer.ceiling = answer.table.ceiling_for(size)
            answer.margin = answer.ceiling - income
            answer.eligible = income <= answer.ceiling
        assessment.answers.append(answer)
    return assessment


def current_ceilings(commune: Commune, year: int, tenures: Sequence[str]) -> list[dict]:
    """For a project page: each tenure's ceiling for one person and for four (category 4 for
    social rental, 4 persons for PSLA and BRS) in the commune's zone, if loaded. Plain values,
    computed once per catalogue version and zone pair (no query on a warm cache)."""
    if is_overseas(commune):
        return []
    zones = {"rental": rental_zone(commune), "abc": abc_zone(commune)}

    def compute() -> dict[str, dict]:
        wanted = {z.value for z in zones.values() if z}
        return {
            str(table.tenure): {
                "one": table.ceiling_for(1),
                "four": table.ceiling_for(4),
                "article": table.article,
                "url": table.text.url,
                "title": table.text.title,
            }
            for table in CeilingTable.objects.filter(year=year, zone__in=wanted).select_related("text")
            if str(table.zone) == str(zones["rental"] if table.tenure in SOCIAL_RENTAL else zones["abc"])
        }

    key = f"eligibility-ceilings:{year}:{zones['rental']}:{zones['abc']}"
    loaded = cached_per_version(key, compute)
    return [{"tenure": tenure, **loaded.get(tenure, {})} for tenure in ORDER if tenure in tenures]
