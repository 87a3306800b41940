"""What visitors write to the site: error reports about a project and contact messages.

Both hold personal data (an e-mail address, a name, free text): they are kept
``REPORT_RETENTION_DAYS`` / ``CONTACT_RETENTION_DAYS`` and then deleted by
``manage.py purge_personal_data`` (``feedback.retention``). Size limits are field limits *and*
database checks, so no path (form, admin, shell) stores more.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bounds shared by the public forms (public/feedback_forms.py) and the database.
MAX_NAME = 100
MAX_REPORT = 2000
MAX_MESSAGE = 3000
MAX_REPLY = 3000


class ReportStatus(models.TextChoices):
    NEW = "new", _("Nouveau")
    HANDLED = "handled", _("Traité")
    REJECTED = "rejected", _("Rejeté")


class ErrorReport(models.Model):
    """« Signaler une erreur » on a project page: what is wrong, and an optional address for a reply."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="error_reports", verbose_name=_("projet")
    )
    description = models.TextField(_("ce qui est inexact"), max_length=MAX_REPORT)
    email = models.EmailField(_("courriel pour la réponse"), blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    status = models.CharField(_("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW)
    reply = models.TextField(
        _("réponse"),
        max_length=MAX_REPLY,
        blank=True,
        help_text=_(
            "Envoyée par courriel à la personne si elle a laissé une adresse, quand le signalement est traité."
        ),
    )
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clos par"),
    )
    replied_at = models.DateTimeField(_("réponse envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ReportStatus.values), name="errorreport_status_valid"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), MAX_REPORT), name="errorreport_description_size"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("reply"), MAX_REPLY), name="errorreport_reply_size"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.created_at:%Y-%m-%d}"


class MessageStatus(models.TextChoices):
    NEW = "new", _("Nouveau")
    HANDLED = "handled", _("Traité")


class ContactMessage(models.Model):
    """A message to a project's group and landlord (``project`` set) or to the site's moderators
    (``project`` empty, the « Contact » page). Stored for the scoped inbox of the admin and sent by
    e-mail to addresses read from the database only."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("projet"),
        help_text=_("Vide : message adressé aux modérateurs du site."),
    )
    name = models.CharField(_("nom"), max_length=MAX_NAME)
    email = models.EmailField(_("courriel"))
    message = models.TextField(_("message"), max_length=MAX_MESSAGE)
    consent = models.BooleanField(_("consentement"), default=False)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    status = models.CharField(_("statut"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW)
    recipients_count = models.PositiveIntegerField(_("destinataires"), default=0)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message reçu")
        verbose_name_plural = _("messages reçus")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=MessageStatus.values), name="contact_status_valid"),
            models.CheckConstraint(condition=models.Q(consent=True), name="contact_consent_given"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MAX_MESSAGE), name="contact_message_size"
            ),
            models.CheckConstraint(condition=~models.Q(email=""), name="contact_email_required"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.created_at:%Y-%m-%d}"
