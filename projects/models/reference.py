"""Reference vocabularies: tenure statuses and categories, intervention modes, phases…"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
            models.CheckConstraint(condition=Q(category__in=TenureCategory.values), name="tenurestatus_category_valid"),
        ]

    def __str__(self) -> str:
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

    def __str__(self) -> str:
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
    DORMANT = "dormant", _("En sommeil")
    ABANDONED = "abandoned", _("Abandonné")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis pour relecture")
    PUBLISHED = "published", _("Publié")
    ARCHIVED = "archived", _("Dépublié / archivé")
    # A pending change to a published project: a twin row, never public (projects/revisions/).
    REVISION = "revision", _("Modification d'un projet publié, en attente")


class SurfaceMeasure(models.TextChoices):
    SHAB = "SHAB", _("SHAB — surface habitable")
    SU = "SU", _("SU — surface utile")
    SP = "SP", _("SP — surface de plancher")
    OTHER = "other", _("Autre mesure")


class TaxBasis(models.TextChoices):
    HT = "HT", _("HT — hors taxes")
    TTC = "TTC", _("TTC — toutes taxes comprises")
