"""Photos of a project and where their files are stored."""

from __future__ import annotations

import re
import secrets

from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

_SAFE_NAME = re.compile(r"^[0-9a-f]{32}(?:-[a-z0-9]+)?\.(?:jpg|webp)$")


def storage_name(photo: Photo, filename: str) -> str:
    """``photos/<project id>/<random>.<ext>``: names made here are kept, any other name is replaced."""
    base = filename.rsplit("/", 1)[-1]
    if not _SAFE_NAME.match(base):
        base = f"{secrets.token_hex(16)}.jpg"
    return f"photos/{photo.project_id or 'new'}/{base}"


def photo_upload_to(instance: Photo, filename: str) -> str:
    """Where a photo file goes; the name is random (``storage_name``), never the uploader's.

    Referenced by migrations as ``projects.models.photo_upload_to``: keep it re-exported there.
    """
    return storage_name(instance, filename)


class Photo(models.Model):
    """A photo of a project, re-encoded on upload with pre-computed sizes (``projects.photos``).

    ``image`` is the re-encoded master (JPEG, at most 2560 px on its long side, no metadata);
    ``thumbnail``, ``card`` and ``large`` are WebP copies 320, 640 and 1280 px wide (never wider
    than the master). Files are written through the field's storage, so S3 works as well as disk.
    """

    RENDITIONS = ("thumbnail", "card", "large")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="photos", verbose_name=_("projet")
    )
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        help_text=_(
            "JPEG, PNG ou WebP, 10 Mo et 40 mégapixels au plus. "
            "L'image est réencodée, ses métadonnées (GPS compris) supprimées."
        ),
    )
    width = models.PositiveIntegerField(_("largeur (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur (px)"), null=True, blank=True, editable=False)
    thumbnail = models.FileField(_("vignette (320 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    card = models.FileField(_("carte (640 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    card_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    card_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    large = models.FileField(_("grande (1280 px)"), upload_to=photo_upload_to, blank=True, editable=False)
    large_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    large_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=300,
        help_text=_(
            "Décrit l'image pour qui ne la voit pas, "
            "par exemple « Façade en bois de trois étages avec balcons partagés »."
        ),
    )
    credit = models.CharField(_("crédit"), max_length=200, help_text=_("L'auteur ou le détenteur des droits."))
    licence = models.CharField(
        _("licence"),
        max_length=100,
        help_text=_("Par exemple « CC BY 4.0 » ou « Tous droits réservés, avec autorisation »."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    # The files a saved photo had before this save (projects.photos deletes those replaced).
    _previous_files: list[FieldFile]

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_alt_text_required"),
            models.CheckConstraint(condition=~Q(credit=""), name="photo_credit_required"),
            models.CheckConstraint(condition=~Q(licence=""), name="photo_licence_required"),
            models.CheckConstraint(
                condition=(Q(width__isnull=True) & Q(height__isnull=True)) | (Q(width__gte=1) & Q(height__gte=1)),
                name="photo_dimensions_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text

    def renditions(self) -> list[tuple[FieldFile, int, int]]:
        """``(file, width, height)`` of the pre-computed sizes, narrowest first, one per width."""
        found: dict[int, tuple[FieldFile, int, int]] = {}
        for name in self.RENDITIONS:
            file, width, height = getattr(self, name), getattr(self, f"{name}_width"), getattr(self, f"{name}_height")
            if file and width and height:
                found.setdefault(width, (file, width, height))
        return [found[width] for width in sorted(found)]

    def srcset(self) -> str:
        return ", ".join(f"{file.url} {width}w" for file, width, _height in self.renditions())

    def smallest(self) -> tuple[FieldFile, int | None, int | None]:
        """The smallest pre-computed size, or the master: ``(file, width, height)``."""
        renditions = self.renditions()
        return renditions[0] if renditions else (self.image, self.width, self.height)

    def files(self) -> list[FieldFile]:
        """The stored files of this photo (master and sizes)."""
        return [file for file in (self.image, self.thumbnail, self.card, self.large) if file]
