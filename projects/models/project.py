"""The project (a case study) and the one definition of « published » for related counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_web_address, web_address_constraint

from .facts import ActorRole
from .history import SEARCH_TEXTS, ProjectHistoricalRecords
from .limits import MAX_HOMES, MAX_YEAR, MIN_YEAR
from .querysets import ProjectQuerySet
from .reference import InterventionMode, ParticipatoryFamily, Phase, PublicationStatus
from .sources import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from geo.models import Department, Region
    from organisms.models import Organism


def published_via(path: str) -> Q:
    """A filter on a relation to projects (``path``) keeping only published ones: for counts of
    organisms, territories, sources… built on the one definition, ``published()``."""
    return Q(**{f"{path}__in": Project.objects.published()})


class Project(models.Model):
    name = models.CharField(
        _("nom du projet"),
        max_length=200,
        help_text=_("Le nom sous lequel le projet est connu, par exemple « La Ruche »."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "La fin de l'adresse de la page publique (lettres sans accents, chiffres, tirets). "
            "Rempli d'après le nom ; évitez de le changer une fois le projet publié."
        ),
    )
    summary = models.CharField(
        _("résumé en une phrase"),
        max_length=300,
        blank=True,
        help_text=_("Affiché sous le nom et dans les listes : qui, où, combien de logements."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("L'histoire du projet en quelques paragraphes, d'après les sources.")
    )

    # Where
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("commune"),
        help_text=_("Le département et la région en découlent. Laisser vide si la source ne le dit pas."),
    )
    location_as_written = models.CharField(
        _("localisation telle qu'écrite"), max_length=200, blank=True, help_text=_("Par exemple « Bègles (33) ».")
    )
    former_region = models.ForeignKey(
        "geo.FormerRegion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("ancienne région citée par la source"),
        help_text=_(
            "Seulement si la source nomme une région d'avant 2016 (Rhône-Alpes, Aquitaine…). "
            "La région actuelle se déduit de la commune."
        ),
    )
    neighbourhood = models.CharField(
        _("quartier"), max_length=200, blank=True, help_text=_("Le nom du quartier ou de la ZAC, s'il est connu.")
    )
    is_ecoquartier = models.BooleanField(
        _("dans un écoquartier"), null=True, blank=True, help_text=_("Oui, non, ou inconnu si la source ne le dit pas.")
    )
    is_qpv = models.BooleanField(
        _("quartier prioritaire (QPV)"),
        null=True,
        blank=True,
        help_text=_("Quartier prioritaire de la politique de la ville. Vide si inconnu."),
    )
    neighbourhood_context = models.TextField(
        _("contexte du quartier"),
        blank=True,
        help_text=_("Ce que les sources disent du quartier : rénovation urbaine, mixité, équipements…"),
    )

    # What
    participatory_family = models.CharField(
        _("famille d'habitat participatif"),
        max_length=30,
        choices=ParticipatoryFamily.choices,
        default=ParticipatoryFamily.SOCIAL_HOUSING,
        help_text=_(
            "Autopromotion : le groupe d'habitants est lui-même maître d'ouvrage. Coopérative d'habitants : "
            "propriété collective, non spéculative. Logement social : un organisme Hlm construit avec le groupe."
        ),
    )
    intervention_modes = models.ManyToManyField(
        InterventionMode,
        blank=True,
        related_name="projects",
        verbose_name=_("modes d'intervention"),
        help_text=_(
            "Comment l'organisme Hlm est arrivé dans le projet : partenariat avec un groupe déjà formé, "
            "réponse à une sollicitation (collectivité, groupe), ou sa propre initiative."
        ),
    )
    phase = models.CharField(
        _("phase actuelle"),
        max_length=20,
        choices=Phase.choices,
        blank=True,
        help_text=_("La dernière étape connue, à la date indiquée ci-dessous."),
    )
    phase_as_of = models.CharField(
        _("phase connue à la date de"),
        max_length=100,
        blank=True,
        help_text=_("La date de la source qui donne la phase, par exemple « janvier 2017 »."),
    )
    delivery_year = models.PositiveSmallIntegerField(
        _("année de livraison"),
        null=True,
        blank=True,
        help_text=_("Pour filtrer : l'année seule."),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    delivery_text = models.CharField(
        _("livraison (telle qu'écrite)"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple « Été 2017 », « fin 2019 »."),
    )
    total_homes = models.PositiveIntegerField(
        _("nombre total de logements"),
        null=True,
        blank=True,
        help_text=_("Tous les logements de l'opération."),
        validators=[MaxValueValidator(MAX_HOMES)],
    )
    participatory_homes = models.PositiveIntegerField(
        _("logements en habitat participatif"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_HOMES)],
        help_text=_("Ceux dont les habitants participent à la conception ; vide si la source ne le distingue pas."),
    )

    # How to get involved
    how_to_get_involved = models.TextField(
        _("comment participer"),
        blank=True,
        help_text=_(
            "Pour un habitant intéressé : reste-t-il des places, qui contacter, "
            "quelles conditions (plafonds de ressources…)."
        ),
    )
    contact_email = models.EmailField(
        _("courriel de contact"), blank=True, help_text=_("Une adresse publique, affichée sur la page du projet.")
    )
    website = models.URLField(
        _("site web du projet"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Adresse complète, commençant par https://."),
    )

    notes = models.TextField(
        _("notes sur les sources"),
        blank=True,
        help_text=_("Écarts entre sources et géographie officielle, imprécisions, choix éditoriaux."),
    )

    # Publication (changed by the workflow's transitions, never by the form: projects/workflow.py)
    status = models.CharField(
        _("statut de publication"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_(
            "Brouillon → soumis pour relecture → publié. Seuls les projets publiés sont visibles du public ; "
            "utilisez les boutons de publication en haut de la page."
        ),
    )
    published_at = models.DateTimeField(
        _("publié le"), null=True, blank=True, help_text=_("Rempli automatiquement à la publication.")
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # On the twin holding a pending change to a published project (projects/revisions/): one per
    # project (unique), never public (its status is always « revision »).
    revision_of = models.OneToOneField(
        "self", models.CASCADE, null=True, blank=True, editable=False, related_name="pending_revision"
    )
    last_verified_on = models.DateField(
        _("vérifié le"),
        null=True,
        blank=True,
        help_text=_("La dernière fois qu'un éditeur a relu toute la fiche : bouton « J'ai vérifié ces informations »."),
    )

    # Denormalised, accent-free text for search; rebuilt only by projects.search.refresh_search_text()
    # (kept current by projects.search.signals).
    search_document = models.TextField(_("texte de recherche"), blank=True, editable=False)
    search_names = models.TextField(_("noms pour la recherche approchée"), blank=True, editable=False)

    organisms = models.ManyToManyField(
        "organisms.Organism", through="ProjectActor", related_name="projects", verbose_name=_("acteurs")
    )
    sources = models.ManyToManyField(
        Source, through="ProjectSource", related_name="projects", verbose_name=_("sources")
    )

    objects = ProjectQuerySet.as_manager()
    # Read by simple_history when the row is saved: who changed it and why (set by projects.workflow).
    _history_user: User | AnonymousUser | None
    _change_reason: str | None
    history = ProjectHistoricalRecords(excluded_fields=SEARCH_TEXTS, m2m_fields=[intervention_modes])

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["name"]
        permissions = [
            ("publish_project", _("Publier, refuser ou dépublier des projets")),
            ("import_projects", _("Importer des projets")),
        ]
        indexes = [
            models.Index(fields=["status", "name"], name="project_status_name_idx"),
            models.Index(fields=["delivery_year"], name="project_delivery_year_idx"),
            models.Index(fields=["total_homes"], name="project_total_homes_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_homes__isnull=True) | Q(total_homes__gte=1),
                name="project_total_homes_positive",
                violation_error_message=_("Le nombre total de logements doit être au moins 1."),
            ),
            models.CheckConstraint(
                condition=Q(participatory_homes__isnull=True) | Q(participatory_homes__gte=1),
                name="project_participatory_homes_positive",
                violation_error_message=_("Le nombre de logements participatifs doit être au moins 1."),
            ),
            models.CheckConstraint(
                condition=Q(participatory_homes__isnull=True)
                | Q(total_homes__isnull=True)
                | Q(participatory_homes__lte=models.F("total_homes")),
                name="project_participatory_not_over_total",
                violation_error_message=_(
                    "Les logements participatifs ne peuvent pas dépasser le nombre total de logements."
                ),
            ),
            models.CheckConstraint(
                condition=Q(delivery_year__isnull=True) | Q(delivery_year__gte=1900, delivery_year__lte=2100),
                name="project_delivery_year_range",
                violation_error_message=_("L'année de livraison doit être comprise entre 1900 et 2100."),
            ),
            models.CheckConstraint(
                condition=Q(total_homes__isnull=True) | Q(total_homes__lte=MAX_HOMES),
                name="project_total_homes_max",
                violation_error_message=_("Le nombre total de logements ne peut pas dépasser 10 000."),
            ),
            models.CheckConstraint(
                condition=Q(participatory_homes__isnull=True) | Q(participatory_homes__lte=MAX_HOMES),
                name="project_participatory_homes_max",
                violation_error_message=_("Le nombre de logements participatifs ne peut pas dépasser 10 000."),
            ),
            models.CheckConstraint(condition=Q(status__in=PublicationStatus.values), name="project_status_valid"),
            models.CheckConstraint(condition=Q(phase__in=["", *Phase.values]), name="project_phase_valid"),
            models.CheckConstraint(
                condition=Q(participatory_family__in=ParticipatoryFamily.values),
                name="project_participatory_family_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="project_published_has_date",
                violation_error_message=_("Un projet publié doit avoir une date de publication."),
            ),
            web_address_constraint("website", "project_website_http"),
            models.CheckConstraint(
                condition=(Q(revision_of__isnull=True) & ~Q(status=PublicationStatus.REVISION))
                | (Q(revision_of__isnull=False) & Q(status=PublicationStatus.REVISION)),
                name="project_revision_is_twin",
                violation_error_message=_("Seule une modification proposée d'un projet publié a ce statut."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def department(self) -> Department | None:
        commune = self.commune  # no query when there is no commune
        return commune.department if commune is not None else None

    @property
    def region(self) -> Region | None:
        commune = self.commune
        return commune.department.region if commune is not None else None

    @property
    def is_revision(self) -> bool:
        """A twin holding a pending change to a published project (never public)."""
        return self.revision_of_id is not None

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def tenure_total(self) -> int:
        return self.tenure_lines.aggregate(total=Sum("homes"))["total"] or 0

    def tenure_chart(self) -> list[dict[str, Any]]:
        """Tenure mix as rows for a bar chart and its data table (uses prefetched lines).

        Percentages are of the total homes when known, else of the homes described;
        homes whose tenure the sources do not give appear as their own row.
        """
        lines = list(self.tenure_lines.all())
        described = sum(line.homes for line in lines)
        base = self.total_homes or described
        if not base:
            return []
        rows: list[dict[str, Any]] = [
            {
                "label": line.display_label,
                # A category-only line: say that the source gives no precise status (not the category twice).
                "name": line.status.name if line.status is not None else _("statut précis non donné par la source"),
                "as_written": line.label_as_written,
                "category": line.effective_category,
                "homes": line.homes,
                "percent": round(100 * line.homes / base, 1),
                "line": line,
            }
            for line in lines
        ]
        if self.total_homes and described < self.total_homes:
            rest = self.total_homes - described
            rows.append(
                {
                    "label": _("Non précisé"),
                    "name": _("Statut non précisé par les sources"),
                    "as_written": "",
                    "category": "unknown",
                    "homes": rest,
                    "percent": round(100 * rest / base, 1),
                    "line": None,
                }
            )
        return rows

    def developers(self) -> list[Organism]:
        return [actor.organism for actor in self.actors.all() if actor.role == ActorRole.DEVELOPER]

    def related_by_organism(self) -> ProjectQuerySet:
        organisms = [actor.organism_id for actor in self.actors.all() if actor.organism.kind == "hlm"]
        return Project.objects.published().filter(actors__organism__in=organisms).exclude(pk=self.pk).distinct()

    def related_by_department(self) -> ProjectQuerySet:
        commune = self.commune
        if commune is None:
            return Project.objects.none()
        return Project.objects.published().filter(commune__department=commune.department_id).exclude(pk=self.pk)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.total_homes is not None:
            allocated = self.tenure_total()
            if allocated > self.total_homes:
                raise ValidationError(
                    {
                        "total_homes": _(
                            "Les lignes de statut d'occupation totalisent %(allocated)s logements : "
                            "le total ne peut pas être inférieur."
                        )
                        % {"allocated": allocated}
                    }
                )
