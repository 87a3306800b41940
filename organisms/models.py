"""Organisations that act in projects.

One model for every kind of actor (social landlords, local authorities, AMO firms,
aménageurs, networks): a project links to any of them through the same
"actor with a role" relation, editors search them in one autocomplete, and an
organisation that changes kind (an SEM becoming an ESH) keeps its history.
Only social landlords (kind ``hlm``) carry an Hlm family.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_web_address, web_address_constraint


class OrganismKind(models.TextChoices):
    HLM = "hlm", _("Organisme Hlm (bailleur social)")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité locale")
    AMO = "amo", _("Assistance à maîtrise d'ouvrage / d'usage")
    AMENAGEUR = "amenageur", _("Aménageur")
    NETWORK = "network", _("Réseau ou fédération")
    PUBLIC_BODY = "public_body", _("Organisme public")
    OTHER = "other", _("Autre")


class HlmFamily(models.TextChoices):
    OPH = "OPH", _("OPH — Office public de l'habitat")
    ESH = "ESH", _("ESH — Entreprise sociale pour l'habitat")
    COOP = "COOP", _("Coop Hlm — Société coopérative d'Hlm")
    OTHER = "OTHER", _("Autre organisme Hlm")


class OrganismQuerySet(models.QuerySet):
    def social_landlords(self):
        return self.filter(kind=OrganismKind.HLM)


class Organism(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(
        _("sigle ou nom court"),
        max_length=50,
        blank=True,
        help_text=_("Par exemple « LMH » pour Lille Métropole Habitat."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type d'acteur"), max_length=20, choices=OrganismKind.choices, default=OrganismKind.HLM)
    family = models.CharField(
        _("famille Hlm"),
        max_length=5,
        choices=HlmFamily.choices,
        blank=True,
        help_text=_(
            "Seulement pour les organismes Hlm : OPH (office public), ESH (entreprise sociale) ou Coop Hlm. "
            "Laisser vide si les sources ne le disent pas."
        ),
    )
    head_office = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune du siège"),
        help_text=_("Tapez le nom ou le code postal de la commune."),
    )
    website = models.URLField(
        _("site web"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Adresse complète, commençant par https://."),
    )
    # Public contact details (issue 16): shown on the organism's page, edited by its editors.
    postal_address = models.TextField(
        _("adresse postale"), max_length=300, blank=True, help_text=_("Adresse publique du siège ou de l'agence.")
    )
    contact_email = models.EmailField(
        _("courriel de contact"), blank=True, help_text=_("Une adresse publique, affichée sur la page de l'organisme.")
    )
    contact_page = models.URLField(
        _("page de contact"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Page « nous contacter » du site de l'organisme, commençant par https://."),
    )
    description = models.TextField(
        _("présentation courte"), blank=True, help_text=_("Deux ou trois phrases : qui est l'organisme, où il agit.")
    )
    notes = models.TextField(
        _("notes éditoriales"), blank=True, help_text=_("Ce que les sources disent ou ne disent pas, écarts relevés.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = OrganismQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="hlm") | models.Q(family=""),
                name="organism_family_only_for_hlm",
                violation_error_message=_("Seul un organisme Hlm a une famille (OPH, ESH, Coop Hlm)."),
            ),
            models.CheckConstraint(
                condition=models.Q(family__in=["", *HlmFamily.values]),
                name="organism_family_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganismKind.values),
                name="organism_kind_valid",
            ),
            web_address_constraint("website", "organism_website_http"),
            web_address_constraint("contact_page", "organism_contact_page_http"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("postal_address"), 300), name="organism_postal_address_size"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisms:detail", args=[self.slug])

    @property
    def display_family(self):
        if self.kind != OrganismKind.HLM:
            return self.get_kind_display()
        return self.get_family_display() or _("Organisme Hlm (famille non précisée)")
