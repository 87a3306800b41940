"""Income ceilings of the tenures a household may apply for, as dated, cited data.

One ``CeilingTable`` row is one line of a legal annex: a tenure, a year, a zone, the ceilings of
household categories 1 to 6 (or 1 to 6 persons) and the amount per extra person, with the legal
text it comes from. Loaded by ``manage.py load_ceilings`` from ``eligibility/data/ceilings.json``.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_CEILING = 1_000_000


class Tenure(models.TextChoices):
    PLAI = "PLAI", "PLAI"
    PLUS = "PLUS", "PLUS"
    PLS = "PLS", "PLS"
    PSLA = "PSLA", "PSLA"
    BRS = "BRS", "BRS"


SOCIAL_RENTAL = (Tenure.PLAI, Tenure.PLUS, Tenure.PLS)
SOCIAL_OWNERSHIP = (Tenure.PSLA, Tenure.BRS)


class Zone(models.TextChoices):
    PARIS = "1", _("Paris et communes limitrophes")
    ILE_DE_FRANCE = "2", _("Île-de-France hors Paris et communes limitrophes")
    OTHER_REGIONS = "3", _("Autres régions")
    A_BIS = "Abis", _("Zone A bis")
    A = "A", _("Zone A")
    B1 = "B1", _("Zone B1")
    B2 = "B2", _("Zone B2")
    C = "C", _("Zone C")


RENTAL_ZONES = (Zone.PARIS, Zone.ILE_DE_FRANCE, Zone.OTHER_REGIONS)
ABC_ZONES = (Zone.A_BIS, Zone.A, Zone.B1, Zone.B2, Zone.C)


class LegalText(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    title = models.CharField(_("titre"), max_length=400)
    date = models.DateField(_("date du texte"))
    reference = models.CharField(_("NOR, JORF ou identifiant Legifrance"), max_length=200)
    url = models.URLField(_("adresse"), max_length=300)

    class Meta:
        verbose_name = _("texte officiel")
        verbose_name_plural = _("textes officiels")
        ordering = ["-date", "slug"]

    def __str__(self) -> str:
        return self.title


def _amount(name: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(name, validators=[MinValueValidator(1), MaxValueValidator(MAX_CEILING)])


class CeilingTable(models.Model):
    tenure = models.CharField(_("statut d'occupation"), max_length=4, choices=Tenure.choices)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    zone = models.CharField(_("zone"), max_length=4, choices=Zone.choices)
    category_1 = _amount(_("catégorie 1 / 1 personne"))
    category_2 = _amount(_("catégorie 2 / 2 personnes"))
    category_3 = _amount(_("catégorie 3 / 3 personnes"))
    category_4 = _amount(_("catégorie 4 / 4 personnes"))
    category_5 = _amount(_("catégorie 5 / 5 personnes"))
    category_6 = _amount(_("catégorie 6 / 6 personnes"))
    per_extra_person = _amount(_("par personne supplémentaire"))
    text = models.ForeignKey(LegalText, on_delete=models.PROTECT, related_name="tables", verbose_name=_("texte"))
    article = models.CharField(_("article ou annexe"), max_length=100)
    rule = models.CharField(_("règle de calcul"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("barème de plafonds")
        verbose_name_plural = _("barèmes de plafonds")
        ordering = ["-year", "tenure", "zone"]
        constraints = [
            models.UniqueConstraint(fields=["tenure", "year", "zone"], name="ceilingtable_one_per_zone"),
            models.CheckConstraint(condition=Q(tenure__in=Tenure.values), name="ceilingtable_tenure_valid"),
            models.CheckConstraint(
                condition=(Q(tenure__in=SOCIAL_RENTAL) & Q(zone__in=RENTAL_ZONES))
                | (Q(tenure__in=SOCIAL_OWNERSHIP) & Q(zone__in=ABC_ZONES)),
                name="ceilingtable_zone_fits_tenure",
            ),
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="ceilingtable_year_range"),
            models.CheckConstraint(
                condition=Q(category_1__gte=1)
                & Q(category_2__gte=F("category_1"))
                & Q(category_3__gte=F("category_2"))
                & Q(category_4__gte=F("category_3"))
                & Q(category_5__gte=F("category_4"))
                & Q(category_6__gte=F("category_5"))
                & Q(category_6__lte=MAX_CEILING)
                & Q(per_extra_person__gte=1),
                name="ceilingtable_amounts_increase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenure} {self.year} {self.get_zone_display()}"

    @property
    def amounts(self) -> list[int]:
        return [getattr(self, f"category_{n}") for n in range(1, 7)]

    def ceiling_for(self, category: int) -> int:
        """The ceiling of a household category (or number of persons); beyond 6, the amount per
        extra person is added for each one."""
        if category < 1:
            raise ValueError("category starts at 1")
        if category <= 6:
            return self.amounts[category - 1]
        return self.category_6 + self.per_extra_person * (category - 6)
