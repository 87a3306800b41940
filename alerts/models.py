"""An e-mail alert: an address, the criteria of a saved search, how often, and dates — nothing else.

No account, no name, no IP address. Unconfirmed subscriptions are purged after
``ALERTS_UNCONFIRMED_RETENTION_DAYS`` (``purge_alert_subscriptions``); unsubscribing deletes the row.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_RADIUS_KM = 300
MAX_CRITERIA = 1000


class Frequency(models.TextChoices):
    DAILY = "daily", _("Chaque jour (s'il y a du nouveau)")
    WEEKLY = "weekly", _("Chaque semaine (s'il y a du nouveau)")


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    email = models.EmailField(_("courriel"), max_length=254)
    # The list's filters (the one FilterSet's parameters), as a canonical query string.
    criteria = models.CharField(_("critères"), max_length=MAX_CRITERIA, blank=True)
    # « à moins de N km de ma commune »: both or neither.
    near_commune = models.ForeignKey(
        "geo.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    radius_km = models.PositiveSmallIntegerField(
        _("rayon (km)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)]
    )
    frequency = models.CharField(_("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    # What the next digest reports is what is new or changed since this moment.
    last_digest_at = models.DateTimeField(_("dernier envoi"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        indexes = [models.Index(fields=["confirmed_at", "frequency"]), models.Index(fields=["email"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(near_commune__isnull=True, radius_km__isnull=True)
                | Q(near_commune__isnull=False, radius_km__gte=1, radius_km__lte=MAX_RADIUS_KM),
                name="alert_near_commune_with_radius",
            ),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="alert_frequency_known"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(last_digest_at__isnull=False),
                name="alert_confirmed_has_a_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_frequency_display()})"
