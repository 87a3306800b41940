"""When the editors of a project were last reminded to re-verify it (``remind_verification``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationReminder(models.Model):
    """One reminder e-mailed about one project: at most one per project per reminder period."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="verification_reminders", verbose_name=_("projet")
    )
    sent_at = models.DateTimeField(_("rappel envoyé le"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("destinataires"))

    class Meta:
        verbose_name = _("rappel de vérification")
        verbose_name_plural = _("rappels de vérification")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["project", "sent_at"], name="reminder_project_sent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(recipients__gte=1), name="reminder_has_recipients"),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.sent_at:%Y-%m-%d}"
