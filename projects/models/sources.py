"""Sources: the documents the catalogue's facts come from, and the link of a fact to them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_web_address, web_address_constraint

from .limits import MAX_YEAR, MIN_YEAR

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
    title_is_descriptive = models.BooleanField(
        _("titre donné par le catalogue"),
        default=False,
        help_text=_("Coché quand le document n'a pas de titre : le titre affiché le décrit, il n'est pas cité."),
    )

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

    def __str__(self) -> str:
        return self.title


class Certainty(models.TextChoices):
    """How sure the catalogue is of a fact, and why (shown beside the fact, in the API and in every export)."""

    AS_WRITTEN = "as_written", _("tel qu'écrit dans la source")
    COMPUTED = "computed", _("calculé d'après la source")
    INFERRED = "inferred", _("déduit de la source (inférence éditoriale)")
    OUTSIDE = "outside", _("connaissance extérieure aux sources")


# Certainties that need the reasoning (inference) or the reference (outside knowledge) written out.
CERTAINTIES_NEEDING_A_NOTE = (Certainty.INFERRED, Certainty.OUTSIDE)


def certainty_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The database rules of ``CertaintyMixin``, for the ``Meta.constraints`` of each concrete model."""
    return [
        models.CheckConstraint(condition=Q(certainty__in=Certainty.values), name=f"{prefix}_certainty_valid"),
        models.CheckConstraint(
            condition=~Q(certainty__in=CERTAINTIES_NEEDING_A_NOTE) | ~Q(certainty_note=""),
            name=f"{prefix}_certainty_explained",
            violation_error_message=_(
                "Une inférence ou une connaissance extérieure doit être expliquée (raisonnement ou référence)."
            ),
        ),
    ]


class CertaintyMixin(models.Model):
    """How certain a fact is: as written in its source, computed from it, inferred, or known from elsewhere."""

    certainty = models.CharField(
        _("certitude"),
        max_length=20,
        choices=Certainty.choices,
        default=Certainty.AS_WRITTEN,
        help_text=_(
            "Tel qu'écrit : la source le dit mot pour mot. Calculé : une somme ou un calcul sur ce que la source "
            "énumère. Déduit : un raisonnement à partir de la source (expliquez-le). Extérieur : une information "
            "absente des sources (citez d'où elle vient)."
        ),
    )
    certainty_note = models.CharField(
        _("raisonnement ou référence"),
        max_length=1000,
        blank=True,
        help_text=_("Obligatoire pour une déduction ou une connaissance extérieure."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.certainty in CERTAINTIES_NEEDING_A_NOTE and not self.certainty_note.strip():
            raise ValidationError({"certainty_note": _("Expliquez la déduction ou citez d'où vient l'information.")})


class SourcedMixin(CertaintyMixin):
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


class ProjectSource(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="citations", verbose_name=_("projet")
    )
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

    def __str__(self) -> str:
        return f"{self.source} ({self.locator})" if self.locator else str(self.source)
