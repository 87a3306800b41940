"""Case studies of habitat participatif carried with social landlords.

Facts carry their sources: a project cites documents (``ProjectSource``) and each
key figure (surface, price, quote, milestone, tenure line) may point to the
document and the page/section it comes from. Unknown facts stay empty.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.validators import validate_web_address, web_address_constraint

# --- Realistic bounds of numbers (SECURITY.md « Imports : limites (round 2) ») ------------------
# The same bounds are field validators (forms, admin, imports) and check constraints (database).
MAX_HOMES = 10_000  # homes of one project, or of one tenure line (the largest French operations have ~3,000)
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_AREA_M2 = 1_000_000  # 100 ha: an operation's surface
MAX_COMMON_SPACE_M2 = 100_000  # 10 ha: a shared garden, a shared hall
MAX_AMOUNT_EUR = 1_000_000_000  # a total cost or price in euros
MAX_AMOUNT_EUR_M2 = 100_000  # a price or cost per m²
MAX_AMOUNT_EUR_M2_MONTH = 1_000  # a rent per m² and month

# --- Reference vocabularies -------------------------------------------------------------


class TenureCategory(models.TextChoices):
    SOCIAL_RENTAL = "social_rental", _("Locatif social")
    SOCIAL_OWNERSHIP = "social_ownership", _("Accession sociale")
    FREE_MARKET = "free_market", _("Marché libre")
    COOPERATIVE = "cooperative", _("Coopérative d'habitants")
    OWNERSHIP_UNSPECIFIED = "ownership_unspecified", _("Accession (sociale ou libre, non précisée)")


class TenureStatus(models.Model):
    """A statut d'occupation (PLUS, PLAI, PSLA…), with a plain-French explanation."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    short_name = models.CharField(_("sigle"), max_length=30)
    name = models.CharField(_("nom"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=30, choices=TenureCategory.choices)
    explanation = models.TextField(_("explication en mots simples"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("statut d'occupation")
        verbose_name_plural = _("statuts d'occupation")
        ordering = ["position", "short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=TenureCategory.values), name="tenurestatus_category_valid"
            ),
        ]

    def __str__(self):
        return self.short_name


class InterventionMode(models.Model):
    """How a social landlord came into the project (USH typology)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("mode d'intervention")
        verbose_name_plural = _("modes d'intervention")
        ordering = ["position"]

    def __str__(self):
        return self.name


class ParticipatoryFamily(models.TextChoices):
    AUTOPROMOTION = "autopromotion", _("Autopromotion")
    HOUSING_COOPERATIVE = "housing_cooperative", _("Coopérative d'habitants")
    SOCIAL_HOUSING = "social_housing", _("Habitat participatif en logement social")


class Phase(models.TextChoices):
    GROUP_FORMING = "group_forming", _("Constitution du groupe")
    LIFE_PROJECT = "life_project", _("Projet de vie (charte)")
    CO_DESIGN = "co_design", _("Co-conception avec l'organisme")
    BUILDING_PERMIT = "building_permit", _("Permis de construire")
    WORKS = "works", _("Chantier")
    DELIVERED = "delivered", _("Livré")
    MANAGED = "managed", _("Gestion après livraison")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis pour relecture")
    PUBLISHED = "published", _("Publié")
    ARCHIVED = "archived", _("Dépublié / archivé")


class SurfaceMeasure(models.TextChoices):
    SHAB = "SHAB", _("SHAB — surface habitable")
    SU = "SU", _("SU — surface utile")
    SP = "SP", _("SP — surface de plancher")
    OTHER = "other", _("Autre mesure")


class TaxBasis(models.TextChoices):
    HT = "HT", _("HT — hors taxes")
    TTC = "TTC", _("TTC — toutes taxes comprises")


# --- Sources -----------------------------------------------------------------------------


class Source(models.Model):
    """A document the catalogue's facts come from."""

    class Kind(models.TextChoices):
        WEB_PAGE = "web_page", _("Page web")
        BLOG_POST = "blog_post", _("Billet de blog")
        PROCEEDINGS = "proceedings", _("Actes de rencontre")
        LEAFLET = "leaflet", _("Plaquette")
        REPORT = "report", _("Rapport ou étude")
        OTHER = "other", _("Autre")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("type de document"), max_length=20, choices=Kind.choices, default=Kind.WEB_PAGE)
    publisher = models.CharField(_("éditeur ou auteur"), max_length=300)
    date_text = models.CharField(_("date (telle qu'écrite)"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    url = models.URLField(_("adresse web"), blank=True, validators=[validate_web_address])
    storage_name = models.CharField(
        _("fichier d'origine"), max_length=100, blank=True, help_text=_("Nom du fichier source dans les archives.")
    )
    summary = models.TextField(_("ce que le document apporte"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]
        constraints = [
            web_address_constraint("url", "source_url_http"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="source_year_range",
                violation_error_message=_("L'année doit être comprise entre 1900 et 2100."),
            ),
        ]

    def __str__(self):
        return self.title


class SourcedMixin(models.Model):
    """A fact that can point to the document (and page or section) it comes from."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
        help_text=_("Le document d'où vient ce chiffre ; tapez quelques mots de son titre."),
    )
    locator = models.CharField(
        _("section ou page"),
        max_length=200,
        blank=True,
        help_text=_("Où trouver l'information dans la source, par exemple « p. 12 » ou « § Programme »."),
    )

    class Meta:
        abstract = True


# --- Projects ----------------------------------------------------------------------------


class ProjectQuerySet(models.QuerySet):
    def published(self):
        """The only definition of what the public may see."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def with_actor_among(self, organism_ids):
        """Projects where one of ``organism_ids`` is an actor (each project once)."""
        return self.filter(pk__in=ProjectActor.objects.filter(organism__in=organism_ids).values("project"))

    def with_geography(self):
        return self.select_related("commune__department__region", "former_region")

    def for_cards(self):
        """What a project card shows, in four queries whatever the number of cards."""
        return self.with_geography().prefetch_related(
            models.Prefetch(
                "actors",
                queryset=ProjectActor.objects.filter(role=ActorRole.DEVELOPER).select_related("organism"),
                to_attr="developer_actors",
            ),
            models.Prefetch("tenure_lines", queryset=TenureLine.objects.select_related("status")),
            models.Prefetch("photos", queryset=Photo.objects.order_by("position", "pk"), to_attr="card_photos"),
        )

    def count_by_department(self):
        """{département code: number of projects} of this (filtered) queryset, in ONE query."""
        rows = (
            self.model.objects.filter(pk__in=self.order_by().values("pk"))
            .exclude(commune=None)
            .values_list("commune__department__code")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        return dict(rows)

    def with_case_study(self):
        """Everything a project's page (or API detail) shows: one query per kind of child, each
        child with its source (and tenure status, organism) in that same query."""
        return self.with_geography().prefetch_related(
            "intervention_modes",
            models.Prefetch("tenure_lines", queryset=TenureLine.objects.select_related("status", "source")),
            models.Prefetch("actors", queryset=ProjectActor.objects.select_related("organism", "source")),
            *(
                models.Prefetch(name, queryset=model.objects.select_related("source"))
                for name, model in (
                    ("milestones", Milestone),
                    ("surfaces", Surface),
                    ("cost_figures", CostFigure),
                    ("common_spaces", CommonSpace),
                    ("quotes", Quote),
                    ("citations", ProjectSource),
                )
            ),
        )


def published_via(path):
    """A filter on a relation to projects (``path``) keeping only published ones: for counts of
    organisms, territories, sources… built on the one definition, ``published()``."""
    return Q(**{f"{path}__in": Project.objects.published()})


class Project(models.Model):
    name = models.CharField(
        _("nom du projet"), max_length=200, help_text=_("Le nom sous lequel le projet est connu, par exemple « La Ruche ».")
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
        _("livraison (telle qu'écrite)"), max_length=100, blank=True, help_text=_("Par exemple « Été 2017 », « fin 2019 ».")
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
        help_text=_("Pour un habitant intéressé : reste-t-il des places, qui contacter, quelles conditions (plafonds de ressources…)."),
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
    last_verified_on = models.DateField(
        _("vérifié le"),
        null=True,
        blank=True,
        help_text=_("La dernière fois qu'un éditeur a relu toute la fiche : bouton « J'ai vérifié ces informations »."),
    )

    # Denormalised, accent-free text for search; rebuilt by projects.search.refresh_search_documents().
    search_document = models.TextField(_("texte de recherche"), blank=True, editable=False)
    search_names = models.TextField(_("noms pour la recherche approchée"), blank=True, editable=False)

    organisms = models.ManyToManyField(
        "organisms.Organism", through="ProjectActor", related_name="projects", verbose_name=_("acteurs")
    )
    sources = models.ManyToManyField(
        Source, through="ProjectSource", related_name="projects", verbose_name=_("sources")
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_document", "search_names"], m2m_fields=[intervention_modes]
    )

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
            models.CheckConstraint(
                condition=Q(status__in=PublicationStatus.values), name="project_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=["", *Phase.values]), name="project_phase_valid"
            ),
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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    @property
    def department(self):
        return self.commune.department if self.commune_id else None

    @property
    def region(self):
        return self.commune.department.region if self.commune_id else None

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    def tenure_total(self):
        return self.tenure_lines.aggregate(total=Sum("homes"))["total"] or 0

    def tenure_chart(self):
        """Tenure mix as rows for a bar chart and its data table (uses prefetched lines).

        Percentages are of the total homes when known, else of the homes described;
        homes whose tenure the sources do not give appear as their own row.
        """
        lines = list(self.tenure_lines.all())
        described = sum(line.homes for line in lines)
        base = self.total_homes or described
        if not base:
            return []
        rows = [
            {
                "label": line.display_label,
                # A category-only line: say that the source gives no precise status (not the category twice).
                "name": line.status.name if line.status_id else _("statut précis non donné par la source"),
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

    def developers(self):
        return [actor.organism for actor in self.actors.all() if actor.role == ActorRole.DEVELOPER]

    def related_by_organism(self):
        organisms = [actor.organism_id for actor in self.actors.all() if actor.organism.kind == "hlm"]
        return Project.objects.published().filter(actors__organism__in=organisms).exclude(pk=self.pk).distinct()

    def related_by_department(self):
        if not self.commune_id:
            return Project.objects.none()
        return Project.objects.published().filter(commune__department=self.commune.department_id).exclude(pk=self.pk)

    def clean(self):
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


class ProjectTransition(models.Model):
    """One step of a project's publication workflow: who moved it, when, from where to where, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Soumission pour relecture")
        PUBLISH = "publish", _("Publication")
        REJECT = "reject", _("Refus (retour en brouillon)")
        UNPUBLISH = "unpublish", _("Dépublication")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("projet")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("statut avant"), max_length=20, choices=PublicationStatus.choices)
    to_status = models.CharField(_("statut après"), max_length=20, choices=PublicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("date et heure"), default=timezone.now)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("étape de publication")
        verbose_name_plural = _("étapes de publication")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="reject") | ~Q(reason=""),
                name="projecttransition_reject_has_reason",
                violation_error_message=_("Un refus doit être motivé."),
            ),
            models.CheckConstraint(
                condition=Q(action__in=["submit", "publish", "reject", "unpublish"]),
                name="projecttransition_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.project} : {self.get_action_display()}"


class TenureLine(SourcedMixin):
    """Number of homes of a project under one tenure status, or one category when the source gives only that."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tenure_lines", verbose_name=_("projet"))
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
                violation_error_message=_("Indiquez soit un statut d'occupation, soit une catégorie seule, pas les deux."),
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

    def __str__(self):
        return f"{self.homes} × {self.display_label}"

    @property
    def display_label(self):
        return self.status.short_name if self.status_id else self.get_category_display()

    @property
    def effective_category(self):
        return self.status.category if self.status_id else self.category


class ActorRole(models.TextChoices):
    DEVELOPER = "developer", _("Maître d'ouvrage")
    MANAGER = "manager", _("Gestionnaire / syndic")
    INITIATING_AUTHORITY = "initiating_authority", _("Collectivité initiatrice")
    AMO = "amo", _("Assistance à maîtrise d'ouvrage / d'usage")
    AMENAGEUR = "amenageur", _("Aménageur")
    PARTNER = "partner", _("Partenaire")
    FUNDER = "funder", _("Financeur")


class ProjectActor(models.Model):
    Role = ActorRole

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actors", verbose_name=_("projet"))
    organism = models.ForeignKey(
        "organisms.Organism",
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("organisme"),
        help_text=_("Tapez quelques lettres du nom ou du sigle. Un organisme absent de la liste : demandez à un modérateur."),
    )
    role = models.CharField(
        _("rôle"),
        max_length=30,
        choices=ActorRole.choices,
        help_text=_("Maître d'ouvrage : celui qui construit et finance. AMO : l'accompagnement du groupe ou de l'organisme."),
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
            models.UniqueConstraint(
                fields=["project", "organism", "role"],
                name="projectactor_unique_role",
                violation_error_message=_("Cet organisme a déjà ce rôle dans ce projet."),
            ),
            models.CheckConstraint(condition=Q(role__in=ActorRole.values), name="projectactor_role_valid"),
        ]

    def __str__(self):
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

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("projet"))
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
    description = models.CharField(_("précision"), max_length=300, blank=True, help_text=_("Un détail utile, facultatif."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("calendrier")
        ordering = [models.F("year").asc(nulls_last=True), models.F("month").asc(nulls_first=True), "pk"]
        constraints = [
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

    def __str__(self):
        return f"{self.get_kind_display()} : {self.date_text}"


class Surface(SourcedMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="surfaces", verbose_name=_("projet"))
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
    scope = models.CharField(_("périmètre"), max_length=200, blank=True, help_text=_("Par exemple « ensemble de l'opération »."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surface")
        verbose_name_plural = _("surfaces")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__gt=0), name="surface_area_positive", violation_error_message=_("La surface doit être positive.")
            ),
            models.CheckConstraint(
                condition=Q(area_m2__lte=MAX_AREA_M2),
                name="surface_area_max",
                violation_error_message=_("La surface ne peut pas dépasser 1 000 000 m²."),
            ),
        ]

    def __str__(self):
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

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_figures", verbose_name=_("projet"))
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
        _("taxes"), max_length=3, choices=TaxBasis.choices, blank=True, help_text=_("HT ou TTC ; vide si la source ne le dit pas.")
    )
    note = models.CharField(_("précision"), max_length=300, blank=True, help_text=_("Par exemple « parking compris »."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coût ou prix")
        verbose_name_plural = _("coûts et prix")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="costfigure_amount_not_negative", violation_error_message=_("Le montant ne peut pas être négatif.")
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

    def __str__(self):
        return f"{self.get_kind_display()} : {self.amount} {self.get_unit_display()}"


class CommonSpace(SourcedMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="common_spaces", verbose_name=_("projet"))
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
    description = models.CharField(_("précision"), max_length=300, blank=True, help_text=_("À quoi sert l'espace, qui le gère."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("espace partagé")
        verbose_name_plural = _("espaces partagés")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gt=0), name="commonspace_area_positive", violation_error_message=_("La surface doit être positive.")
            ),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__lte=MAX_COMMON_SPACE_M2),
                name="commonspace_area_max",
                violation_error_message=_("La surface d'un espace partagé ne peut pas dépasser 100 000 m²."),
            ),
        ]

    def __str__(self):
        return self.name


class Quote(SourcedMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("projet"))
    text = models.TextField(_("citation"), help_text=_("Mot pour mot, sans guillemets."))
    attribution = models.CharField(
        _("attribution"), max_length=300, blank=True, help_text=_("Qui parle, et à quel titre. Vide si la source ne le dit pas.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return self.text[:60]


class ProjectSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="citations", verbose_name=_("projet"))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("source"),
        help_text=_("Tapez quelques mots du titre. Un document absent de la liste : demandez à un modérateur."),
    )
    locator = models.CharField(
        _("section ou page"), max_length=200, blank=True, help_text=_("Par exemple « p. 12 » ou « § Programme ».")
    )
    facts = models.CharField(
        _("ce que la source établit"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « programme, calendrier, citations »."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source du projet")
        verbose_name_plural = _("sources du projet")
        ordering = ["source__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "locator"],
                name="projectsource_unique",
                violation_error_message=_("Cette source est déjà citée à cet endroit pour ce projet."),
            ),
        ]

    def __str__(self):
        return f"{self.source} ({self.locator})" if self.locator else str(self.source)


def photo_upload_to(instance, filename):
    """Where a photo file goes; the name is random (``projects.photos.storage_name``), never the uploader's."""
    from .photos import storage_name

    return storage_name(instance, filename)


class Photo(models.Model):
    """A photo of a project, re-encoded on upload with pre-computed sizes (``projects.photos``).

    ``image`` is the re-encoded master (JPEG, at most 2560 px on its long side, no metadata);
    ``thumbnail``, ``card`` and ``large`` are WebP copies 320, 640 and 1280 px wide (never wider
    than the master). Files are written through the field's storage, so S3 works as well as disk.
    """

    RENDITIONS = ("thumbnail", "card", "large")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos", verbose_name=_("projet"))
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        help_text=_("JPEG, PNG ou WebP, 10 Mo et 40 mégapixels au plus. L'image est réencodée, ses métadonnées (GPS compris) supprimées."),
    )
    width = models.PositiveIntegerField(_("largeur (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur (px)"), null=True, blank=True, editable=False)
    thumbnail = models.FileField(_("vignette (320 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    card = models.FileField(_("carte (640 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    card_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    card_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    large = models.FileField(_("grande (1280 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    large_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    large_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=300,
        help_text=_("Décrit l'image pour qui ne la voit pas, par exemple « Façade en bois de trois étages avec balcons partagés »."),
    )
    credit = models.CharField(_("crédit"), max_length=200, help_text=_("L'auteur ou le détenteur des droits."))
    licence = models.CharField(
        _("licence"), max_length=100, help_text=_("Par exemple « CC BY 4.0 » ou « Tous droits réservés, avec autorisation »."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_alt_text_required"),
            models.CheckConstraint(condition=~Q(credit=""), name="photo_credit_required"),
            models.CheckConstraint(condition=~Q(licence=""), name="photo_licence_required"),
            models.CheckConstraint(
                condition=(Q(width__isnull=True) & Q(height__isnull=True)) | (Q(width__gte=1) & Q(height__gte=1)),
                name="photo_dimensions_positive",
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text

    def renditions(self):
        """``(file, width, height)`` of the pre-computed sizes, narrowest first, one per width."""
        found = {}
        for name in self.RENDITIONS:
            file, width, height = getattr(self, name), getattr(self, f"{name}_width"), getattr(self, f"{name}_height")
            if file and width and height:
                found.setdefault(width, (file, width, height))
        return [found[width] for width in sorted(found)]

    def srcset(self):
        return ", ".join(f"{file.url} {width}w" for file, width, _height in self.renditions())

    def smallest(self):
        """The smallest pre-computed size, or the master: ``(file, width, height)``."""
        renditions = self.renditions()
        return renditions[0] if renditions else (self.image, self.width, self.height)

    def files(self):
        """The stored files of this photo (master and sizes)."""
        return [file for file in (self.image, self.thumbnail, self.card, self.large) if file]


class ProjectImport(models.Model):
    """An uploaded import file, kept between its preview and its confirmation (``projects.imports``).

    The confirmation applies exactly the bytes that were previewed: they stay here, in the
    database (never under MEDIA_ROOT, which is public), identified by a signed token.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("déposé par")
    )
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    publish = models.BooleanField(_("publier"), default=False)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    summary = models.JSONField(_("bilan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import de projets")
        verbose_name_plural = _("imports de projets")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
