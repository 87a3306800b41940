from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages of the site (settings.LANGUAGES), for the mail a person receives."""

    FR = "fr", "Français"
    EN = "en", "English"


class User(AbstractUser):
    """Custom user from the first migration, so that editors' profiles can grow later."""

    language = models.CharField(
        _("langue des courriels"),
        max_length=8,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("Les notifications du catalogue vous sont écrites dans cette langue."),
    )

    class Meta(AbstractUser.Meta):
        constraints = [
            models.CheckConstraint(condition=models.Q(language__in=Language.values), name="user_language_valid"),
        ]


class Membership(models.Model):
    """An editor works for an organism: they edit the projects where that organism is an actor.

    A user may belong to several organisms. Moderators and superusers need no membership.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur")
    )
    organism = models.ForeignKey(
        "organisms.Organism", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisme")
    )
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("appartenance à un organisme")
        verbose_name_plural = _("appartenances à un organisme")
        ordering = ["organism__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organism"],
                name="membership_unique",
                violation_error_message=_("Cet utilisateur est déjà éditeur de cet organisme."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organism}"
