"""The facts of a project: tenure lines, actors, milestones (figures, spaces and quotes live in ``figures``)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .limits import MAX_HOMES, MAX_YEAR, MIN_YEAR
from .reference import TenureCategory, TenureStatus
from .sources import CertaintyMixin, Source, SourcedMixin, certainty_constraints


class TenureLine(SourcedMixin):
    """Number of homes of a project under one tenure status, or one category when the source gives only that."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="tenure_lines", verbose_name=_("projet")
    )
    status = models.ForeignKey(
        TenureStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("statut d'occupation"),
        help_text=_(
            "PLUS : logement social classique ; PLAI : très bas revenus ; PLS : loyers intermédiaires ; "
            "PSLA : location-accession (locataire puis propriétaire) ; BRS : bail réel solidaire (on achète le "
            "logement, pas le terrain) ; SCIAPP : société d'accession progressive à la propriété. "
            "Laisser vide si la source ne donne que la catégorie."
        ),
    )
    category = models.CharField(
        _("catégorie seule"),
        max_length=30,
        choices=TenureCategory.choices,
        blank=True,
        help_text=_("Seulement quand la source ne précise pas le statut (« 5 logements en location sociale »)."),
    )
    homes = models.PositiveIntegerField(
        _("nombre de logements"),
        help_text=_("Les lignes additionnées ne peuvent pas dépasser le nombre total de logements du projet."),
        validators=[MaxValueValidator(MAX_HOMES)],
    )
    label_as_written = models.CharField(
        _("libellé tel qu'écrit"),
        max_length=200,
        blank=True,
        help_text=_("Le statut tel que la source l'écrit, par exemple « PLAI-ALH » ou « accession sociale PSLA »."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne de statut d'occupation")
        verbose_name_plural = _("répartition par statut d'occupation")
        ordering = ["status__position", "category", "pk"]
        constraints = [
            *certainty_constraints("tenureline"),
            models.CheckConstraint(
                condition=Q(homes__gte=1),
                name="tenureline_homes_positive",
                violation_error_message=_("Le nombre de logements doit être au moins 1."),
            ),
            models.CheckConstraint(
                condition=Q(homes__lte=MAX_HOMES),
                name="tenureline_homes_max",
                violation_error_message=_("Le nombre de logements ne peut pas dépasser 10 000."),
            ),
            models.CheckConstraint(
                condition=(Q(status__isnull=False) & Q(category=""))
                | (Q(status__isnull=True) & Q(category__in=TenureCategory.values)),
                name="tenureline_status_xor_category",
                violation_error_message=_(
                    "Indiquez soit un statut d'occupation, soit une catégorie seule, pas les deux."
                ),
            ),
            models.UniqueConstraint(
                fields=["project", "status"],
                condition=Q(status__isnull=False),
                name="tenureline_unique_status",
                violation_error_message=_("Ce statut d'occupation figure déjà pour ce projet."),
            ),
            models.UniqueConstraint(
                fields=["project", "category"],
                condition=Q(status__isnull=True),
                name="tenureline_unique_category",
                violation_error_message=_("Cette catégorie figure déjà pour ce projet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.homes} × {self.display_label}"

    @property
    def display_label(self) -> str:
        status = self.status  # no query when there is no status
        return status.short_name if status is not None else self.get_category_display()

    @property
    def effective_category(self) -> str:
        status = self.status
        return status.category if status is not None else self.category


class ActorRole(models.TextChoices):
    DEVELOPER = "developer", _("Maître d'ouvrage")
    MANAGER = "manager", _("Gestionnaire / syndic")
    INITIATING_AUTHORITY = "initiating_authority", _("Collectivité initiatrice")
    AMO = "amo", _("Assistance à maîtrise d'ouvrage / d'usage")
    AMENAGEUR = "amenageur", _("Aménageur")
    PARTNER = "partner", _("Partenaire")
    FUNDER = "funder", _("Financeur")


class ProjectActor(CertaintyMixin):
    Role = ActorRole

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="actors", verbose_name=_("projet")
    )
    organism = models.ForeignKey(
        "organisms.Organism",
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("organisme"),
        help_text=_(
            "Tapez quelques lettres du nom ou du sigle. Un organisme absent de la liste : demandez à un modérateur."
        ),
    )
    role = models.CharField(
        _("rôle"),
        max_length=30,
        choices=ActorRole.choices,
        help_text=_(
            "Maître d'ouvrage : celui qui construit et finance. AMO : l'accompagnement du groupe ou de l'organisme."
        ),
    )
    description = models.CharField(
        _("précision"), max_length=300, blank=True, help_text=_("Par exemple « a animé les ateliers de conception ».")
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
        help_text=_("Le document qui cite cet acteur."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acteur du projet")
        verbose_name_plural = _("acteurs du projet")
        ordering = ["role", "organism__name"]
        constraints = [
            *certainty_constraints("projectactor"),
            models.UniqueConstraint(
                fields=["project", "organism", "role"],
                name="projectactor_unique_role",
                violation_error_message=_("Cet organisme a déjà ce rôle dans ce projet."),
            ),
            models.CheckConstraint(condition=Q(role__in=ActorRole.values), name="projectactor_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organism} — {self.get_role_display()}"


class Milestone(SourcedMixin):
    class Kind(models.TextChoices):
        GROUP_FORMED = "group_formed", _("Groupe constitué")
        FIRST_MEETING = "first_meeting", _("Première réunion")
        CHARTER = "charter", _("Charte / projet de vie")
        CALL_FOR_PROJECTS = "call_for_projects", _("Appel à projets")
        PERMIT_FILED = "permit_filed", _("Dépôt du permis de construire")
        PERMIT_GRANTED = "permit_granted", _("Permis de construire obtenu")
        WORKS_START = "works_start", _("Début du chantier")
        DELIVERY = "delivery", _("Livraison")
        DELIVERY_PLANNED = "delivery_planned", _("Livraison prévue")
        OTHER = "other", _("Autre étape")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="milestones", verbose_name=_("projet")
    )
    kind = models.CharField(_("étape"), max_length=30, choices=Kind.choices, help_text=_("Le type d'étape."))
    date_text = models.CharField(
        _("date (telle qu'écrite)"),
        max_length=100,
        help_text=_("Recopiez la date comme la source l'écrit, même floue : « fin 2019 », « été 2017 », « 2018 »."),
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        help_text=_("L'année seule, pour trier et filtrer (2019 pour « fin 2019 »)."),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    month = models.PositiveSmallIntegerField(
        _("mois"),
        null=True,
        blank=True,
        help_text=_("De 1 à 12, seulement si la source donne le mois."),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    description = models.CharField(
        _("précision"), max_length=300, blank=True, help_text=_("Un détail utile, facultatif.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("calendrier")
        ordering = [models.F("year").asc(nulls_last=True), models.F("month").asc(nulls_first=True), "pk"]
        constraints = [
            *certainty_constraints("milestone"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="milestone_month_range",
                violation_error_message=_("Le mois doit être compris entre 1 et 12."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="milestone_year_range",
                violation_error_message=_("L'année doit être comprise entre 1900 et 2100."),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(year__isnull=False),
                name="milestone_month_needs_year",
                violation_error_message=_("Un mois sans année ne permet pas de dater l'étape."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.date_text}"
