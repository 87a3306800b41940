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
