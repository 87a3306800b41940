"""Real photos are accepted; markup hidden where a file can carry text is still refused.

Photos are noisy, and their compressed pixel data is as good as random bytes: a check
that looks for ``<a `` or ``<svg`` anywhere in the file refuses about half of all 1 MB
photos. Hundreds of photo-like images (noise, gradients, noise on gradients), made here
from a fixed seed as JPEG (baseline, progressive, with EXIF and its thumbnail, with a
second image after the end marker), PNG and WebP, from a few hundred bytes to 9 MB, must
all be accepted. Markup in metadata (JPEG COM/APPn, PNG text chunks, WebP chunks) and
after the image's end must still be refused.
"""

import io
import random
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from projects.photos import prepare_photo

from . import images

SEED = 20261202
MB = 1024 * 1024
PICTURES = (images.noise, images.gradient, images.camera_like)


def _jpeg(rng, width, height, **options):
    picture = rng.choice(PICTURES)(width, height, rng)
    options = {"quality": rng.randrange(60, 99), "subsampling": rng.choice((0, 1, 2)), **options}
    try:
        return images.encode(picture, "JPEG", **options)
    except OSError:  # Pillow's output buffer for optimized/progressive JPEGs is too small for pure noise
        return images.encode(picture, "JPEG", **{**options, "quality": 90, "subsampling": 2})


def jpeg_baseline(rng):
    return _jpeg(rng, rng.randrange(48, 500), rng.randrange(48, 500), optimize=rng.random() < 0.5)


def jpeg_progressive_with_exif(rng):
    return _jpeg(rng, rng.randrange(48, 500), rng.randrange(48, 500), progressive=True, exif=images.camera_exif(rng))


def jpeg_with_thumbnail_and_appended_image(rng):
    """EXIF with a JPEG thumbnail, and a second JPEG after the end marker (a preview, a gain map)."""
    thumbnail = images.encode(images.noise(160, 120, rng), "JPEG", quality=rng.randrange(70, 95))
    main = _jpeg(rng, rng.randrange(200, 600), rng.randrange(200, 600), exif=images.exif_with_thumbnail(thumbnail))
    return main + images.encode(images.camera_like(320, 240, rng), "JPEG", quality=90)


def png(rng):
    picture = rng.choice((images.noise, images.camera_like))(rng.randrange(32, 300), rng.randrange(32, 300), rng)
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Appareil de test")
    return images.encode(picture.convert(rng.choice(("RGB", "RGB", "L", "RGBA"))), "PNG", pnginfo=info)


def webp(rng):
    picture = rng.choice(PICTURES)(rng.randrange(32, 400), rng.randrange(32, 400), rng)
    if rng.random() < 0.2:
        return images.encode(picture, "WEBP", lossless=True)
    return images.encode(picture, "WEBP", quality=rng.randrange(50, 100), exif=images.camera_exif(rng))


def medium(rng):
    """100 KB to 3 MB, the size of a resized phone photo."""
    width, height = rng.randrange(600, 1400), rng.randrange(500, 1100)
    kind = rng.choice(("jpeg", "jpeg", "png", "webp"))
    if kind == "jpeg":
        return _jpeg(rng, width, height, quality=rng.randrange(85, 99), progressive=rng.random() < 0.5)
    picture = images.camera_like(width, height, rng)
    if kind == "png":
        return images.encode(picture, "PNG")
    return images.encode(picture, "WEBP", quality=rng.randrange(80, 100))


# Large files, 1 to 9 MB: (format, picture, width, height, options).
LARGE = [
    ("JPEG", images.noise, 2000, 1500, {"quality": 95, "exif": True}),
    ("JPEG", images.camera_like, 4000, 3000, {"quality": 95, "exif": True}),
    ("JPEG", images.noise, 3000, 2200, {"quality": 90, "progressive": True}),
    ("JPEG", images.camera_like, 2600, 1950, {"quality": 92, "progressive": True, "exif": True}),
    ("PNG", images.noise, 1000, 1000, {}),
    ("PNG", images.camera_like, 1500, 1400, {}),
    ("WEBP", images.noise, 2000, 1500, {"quality": 95}),
    ("WEBP", images.camera_like, 2600, 1800, {"quality": 92, "exif": True}),
]

FAMILIES = {
    "jpeg_baseline": (jpeg_baseline, 90),
    "jpeg_progressive_with_exif": (jpeg_progressive_with_exif, 80),
    "jpeg_with_thumbnail_and_appended_image": (jpeg_with_thumbnail_and_appended_image, 30),
    "png": (png, 60),
    "webp": (webp, 60),
    "medium": (medium, 24),
}


def refusals(files):
    """The files ``prepare_photo`` refuses, as (label, size, error code, message)."""
    refused = []
    for label, data in files:
        try:
            prepare_photo(SimpleUploadedFile(f"{label}.jpg", data, content_type="image/jpeg"))
        except ValidationError as error:
            refused.append((label, len(data), error.code, " ".join(error.messages)))
    return refused


@pytest.mark.parametrize("family", FAMILIES)
def test_photo_like_images_are_all_accepted(family):
    make, count = FAMILIES[family]
    rng = random.Random(f"{SEED}-{family}")
    files = [(f"{family}-{index}", make(rng)) for index in range(count)]
    assert refusals(files) == []


def large_photo(index):
    format, picture, width, height, options = LARGE[index]
    rng = random.Random(f"{SEED}-large-{index}")
    options = dict(options)
    if options.pop("exif", False):
        options["exif"] = images.camera_exif(rng)
    return images.encode(picture(width, height, rng), format, **options)


def test_large_photo_like_images_of_one_to_nine_megabytes_are_all_accepted():
    files = [(f"large-{index}-{LARGE[index][0]}", large_photo(index)) for index in range(len(LARGE))]
    assert all(MB <= len(data) <= 9.5 * MB for _label, data in files), [len(data) for _label, data in files]
    assert refusals(files) == []


def test_a_multi_picture_jpeg_is_accepted_as_its_first_image():
    """Many cameras and phones write MPF files: the photo, then a large preview or a gain map."""
    rng = random.Random(f"{SEED}-mpo")
    data = images.multi_picture_jpeg(images.quadrants(1200, 900), images.noise(1600, 1200, rng), quality=95)
    assert len(data) > MB and Image.open(io.BytesIO(data)).n_frames == 2
    prepared = prepare_photo(SimpleUploadedFile("DSC_0042.JPG", data, content_type="image/jpeg"))
    master = Image.open(prepared.master)
    assert (master.size, getattr(master, "n_frames", 1)) == ((1200, 900), 1)
    red, green, blue = master.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60  # the first image's red quarter, not the noise


# --- Markup where text can hide is still refused ---------------------------------------

SCRIPT = b"<script>alert(document.cookie)</script>"
PICTURE = images.quadrants(200, 150)


def _segment(marker, payload):
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg_app_segment():
    data = images.encode(PICTURE, "JPEG")
    return data[:2] + _segment(0xEB, b"JP\x00" + SCRIPT) + data[2:]


def jpeg_com_between_scans():
    data = images.encode(PICTURE, "JPEG", progressive=True)
    second_scan = data.find(b"\xff\xda", data.find(b"\xff\xda") + 2)
    return data[:second_scan] + _segment(0xFE, SCRIPT) + data[second_scan:]


def jpeg_thumbnail_with_markup():
    thumbnail = images.encode(images.quadrants(40, 30), "JPEG", comment=SCRIPT)
    return images.encode(PICTURE, "JPEG", exif=images.exif_with_thumbnail(thumbnail))


def exif_with_markup():
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    return exif.tobytes()


def png_chunk(kind, payload):
    return len(payload).to_bytes(4, "big") + kind + payload + zlib.crc32(kind + payload).to_bytes(4, "big")


def png_with(kind, payload):
    data = images.encode(PICTURE, "PNG")
    return data[:33] + png_chunk(kind, payload) + data[33:]  # right after IHDR


def png_text(method, **options):
    info = PngImagePlugin.PngInfo()
    getattr(info, method)("Comment", SCRIPT.decode(), **options)
    return images.encode(PICTURE, "PNG", pnginfo=info)


def webp_with_chunk(kind, payload):
    data = images.encode(PICTURE, "WEBP")
    chunk = kind + len(payload).to_bytes(4, "little") + payload + b"\x00" * (len(payload) & 1)
    data = data[:12] + chunk + data[12:]
    return data[:4] + (len(data) - 8).to_bytes(4, "little") + data[8:]


HIDDEN = {
    "jpeg_comment": lambda: images.encode(PICTURE, "JPEG", comment=SCRIPT),
    "jpeg_app11_segment": jpeg_app_segment,
    "jpeg_xmp": lambda: images.encode(PICTURE, "JPEG", xmp=b"<x:xmpmeta>" + SCRIPT + b"</x:xmpmeta>"),
    "jpeg_exif_description": lambda: images.encode(PICTURE, "JPEG", exif=exif_with_markup()),
    "jpeg_comment_between_progressive_scans": jpeg_com_between_scans,
    "jpeg_comment_in_exif_thumbnail": jpeg_thumbnail_with_markup,
    "jpeg_after_end_marker": images.polyglot_jpeg,
    "jpeg_after_an_appended_image": lambda: images.jpeg(200, 150) + images.jpeg(100, 75) + images.HTML,
    "jpeg_segment_longer_than_the_file": lambda: images.jpeg(200, 150)[:2] + b"\xff\xe1\xff\xf0" + SCRIPT,
    "png_text": lambda: png_text("add_text"),
    "png_ztxt_compressed": lambda: png_text("add_text", zip=True),
    "png_itxt": lambda: png_text("add_itxt"),
    "png_itxt_compressed": lambda: png_text("add_itxt", zip=True),
    "png_unknown_ancillary_chunk": lambda: png_with(b"prVt", SCRIPT),
    "png_exif_chunk": lambda: images.encode(PICTURE, "PNG", exif=exif_with_markup()),
    "png_after_iend": lambda: images.png(200, 150) + images.HTML,
    "webp_xmp": lambda: images.encode(PICTURE, "WEBP", xmp=b"<x:xmpmeta>" + SCRIPT + b"</x:xmpmeta>"),
    "webp_exif": lambda: images.encode(PICTURE, "WEBP", exif=exif_with_markup()),
    "webp_unknown_chunk": lambda: webp_with_chunk(b"NOTE", SCRIPT),
    "webp_after_riff_size": lambda: images.webp(200, 150) + images.HTML,
}


@pytest.mark.parametrize("name", HIDDEN)
def test_markup_where_a_file_can_carry_text_is_refused(name):
    with pytest.raises(ValidationError) as caught:
        prepare_photo(SimpleUploadedFile("photo.jpg", HIDDEN[name](), content_type="image/jpeg"))
    assert caught.value.code == "polyglot"
    assert "script caché" in " ".join(caught.value.messages)
