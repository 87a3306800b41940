"""Draw the default social-sharing image (OpenGraph), 1200×630, into static/img/og-default.png.

Run once after changing the design; the PNG is committed so the site needs no build step:

    .venv/bin/python scripts/make_og_image.py

Uses only Pillow. Text is drawn with DejaVu (Debian's fonts-dejavu-core) when present,
else Pillow's bundled scalable default font. The mark is the favicon's (two joined
houses, two residents), redrawn with Pillow primitives.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "img" / "og-default.png"

CREAM = (251, 247, 240)
WARM = (246, 239, 228)
INK = (29, 27, 24)
MUTED = (90, 83, 75)
TERRACOTTA = (154, 52, 18)
TERRACOTTA_DARK = (124, 45, 18)
SUN = (255, 191, 71)

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def font(name, size):
    for directory in FONT_DIRS:
        path = directory / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def draw_mark(draw, left, top, size):
    """The favicon mark on a 64-unit grid, scaled to ``size`` pixels."""
    unit = size / 64

    def p(x, y):
        return (left + x * unit, top + y * unit)

    draw.rounded_rectangle([p(0, 0), p(64, 64)], radius=14 * unit, fill=TERRACOTTA)
    stroke = round(5 * unit)
    draw.line([p(10, 33), p(22, 22), p(32, 31), p(42, 22), p(54, 33)], fill=CREAM, width=stroke, joint="curve")
    draw.line([p(15, 31), p(15, 50), p(49, 50), p(49, 31)], fill=CREAM, width=stroke, joint="curve")
    for x, y in ((10, 33), (54, 33)):
        r = stroke / 2
        cx, cy = p(x, y)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=CREAM)
    for x in (25, 39):
        cx, cy = p(x, 41)
        r = 4 * unit
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=SUN)


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    draw = ImageDraw.Draw(image)

    # Top band and a warm panel, echoing the site header.
    draw.rectangle([0, 0, WIDTH, 18], fill=TERRACOTTA)
    draw.rounded_rectangle([60, 70, WIDTH - 60, HEIGHT - 70], radius=36, fill=WARM)

    draw_mark(draw, 110, 125, 150)

    title = font("DejaVuSerif-Bold.ttf", 64)
    subtitle = font("DejaVuSans.ttf", 34)
    small = font("DejaVuSans-Bold.ttf", 26)

    x = 300
    draw.text((x, 120), "Habitat participatif", font=title, fill=INK)
    draw.text((x, 200), "& logement social", font=title, fill=TERRACOTTA_DARK)
    draw.text((x, 305), "Catalogue public des projets menés", font=subtitle, fill=MUTED)
    draw.text((x, 350), "avec les organismes Hlm", font=subtitle, fill=MUTED)

    # Three audiences as pills.
    pill_y = 450
    pill_x = x
    for label in ("Habitants", "Bailleurs sociaux", "Chercheurs"):
        left, top, right, _bottom = draw.textbbox((0, 0), label, font=small)
        width = right - left + 44
        draw.rounded_rectangle(
            [pill_x, pill_y, pill_x + width, pill_y + 52], radius=26, outline=TERRACOTTA, width=3, fill=CREAM
        )
        draw.text((pill_x + 22, pill_y + 12 - top), label, font=small, fill=TERRACOTTA_DARK)
        pill_x += width + 16

    # A palette-based PNG keeps the file small (flat colours, anti-aliased text).
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUTPUT, format="PNG", optimize=True)
    print(f"Wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
