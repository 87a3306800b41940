"""Dated releases of the data package: frozen files with a stable address and a changelog."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataRelease(models.Model):
    version = models.SlugField(
        _("version"), max_length=40, unique=True, help_text=_("La date, par exemple 2026-12-02.")
    )
    created_at = models.DateTimeField(_("figée le"), default=timezone.now)
    project_count = models.PositiveIntegerField(_("projets"))
    fact_count = models.PositiveIntegerField(_("faits"))
    changelog = models.TextField(_("changements depuis la version précédente"))
    # File name → {"size": bytes, "sha256": hex}: what the release page lists and what the download serves.
    files = models.JSONField(_("fichiers"), default=dict)

    class Meta:
        verbose_name = _("version des données")
        verbose_name_plural = _("versions des données")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.version

    def storage_path(self, name: str) -> str:
        return f"releases/{self.version}/{name}"
