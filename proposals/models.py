"""What an editor may not create but may propose: a missing source or a missing organisation.

A proposal waits for a moderator, who approves it (the real ``Source`` or ``Organism`` is then
created from it: ``proposals.services.approve``) or rejects it with a reason. The proposer
is told by e-mail either way and sees the status of their own proposals in the admin.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_web_address, web_address_constraint
from organisms.models import OrganismKind
from projects.models import MAX_YEAR, MIN_YEAR, Source


class Status(models.TextChoices):
    PENDING = "pending", _("en attente d'un modérateur")
    APPROVED = "approved", _("acceptée")
    REJECTED = "rejected", _("refusée")


def decision_constraints(prefix: str) -> list[models.BaseConstraint]:
    """A decided proposal says who decided and when; a refusal says why."""
    return [
        models.CheckConstraint(condition=Q(status__in=Status.values), name=f"{prefix}_status_valid"),
        models.CheckConstraint(
            condition=Q(status=Status.PENDING, decided_at__isnull=True)
            | (~Q(status=Status.PENDING) & Q(decided_at__isnull=False)),
            name=f"{prefix}_decided_when_not_pending",
        ),
        models.CheckConstraint(
            condition=~Q(status=Status.REJECTED) | ~Q(decision_reason=""),
            name=f"{prefix}_rejection_has_reason",
            violation_error_message=_("Un refus doit être motivé."),
        ),
    ]


class Proposal(models.Model):
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposée par"),
    )
    proposed_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    context = models.CharField(
        _("pour quel projet, pourquoi"),
        max_length=500,
        blank=True,
        help_text=_("Facultatif : le projet où vous voulez la citer, ce qui manque. Aide le modérateur."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_reason = models.TextField(_("motif du refus"), blank=True, max_length=2000)

    class Meta:
        abstract = True
        ordering = ["-proposed_at", "-pk"]

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING


class SourceProposal(Proposal):
    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(
        _("type de document"), max_length=20, choices=Source.Kind.choices, default=Source.Kind.WEB_PAGE
    )
    publisher = models.CharField(_("éditeur ou auteur"), max_length=300)
    date_text = models.CharField(
        _("date (telle qu'écrite)"), max_length=100, blank=True, help_text=_("Par exemple « juin 2017 ».")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    url = models.URLField(
        _("adresse web"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Adresse complète, commençant par https://."),
    )
    summary = models.TextField(
        _("ce que le document établit"),
        max_length=2000,
        help_text=_("Par exemple « programme, nombre de logements PLAI, calendrier »."),
    )
    created_source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source créée"),
    )

    class Meta(Proposal.Meta):
        verbose_name = _("proposition de source")
        verbose_name_plural = _("propositions de sources")
        constraints = [
            *decision_constraints("sourceproposal"),
            models.CheckConstraint(condition=~Q(title=""), name="sourceproposal_title_required"),
            models.CheckConstraint(condition=~Q(publisher=""), name="sourceproposal_publisher_required"),
            models.CheckConstraint(condition=Q(kind__in=Source.Kind.values), name="sourceproposal_kind_valid"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="sourceproposal_year_range",
                violation_error_message=_("L'année doit être comprise entre 1900 et 2100."),
            ),
            web_address_constraint("url", "sourceproposal_url_http"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def created(self):
        return self.created_source


class OrganismProposal(Proposal):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type d'acteur"), max_length=20, choices=OrganismKind.choices)
    website = models.URLField(
        _("site web"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Adresse complète, commençant par https://."),
    )
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        help_text=_("Commune du siège ou du territoire ; tapez le nom ou le code postal."),
    )
    created_organism = models.ForeignKey(
        "organisms.Organism",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisme créé"),
    )

    class Meta(Proposal.Meta):
        verbose_name = _("proposition d'organisme")
        verbose_name_plural = _("propositions d'organismes")
        constraints = [
            *decision_constraints("organismproposal"),
            models.CheckConstraint(condition=~Q(name=""), name="organismproposal_name_required"),
            models.CheckConstraint(condition=Q(kind__in=OrganismKind.values), name="organismproposal_kind_valid"),
            web_address_constraint("website", "organismproposal_website_http"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def created(self):
        return self.created_organism
