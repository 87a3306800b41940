from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueVersion(models.Model):
    """One row whose token changes whenever public data changes (any table of projects,
    organisms, geography), written by database triggers (``caching/triggers.py``): admin saves,
    imports, workflow transitions, ``QuerySet.update()`` and raw SQL alike.

    Every public cache key and ETag includes the token, so a publication or an unpublication
    is visible on the next request, in every process. A rolled-back transaction leaves it as it was.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(_("jeton"), max_length=64)
    changed_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("version du catalogue")
        verbose_name_plural = _("versions du catalogue")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="catalogueversion_single_row")]

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
