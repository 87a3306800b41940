"""Real image files, made with Pillow, for the upload tests (hostile and valid)."""

import io

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def encode(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def quadrants(width, height):
    """An RGB image whose top-left quarter is red, the rest blue: orientation can be read back."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height // 2))
    return image


def jpeg(width=800, height=600, **options):
    return encode(quadrants(width, height), "JPEG", quality=90, **options)


def png(width=800, height=600):
    return encode(quadrants(width, height), "PNG")


def webp(width=800, height=600):
    return encode(quadrants(width, height), "WEBP")


def jpeg_with_gps_rotated(width=2000, height=1500):
    """A camera-like JPEG: EXIF orientation 6 (rotate 90° clockwise), GPS position, camera model, XMP."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x0110] = "Appareil de test"  # Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    return encode(quadrants(width, height), "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp)


def png_bomb(width=10_000, height=10_000):
    """A 1-bit PNG of width × height white pixels: a few KB on disk, 100 megapixels once decoded."""
    return encode(Image.new("1", (width, height), 1), "PNG", optimize=True)


def gif():
    return encode(quadrants(64, 48), "GIF")


def animated_png():
    frames = [quadrants(64, 48), Image.new("RGB", (64, 48), (0, 255, 0))]
    return encode(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100, loop=0)


def animated_webp():
    frames = [quadrants(64, 48), Image.new("RGB", (64, 48), (0, 255, 0))]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT = b"<script>fetch('/admin/').then(r => r.text()).then(alert)</script>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def polyglot_jpeg():
    """A decodable JPEG with an HTML payload after its end marker (a classic polyglot)."""
    return jpeg(200, 150) + HTML


def truncated_jpeg():
    data = jpeg(800, 600)
    return data[: len(data) // 2]


# --- Photo-like images: what cameras and phones really send ----------------------------
# Flat colours compress to almost nothing; real photos are noisy, and their compressed
# pixel data is close to random bytes. These are made from a seeded random generator.


def noise(width, height, rng):
    """Random pixels: the worst case, compressed data indistinguishable from random bytes."""
    return Image.frombytes("RGB", (width, height), rng.randbytes(3 * width * height))


def gradient(width, height, rng):
    """Smooth colour gradients in random directions (sky, walls)."""
    ramp = Image.linear_gradient("L")
    channels = [ramp.rotate(rng.choice((0, 90, 180, 270))).resize((width, height)) for _ in range(3)]
    return Image.merge("RGB", channels)


def camera_like(width, height, rng):
    """A gradient with sensor noise on top, as a phone photo of a façade looks to a compressor."""
    return Image.blend(gradient(width, height, rng), noise(width, height, rng), rng.uniform(0.1, 0.5))


def camera_exif(rng):
    """EXIF as a phone writes it: camera, date, orientation, exposure, GPS."""
    exif = Image.Exif()
    exif[0x010F] = "Fabricant"  # Make
    exif[0x0110] = f"Téléphone {rng.randrange(1, 20)}"  # Model
    exif[0x0132] = f"2026:06:21 14:{rng.randrange(60):02d}:{rng.randrange(60):02d}"  # DateTime
    exif[ORIENTATION] = rng.choice((1, 3, 6, 8))
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (45.0, 46.0, rng.randrange(60)), 3: "E", 4: (4.0, 50.0, 12.0)})
    return exif.tobytes()


def _ifd_entry(tag, kind, count, value):
    return tag.to_bytes(2, "big") + kind.to_bytes(2, "big") + count.to_bytes(4, "big") + value.to_bytes(4, "big")


def exif_with_thumbnail(thumbnail):
    """An EXIF block (APP1 payload) carrying a JPEG thumbnail in IFD1, as every camera writes."""
    ifd0 = (1).to_bytes(2, "big") + _ifd_entry(ORIENTATION, 3, 1, 1 << 16) + (26).to_bytes(4, "big")  # IFD1 at 26
    offset, length = _ifd_entry(0x0201, 4, 1, 56), _ifd_entry(0x0202, 4, 1, len(thumbnail))
    ifd1 = (2).to_bytes(2, "big") + offset + length + bytes(4)  # the thumbnail follows, at 56
    return b"Exif\x00\x00" + b"MM\x00\x2a\x00\x00\x00\x08" + ifd0 + ifd1 + thumbnail


def multi_picture_jpeg(first, *others, **options):
    """A JPEG with MPF: more images after the first one's end (a camera's preview, an Ultra HDR gain map)."""
    return encode(first, "MPO", save_all=True, append_images=list(others), **options)
