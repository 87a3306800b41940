"""The figures of a project: surfaces, costs and prices, common spaces, quotes."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .limits import MAX_AMOUNT_EUR, MAX_AMOUNT_EUR_M2, MAX_AMOUNT_EUR_M2_MONTH, MAX_AREA_M2, MAX_COMMON_SPACE_M2
from .reference import SurfaceMeasure, TaxBasis
from .sources import SourcedMixin, certainty_constraints


class Surface(SourcedMixin):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="surfaces", verbose_name=_("projet")
    )
    measure = models.CharField(
        _("mesure"),
        max_length=10,
        choices=SurfaceMeasure.choices,
        help_text=_(
            "Reprenez la mesure que donne la source. SHAB : surface habitable des logements (murs intérieurs "
            "exclus) ; SU : surface utile (habitable + annexes comptées à moitié) ; SP : surface de plancher "
            "(celle du permis de construire). Dans le doute, « Autre mesure »."
        ),
    )
    area_m2 = models.DecimalField(
        _("surface (m²)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("En mètres carrés ; décimales avec une virgule."),
        validators=[MaxValueValidator(MAX_AREA_M2)],
    )
    scope = models.CharField(
        _("périmètre"), max_length=200, blank=True, help_text=_("Par exemple « ensemble de l'opération ».")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surface")
        verbose_name_plural = _("surfaces")
        constraints = [
            *certainty_constraints("surface"),
            models.CheckConstraint(
                condition=Q(area_m2__gt=0),
                name="surface_area_positive",
                violation_error_message=_("La surface doit être positive."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__lte=MAX_AREA_M2),
                name="surface_area_max",
                violation_error_message=_("La surface ne peut pas dépasser 1 000 000 m²."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_m2} m² {self.measure}"


class CostFigure(SourcedMixin):
    class Kind(models.TextChoices):
        LAND_PRICE = "land_price", _("Prix d'achat du terrain")
        CONSTRUCTION_COST = "construction_cost", _("Coût de construction")
        SALE_PRICE = "sale_price", _("Prix de vente moyen")
        MARKET_PRICE = "market_price", _("Prix du marché dans le secteur")
        RENT = "rent", _("Loyer")
        OTHER = "other", _("Autre")

    class Unit(models.TextChoices):
        EUR_PER_M2 = "eur_m2", _("€/m²")
        EUR = "eur", _("€")
        EUR_PER_M2_MONTH = "eur_m2_month", _("€/m²/mois")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="cost_figures", verbose_name=_("projet")
    )
    kind = models.CharField(_("nature"), max_length=30, choices=Kind.choices, help_text=_("Ce que mesure ce montant."))
    amount = models.DecimalField(
        _("montant"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Le nombre seul, sans espace ni symbole €."),
        validators=[MaxValueValidator(MAX_AMOUNT_EUR)],
    )
    unit = models.CharField(
        _("unité"), max_length=15, choices=Unit.choices, default=Unit.EUR_PER_M2, help_text=_("€, €/m² ou €/m²/mois.")
    )
    surface_basis = models.CharField(
        _("surface de référence"),
        max_length=10,
        choices=SurfaceMeasure.choices,
        blank=True,
        help_text=_("La surface à laquelle se rapporte un prix au m² (SHAB, SU, SP)."),
    )
    tax_basis = models.CharField(
        _("taxes"),
        max_length=3,
        choices=TaxBasis.choices,
        blank=True,
        help_text=_("HT ou TTC ; vide si la source ne le dit pas."),
    )
    note = models.CharField(_("précision"), max_length=300, blank=True, help_text=_("Par exemple « parking compris »."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coût ou prix")
        verbose_name_plural = _("coûts et prix")
        constraints = [
            *certainty_constraints("costfigure"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="costfigure_amount_not_negative",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(amount__lte=MAX_AMOUNT_EUR)
                & (~Q(unit="eur_m2") | Q(amount__lte=MAX_AMOUNT_EUR_M2))
                & (~Q(unit="eur_m2_month") | Q(amount__lte=MAX_AMOUNT_EUR_M2_MONTH)),
                name="costfigure_amount_max",
                violation_error_message=_(
                    "Montant irréaliste : au plus 1 000 000 000 €, 100 000 €/m² ou 1 000 €/m²/mois."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.amount} {self.get_unit_display()}"


class CommonSpace(SourcedMixin):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="common_spaces", verbose_name=_("projet")
    )
    name = models.CharField(
        _("espace"), max_length=200, help_text=_("Salle commune, buanderie, chambre d'amis, jardin partagé…")
    )
    area_m2 = models.DecimalField(
        _("surface (m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide si inconnue."),
        validators=[MaxValueValidator(MAX_COMMON_SPACE_M2)],
    )
    area_is_approximate = models.BooleanField(
        _("surface approximative"), default=False, help_text=_("Cochez si la source écrit « environ » ou « près de ».")
    )
    description = models.CharField(
        _("précision"), max_length=300, blank=True, help_text=_("À quoi sert l'espace, qui le gère.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("espace partagé")
        verbose_name_plural = _("espaces partagés")
        constraints = [
            *certainty_constraints("commonspace"),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gt=0),
                name="commonspace_area_positive",
                violation_error_message=_("La surface doit être positive."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__lte=MAX_COMMON_SPACE_M2),
                name="commonspace_area_max",
                violation_error_message=_("La surface d'un espace partagé ne peut pas dépasser 100 000 m²."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Quote(SourcedMixin):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="quotes", verbose_name=_("projet")
    )
    text = models.TextField(_("citation"), help_text=_("Mot pour mot, sans guillemets."))
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("Qui parle, et à quel titre. Vide si la source ne le dit pas."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [*certainty_constraints("quote")]

    def __str__(self) -> str:
        return self.text[:60]
