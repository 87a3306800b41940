"""The household category of the arrêté du 29 juillet 1987 (article 2) from the composition."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

YOUNG_COUPLE_MAX_AGE_SUM = 55


@dataclass(frozen=True)
class Household:
    adults: int
    dependants: int = 0
    ages: tuple[int, ...] = ()
    disability: bool = False

    @property
    def persons(self) -> int:
        return self.adults + self.dependants

    @property
    def young_couple(self) -> bool:
        """« Jeune ménage »: a couple without dependants whose ages add up to 55 or less."""
        return (
            self.adults == 2
            and self.dependants == 0
            and len(self.ages) == 2
            and sum(self.ages) <= YOUNG_COUPLE_MAX_AGE_SUM
        )

    @property
    def single_with_dependants(self) -> bool:
        return self.adults == 1 and self.dependants >= 1

    def category(self) -> int:
        """1–6 as in the arrêté; beyond 6, each further person adds the extra-person amount."""
        if self.raised:
            return self.persons + 1
        return self.persons

    @property
    def raised(self) -> bool:
        return self.disability or self.single_with_dependants or self.young_couple

    def reasons(self) -> list[str]:
        """Why the category is one above the number of persons (for the answer)."""
        reasons = []
        if self.disability:
            reasons.append(str(_("une personne du foyer a la carte mobilité inclusion « invalidité »")))
        if self.single_with_dependants:
            reasons.append(str(_("une personne seule avec des personnes à charge")))
        if self.young_couple:
            reasons.append(str(_("jeune ménage (couple sans personne à charge, âges cumulés de 55 ans au plus)")))
        return reasons
