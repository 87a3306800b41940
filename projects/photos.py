"""Photo uploads: what is accepted, and what is stored instead of the upload.

An upload is accepted only if Pillow decodes it, from its content (never its name or the
browser's content type), as a still JPEG, PNG or WebP image within the byte, pixel and side
limits (settings ``PHOTO_MAX_BYTES``, ``PHOTO_MAX_PIXELS``, ``PHOTO_MAX_SIDE``). Everything
else gets a French form error: SVG, HTML or scripts named ``.jpg``, GIF, animations,
decompression bombs, truncated or corrupt files, oversized files, markup (HTML, SVG,
scripts) in the parts of the file that can carry text (``image_regions``). A multi-picture
JPEG (a camera's preview, an Ultra HDR gain map) is read as its first image.

The uploaded bytes are never stored: the pixels are decoded, turned upright (EXIF
orientation), converted to sRGB, flattened on white, and written again as a JPEG master
(at most ``MASTER_MAX_SIDE`` px) plus WebP sizes for ``srcset``, with no metadata at all
(EXIF, GPS, XMP, ICC). Files get random names and go through the field's storage, so a
remote storage (S3) works as well as the local disk. Deleting or replacing a photo deletes
its files once the transaction commits.
"""

from __future__ import annotations

import contextlib
import io
import re
import secrets
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .image_regions import hiding_places
from .models import Photo

if TYPE_CHECKING:
    from django.core.files import File
    from django.core.files.storage import Storage
    from django.db.models.fields.files import FieldFile
    from django_stubs_ext import StrOrPromise

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MASTER_MAX_SIDE = 2560
#: Pre-computed sizes: (field of Photo, width in pixels).
RENDITION_WIDTHS = (("thumbnail", 320), ("card", 640), ("large", 1280))
JPEG_QUALITY = 85
WEBP_QUALITY = 80

# Markup that has no business in a photo: HTML, SVG, scripts, PHP (polyglot files). Looked
# for only where a file can carry text (``image_regions.hiding_places``): compressed pixel
# data matches short patterns such as ``<a `` by chance, and real photos were refused.
_MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|head|meta|a\s)|<\?php|<!doctype\s+html",
    re.IGNORECASE,
)

# Pillow warns (DecompressionBombWarning) before it errors on huge images. Turned into an
# exception once, at import time, for the whole process: no per-request toggling of the
# global warning filters (which is not thread-safe). The explicit pixel check below does
# not depend on it.
warnings.simplefilter("error", Image.DecompressionBombWarning)


def _error(message: StrOrPromise, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _limits() -> tuple[int, int, int]:
    return settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS, settings.PHOTO_MAX_SIDE


def _sniff(head: bytes) -> ValidationError | None:
    """A clearer reason for common non-photo files, from their first bytes (None if nothing known)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\f\x00").lower()
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _error(_("Les images GIF ne sont pas acceptées : envoyez une photo JPEG, PNG ou WebP."), "gif")
    if text.startswith(b"<") and b"<svg" in text[:4096]:
        return _error(_("Les images SVG ne sont pas acceptées : envoyez une photo JPEG, PNG ou WebP."), "svg")
    if text.startswith(b"<"):
        return _error(
            _(
                "Ce fichier contient du texte (HTML, XML ou script), pas une image : "
                "envoyez une photo JPEG, PNG ou WebP."
            ),
            "markup",
        )
    if head.startswith(b"%PDF"):
        return _error(_("Les documents PDF ne sont pas acceptés : envoyez une photo JPEG, PNG ou WebP."), "pdf")
    return None


@dataclass
class Rendition:
    name: str
    content: ContentFile
    width: int
    height: int


@dataclass
class PreparedPhoto:
    """A checked upload, re-encoded: the master and its sizes, ready to be attached to a Photo."""

    master: ContentFile
    width: int
    height: int
    renditions: list[Rendition] = field(default_factory=list)

    def attach(self, photo: Photo) -> None:
        """Put the files and dimensions on ``photo``; they are written when it is saved."""
        photo.image = self.master
        photo.width, photo.height = self.width, self.height
        for rendition in self.renditions:
            setattr(photo, rendition.name, rendition.content)
            setattr(photo, f"{rendition.name}_width", rendition.width)
            setattr(photo, f"{rendition.name}_height", rendition.height)


def prepare_photo(upload: File) -> PreparedPhoto:
    """Check an uploaded file and re-encode it; raise ``ValidationError`` (French message) if refused."""
    max_bytes, max_pixels, max_side = _limits()
    size = upload.size
    if not size:
        raise _error(_("Le fichier est vide."), "empty")
    if size > max_bytes:
        raise _error(
            _("Le fichier pèse %(size)s ; la limite est de %(limit)s. Réduisez la photo avant de l'envoyer."),
            "too_big",
            size=filesizeformat(size),
            limit=filesizeformat(max_bytes),
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # the announced size lied
        raise _error(_("Le fichier dépasse la limite de %(limit)s."), "too_big", limit=filesizeformat(max_bytes))
    refusal = _sniff(data[:8192])
    if refusal:
        raise refusal
    if any(_MARKUP.search(place) for place in hiding_places(data)):
        raise _error(_("Ce fichier contient du code HTML ou un script caché dans l'image : il est refusé."), "polyglot")
    image = _decode(data, max_pixels, max_side)
    return _encode(image)


def _too_many_pixels(max_pixels: int, width: int | None = None, height: int | None = None) -> ValidationError:
    if width and height:
        return _error(
            _("L'image fait %(width)s × %(height)s pixels : c'est plus que la limite de %(limit)s mégapixels."),
            "too_many_pixels",
            width=width,
            height=height,
            limit=max_pixels // 1_000_000,
        )
    return _error(
        _("L'image a trop de pixels (limite : %(limit)s mégapixels) : c'est peut-être une bombe de décompression."),
        "too_many_pixels",
        limit=max_pixels // 1_000_000,
    )


def _decode(data: bytes, max_pixels: int, max_side: int) -> Image.Image:
    corrupt = _error(
        _("Le fichier image est tronqué ou endommagé : Pillow ne peut pas le lire entièrement."), "corrupt"
    )
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except UnidentifiedImageError:
        raise _error(
            _("Ce fichier n'est pas une image JPEG, PNG ou WebP lisible (son contenu a été vérifié, pas son nom)."),
            "not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise corrupt from None

    width, height = image.size
    if width < 1 or height < 1:
        raise corrupt
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels, width, height)
    if max(width, height) > max_side:
        raise _error(
            _("L'image fait %(width)s × %(height)s pixels : un côté dépasse la limite de %(limit)s pixels."),
            "too_large_side",
            width=width,
            height=height,
            limit=max_side,
        )
    # A multi-picture JPEG (MPF: a camera's large preview, a stereo pair, an Ultra HDR gain
    # map) is a still photo: its first image is the photo itself, and only it is decoded.
    if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
        raise _error(_("Les images animées ne sont pas acceptées : envoyez une image fixe."), "animated")
    if image.format in ("JPEG", "MPO"):
        # Decode big JPEGs directly at a reduced scale (never below the master's size): less memory.
        image.draft("RGB", (MASTER_MAX_SIDE, MASTER_MAX_SIDE))
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise corrupt from None
    return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, alpha flattened on white; the embedded ICC profile is applied, then dropped."""
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        try:
            image = image.convert("RGBA" if has_alpha else "RGB")
        except (ValueError, OSError):
            raise _error(_("Le codage des couleurs de cette image n'est pas pris en charge."), "mode") from None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
            )
            if converted is not None:  # None only when converting in place
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: keep the pixels as they are
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _encode(image: Image.Image) -> PreparedPhoto:
    with contextlib.suppress(OSError, SyntaxError, ValueError, TypeError, KeyError):  # unreadable EXIF: as stored
        image = ImageOps.exif_transpose(image)
    image = _to_srgb_rgb(image)
    image.thumbnail((MASTER_MAX_SIDE, MASTER_MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the raw pixels: nothing of the upload's metadata can follow.
    master = Image.frombytes("RGB", image.size, image.tobytes())
    token = secrets.token_hex(16)
    prepared = PreparedPhoto(
        master=ContentFile(
            _save(master, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True), f"{token}.jpg"
        ),
        width=master.width,
        height=master.height,
    )
    for name, wanted in RENDITION_WIDTHS:
        width = min(wanted, master.width)
        height = max(1, round(master.height * width / master.width))
        resized = master if width == master.width else master.resize((width, height), Image.Resampling.LANCZOS)
        content = ContentFile(_save(resized, "WEBP", quality=WEBP_QUALITY, method=4), f"{token}-{name}.webp")
        prepared.renditions.append(Rendition(name, content, width, height))
    return prepared


def _save(image: Image.Image, format: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, exif=b"", **options)
    return buffer.getvalue()


# --- Files follow the rows -------------------------------------------------------------
# Signals, because a photo row also disappears through its project's cascade delete and
# through queryset deletes, which never call Photo.delete(). Files are removed only once
# the transaction commits: a rolled-back delete keeps them.


def _delete_later(files: Iterable[FieldFile]) -> None:
    names = [(file.storage, file.name) for file in files if file and file.name]
    if names:
        transaction.on_commit(lambda: _delete_unreferenced(names))


def _delete_unreferenced(names: list[tuple[Storage, str]]) -> None:
    """Delete the files no remaining photo row points to: several rows may share a file (the
    generated catalogue does), and deleting one of them must not break the others' images."""
    wanted = [name for _storage, name in names]
    fields = ("image", "thumbnail", "card", "large")
    condition = Q()
    for field_name in fields:
        condition |= Q(**{f"{field_name}__in": wanted})
    still_used = {name for row in Photo.objects.filter(condition).values_list(*fields) for name in row}
    for storage, name in names:
        if name not in still_used:
            storage.delete(name)


@receiver(pre_save, sender=Photo, dispatch_uid="photo_remember_previous_files")
def _remember_previous_files(sender: type[Photo], instance: Photo, raw: bool = False, **kwargs: Any) -> None:
    instance._previous_files = []
    if instance.pk and not raw:
        previous = Photo.objects.filter(pk=instance.pk).first()
        if previous is not None:
            instance._previous_files = previous.files()


@receiver(post_save, sender=Photo, dispatch_uid="photo_delete_replaced_files")
def _delete_replaced_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    kept = {file.name for file in instance.files()}
    _delete_later([file for file in getattr(instance, "_previous_files", []) if file.name not in kept])


@receiver(post_delete, sender=Photo, dispatch_uid="photo_delete_files")
def _delete_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    _delete_later(instance.files())
