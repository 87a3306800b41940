"""Openings: whether a project takes new residents, as of when, and its visits or information meetings.

Two children of ``Project``, each a plain foreign key (``related_name`` ``openings`` and ``visits``):

* ``ProjectOpening`` — at most one per project (a unique constraint): a recruitment status, an
  « as of » date, the homes available (how many, which tenure statuses) and « how to join » in
  plain words;
* ``ProjectVisit`` — a visit or an information meeting: when, where, how to register.

A status older than ``getattr(settings, "OPENING_VALIDITY_MONTHS", 6)`` is shown « à confirmer » rather than as
current. That rule is written once, :func:`opening_state`, an SQL expression every surface reads
(cards and pages through ``ProjectQuerySet.with_opening()``, the filter and its facet, the API,
the exports, the alerts).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_web_address, web_address_constraint

from .limits import MAX_HOMES
from .reference import TenureStatus

MAX_HOW_TO_JOIN = 2000


class OpeningStatus(models.TextChoices):
    SEEKING_MEMBERS = "seeking_members", _("Groupe en constitution : cherche des membres")
    HOMES_AVAILABLE = "homes_available", _("Logements disponibles")
    WAITING_LIST = "waiting_list", _("Liste d'attente ouverte")
    FULL = "full", _("Complet")
    NO_OPENING = "no_opening", _("Livré, pas d'ouverture")


class OpeningState(models.TextChoices):
    """What the public sees: the status, or « à confirmer » once it is older than its validity."""

    SEEKING_MEMBERS = OpeningStatus.SEEKING_MEMBERS.value, OpeningStatus.SEEKING_MEMBERS.label
    HOMES_AVAILABLE = OpeningStatus.HOMES_AVAILABLE.value, OpeningStatus.HOMES_AVAILABLE.label
    WAITING_LIST = OpeningStatus.WAITING_LIST.value, OpeningStatus.WAITING_LIST.label
    FULL = OpeningStatus.FULL.value, OpeningStatus.FULL.label
    NO_OPENING = OpeningStatus.NO_OPENING.value, OpeningStatus.NO_OPENING.label
    TO_CONFIRM = "to_confirm", _("À confirmer")


# States in which a resident may take part: the « recruiting » badge colour, the home page's path.
OPEN_STATES = (OpeningState.SEEKING_MEMBERS, OpeningState.HOMES_AVAILABLE, OpeningState.WAITING_LIST)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` minus ``months`` calendar months (31 August − 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover — every month has a 28th


def validity_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The oldest « as of » date still shown as current."""
    return months_before(today or timezone.localdate(), getattr(settings, "OPENING_VALIDITY_MONTHS", 6))


def opening_state(prefix: str = "openings__", today: datetime.date | None = None) -> Case:
    """THE rule: the opening's status, « to_confirm » when its « as of » date is older than the
    validity, NULL when the project has no opening. ``prefix``: the path from the queried model
    to ``ProjectOpening`` (``""`` on ``ProjectOpening`` itself)."""
    return Case(
        When(**{f"{prefix}as_of__lt": validity_cutoff(today)}, then=Value(OpeningState.TO_CONFIRM.value)),
        default=F(f"{prefix}status"),
        output_field=models.CharField(),
    )


def is_current(as_of: datetime.date | None, today: datetime.date | None = None) -> bool:
    """The same rule for one date already in memory (a form's preview, a mail)."""
    return as_of is not None and as_of >= validity_cutoff(today)


class ProjectOpening(models.Model):
    """Whether the project takes new residents, as of a date (one per project)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="openings", verbose_name=_("projet")
    )
    status = models.CharField(
        _("recrutement"),
        max_length=30,
        choices=OpeningStatus.choices,
        help_text=_(
            "Où en est le recrutement des habitants. « Complet » : le groupe ne prend plus personne ; "
            "« Livré, pas d'ouverture » : les logements sont habités et rien ne se libère."
        ),
    )
    as_of = models.DateField(
        _("à la date du"),
        help_text=_(
            "Le jour où ce statut a été vérifié. Passé le délai de validité (6 mois par défaut), le site "
            "l'affiche « à confirmer » : mettez cette date à jour quand vous confirmez."
        ),
    )
    homes_available = models.PositiveIntegerField(
        _("logements disponibles"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOMES)],
        help_text=_("Seulement pour « Logements disponibles » : combien. Laisser vide si inconnu."),
    )
    tenures = models.ManyToManyField(
        TenureStatus,
        blank=True,
        related_name="openings",
        verbose_name=_("statuts d'occupation proposés"),
        help_text=_("Les statuts des logements disponibles (PLUS, PSLA, BRS…)."),
    )
    how_to_join = models.TextField(
        _("comment rejoindre"),
        blank=True,
        validators=[MaxLengthValidator(MAX_HOW_TO_JOIN)],
        help_text=_(
            "Les étapes en mots simples, une par ligne : qui contacter, la réunion d'information, le dossier, "
            "la commission d'attribution (CAL) pour les logements sociaux…"
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("ouverture aux nouveaux habitants")
        verbose_name_plural = _("ouverture aux nouveaux habitants")
        constraints = [
            models.UniqueConstraint(fields=["project"], name="one_opening_per_project"),
            models.CheckConstraint(
                condition=Q(homes_available=None)
                | Q(
                    status=OpeningStatus.HOMES_AVAILABLE,
                    homes_available__gte=1,
                    homes_available__lte=MAX_HOMES,
                ),
                name="opening_homes_only_when_available",
                violation_error_message=_(
                    "Un nombre de logements disponibles ne va qu'avec le statut « Logements disponibles » (1 à 10 000)."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("how_to_join"), MAX_HOW_TO_JOIN),
                name="opening_how_to_join_length",
                violation_error_message=_("« Comment rejoindre » : 2 000 caractères au plus."),
            ),
            models.CheckConstraint(condition=Q(status__in=OpeningStatus.values), name="opening_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.as_of:%d/%m/%Y})"

    @property
    def is_current(self) -> bool:
        return is_current(self.as_of)

    @property
    def steps(self) -> list[str]:
        """« Comment rejoindre », one step per non-empty line."""
        return [line.strip(" -•\t") for line in self.how_to_join.splitlines() if line.strip(" -•\t")]


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visite")
    MEETING = "meeting", _("Réunion d'information")


class ProjectVisit(models.Model):
    """A visit of the project or an information meeting open to future residents."""

    Kind = VisitKind

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="visits", verbose_name=_("projet")
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=VisitKind.choices,
        default=VisitKind.MEETING,
        help_text=_("Une visite du lieu ou une réunion pour présenter le projet aux futurs habitants."),
    )
    starts_at = models.DateTimeField(
        _("date et heure"), help_text=_("Quand elle commence ; passée, elle n'est plus annoncée sur le site.")
    )
    place = models.CharField(
        _("lieu"),
        max_length=200,
        help_text=_("Adresse ou lieu public (« Maison de quartier, 3 rue… »), ou « en ligne »."),
    )
    how_to_register = models.CharField(
        _("comment s'inscrire"),
        max_length=300,
        blank=True,
        help_text=_("En mots simples (« sur inscription auprès de l'association » ; « entrée libre »)."),
    )
    registration_url = models.CharField(
        _("adresse d'inscription"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("Une page web d'inscription, si elle existe (https://…)."),
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("visite ou réunion d'information")
        verbose_name_plural = _("visites et réunions d'information")
        ordering = ["starts_at", "pk"]
        constraints = [
            web_address_constraint("registration_url", "visit_registration_url_http_only"),
            models.CheckConstraint(condition=Q(kind__in=VisitKind.values), name="visit_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.place}"

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()


__all__ = [
    "MAX_HOW_TO_JOIN",
    "OPEN_STATES",
    "OpeningState",
    "OpeningStatus",
    "ProjectOpening",
    "ProjectVisit",
    "VisitKind",
    "is_current",
    "months_before",
    "opening_state",
    "validity_cutoff",
]
