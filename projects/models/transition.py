"""One step of a project's publication workflow."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reference import PublicationStatus


class ProjectTransition(models.Model):
    """One step of a project's publication workflow: who moved it, when, from where to where, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Soumission pour relecture")
        PUBLISH = "publish", _("Publication")
        REJECT = "reject", _("Refus (retour en brouillon)")
        UNPUBLISH = "unpublish", _("Dépublication")
        # A change to a published project (projects/revisions/): logged on the published project.
        REVISION_SUBMIT = "revision_submit", _("Modification soumise pour relecture")
        REVISION_APPROVE = "revision_approve", _("Modification approuvée et publiée")
        REVISION_REJECT = "revision_reject", _("Modification refusée")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="transitions", verbose_name=_("projet")
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
                condition=~Q(action__in=["reject", "revision_reject"]) | ~Q(reason=""),
                name="projecttransition_reject_has_reason",
                violation_error_message=_("Un refus doit être motivé."),
            ),
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "submit",
                        "publish",
                        "reject",
                        "unpublish",
                        "revision_submit",
                        "revision_approve",
                        "revision_reject",
                    ]
                ),
                name="projecttransition_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} : {self.get_action_display()}"
