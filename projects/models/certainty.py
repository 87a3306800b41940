"""Certainty of the facts that are not a sourced child row: a project's own fields, an organism's facts.

A project's field (its participatory family, intervention modes, QPV flag, total of homes…) is one
value on the project row: its certainty, reasoning and source live in a ``FieldCertainty`` record,
one per (project, field). A field without a record is as written in the project's cited sources
(``ProjectSource``); a field whose value the sources do not give stays empty (« non précisé »).

An organism's facts (its description, figures, family) cite their documents through
``OrganismCitation``. It lives here, not in ``organisms``, because ``organisms`` sits below
``projects`` in the layers and ``Source`` is a ``projects`` model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .sources import CertaintyMixin, Source, certainty_constraints


class ProjectField(models.TextChoices):
    """The project-level facts that may carry a certainty record."""

    PARTICIPATORY_FAMILY = "participatory_family", _("Famille d'habitat participatif")
    INTERVENTION_MODES = "intervention_modes", _("Modes d'intervention")
    PHASE = "phase", _("Phase")
    DELIVERY = "delivery", _("Livraison")
    TOTAL_HOMES = "total_homes", _("Nombre total de logements")
    PARTICIPATORY_HOMES = "participatory_homes", _("Logements en habitat participatif")
    COMMUNE = "commune", _("Commune")
    NEIGHBOURHOOD = "neighbourhood", _("Quartier")
    IS_QPV = "is_qpv", _("Quartier prioritaire (QPV)")
    IS_ECOQUARTIER = "is_ecoquartier", _("Écoquartier")
    CONTACT = "contact", _("Contact")


class FieldCertainty(CertaintyMixin):
    """How certain one field of a project is, why, and where it comes from."""

    Field = ProjectField

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="field_certainties", verbose_name=_("projet")
    )
    field = models.CharField(
        _("fait"),
        max_length=30,
        choices=ProjectField.choices,
        help_text=_("Le fait du projet dont on précise la certitude, par exemple le nombre total de logements."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
        help_text=_("Le document d'où vient ce fait ou sur lequel repose la déduction."),
    )
    locator = models.CharField(
        _("section ou page"),
        max_length=200,
        blank=True,
        help_text=_("Où trouver l'information dans la source, par exemple « p. 12 » ou « § Programme »."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certitude d'un fait du projet")
        verbose_name_plural = _("certitude des faits du projet")
        ordering = ["field"]
        constraints = [
            *certainty_constraints("fieldcertainty"),
            models.CheckConstraint(
                condition=models.Q(field__in=ProjectField.values), name="fieldcertainty_field_valid"
            ),
            models.UniqueConstraint(
                fields=["project", "field"],
                name="fieldcertainty_unique_field",
                violation_error_message=_("Ce fait a déjà une certitude pour ce projet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} : {self.get_certainty_display()}"


class OrganismCitation(CertaintyMixin):
    """A document that establishes facts about an organism (its description, figures, family)."""

    organism = models.ForeignKey(
        "organisms.Organism", on_delete=models.CASCADE, related_name="citations", verbose_name=_("organisme")
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organism_citations",
        verbose_name=_("source"),
        help_text=_("Vide seulement pour une connaissance extérieure, dont la référence est écrite dans la note."),
    )
    locator = models.CharField(
        _("section ou page"),
        max_length=200,
        blank=True,
        help_text=_("Où trouver l'information dans la source, par exemple « p. 12 » ou « § Programme »."),
    )
    facts = models.CharField(
        _("ce que la source établit"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « famille Hlm, nombre de projets suivis »."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source de l'organisme")
        verbose_name_plural = _("sources de l'organisme")
        ordering = ["source__title", "locator"]
        constraints = [
            *certainty_constraints("organismcitation"),
            models.CheckConstraint(
                condition=models.Q(source__isnull=False) | models.Q(certainty="outside"),
                name="organismcitation_sourced",
                violation_error_message=_("Citez une source, ou marquez le fait comme connaissance extérieure."),
            ),
            models.UniqueConstraint(
                fields=["organism", "source", "locator"],
                name="organismcitation_unique",
                violation_error_message=_("Cette source est déjà citée à cet endroit pour cet organisme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.locator})" if self.locator else str(self.source)
