"""An uploaded import file, kept between preview and confirmation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProjectImport(models.Model):
    """An uploaded import file, kept between its preview and its confirmation (``projects.imports``).

    The confirmation applies exactly the bytes that were previewed: they stay here, in the
    database (never under MEDIA_ROOT, which is public), identified by a signed token.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("déposé par")
    )
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    publish = models.BooleanField(_("publier"), default=False)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    summary = models.JSONField(_("bilan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import de projets")
        verbose_name_plural = _("imports de projets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
