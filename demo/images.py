"""Pictures the project draws itself for the demo, with Pillow, at load_demo time: nothing
to license from anyone, so they carry the project's own credit under CC BY 4.0. They hold no
words, so one drawing serves every language; each use's alt text says what they show."""

import io
import math

from PIL import Image, ImageDraw, ImageFont

INK = (27, 27, 27)
NERVE = (0, 95, 115)
DAMAGE = (200, 80, 0)
PAPER = (255, 255, 255)
SOFT = (230, 236, 240)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def nerve_diagram(width: int = 1200, height: int = 900) -> bytes:
    """A standing figure with the nerves running from the spine down the legs; the ends of
    the nerves in the feet, where POEMS polyneuropathy usually starts, are marked."""
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    cx = width // 2
    # Body outline: head, trunk, legs.
    draw.ellipse((cx - 55, 40, cx + 55, 150), outline=INK, width=6, fill=SOFT)
    draw.rounded_rectangle((cx - 120, 170, cx + 120, 470), radius=50, outline=INK, width=6, fill=SOFT)
    for side in (-1, 1):
        draw.line((cx + side * 60, 470, cx + side * 110, 800), fill=INK, width=60)
        draw.line((cx + side * 60, 470, cx + side * 110, 800), fill=SOFT, width=48)
        draw.ellipse((cx + side * 110 - 55, 790, cx + side * 110 + 55, 840), outline=INK, width=6, fill=SOFT)
    # Spine, and nerves branching to the legs and feet.
    draw.line((cx, 160, cx, 470), fill=NERVE, width=12)
    for side in (-1, 1):
        for offset in (-14, 0, 14):
            points = [(cx, 400 + offset), (cx + side * 62, 500 + offset), (cx + side * (108 + offset / 2), 800)]
            draw.line(points, fill=NERVE, width=5, joint="curve")
        for index in range(6):  # nerve endings in the foot: damaged first
            angle = math.radians(200 + index * 28) if side < 0 else math.radians(-20 - index * 28 + 180 + 180)
            x = cx + side * 110 + int(45 * math.cos(angle))
            y = 815 + int(18 * math.sin(angle))
            draw.line((cx + side * 110, 805, x, y), fill=DAMAGE, width=5)
            draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=DAMAGE)
    # Arrows: the damage climbs from the feet.
    for side in (-1, 1):
        x = cx + side * 260
        draw.line((x, 820, x, 560), fill=DAMAGE, width=8)
        draw.polygon([(x - 22, 580), (x + 22, 580), (x, 540)], fill=DAMAGE)
    return _png(image)


def treatment_cycle(width: int = 1200, height: int = 300) -> bytes:
    """A 28-day treatment cycle as a timeline: days 1 to 21 with a tablet each day, days 22
    to 28 without, then the next cycle; numbered at days 1, 21 and 28."""
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    left, right, y = 60, width - 120, 110
    day = (right - left) / 28
    draw.rounded_rectangle((left, y - 40, left + 21 * day, y + 40), radius=20, fill=NERVE)
    draw.rounded_rectangle((left + 21 * day, y - 40, right, y + 40), radius=20, fill=SOFT, outline=INK, width=3)
    for index in range(21):
        x = left + (index + 0.5) * day
        draw.ellipse((x - 11, y - 11, x + 11, y + 11), fill=PAPER)
    for number in (1, 21, 28):
        x = left + (number - 0.5) * day
        draw.line((x, y + 48, x, y + 80), fill=INK, width=4)
        draw.text((x, y + 90), str(number), fill=INK, font=font, anchor="mt")
    draw.line((right + 10, y, right + 60, y), fill=INK, width=6)
    draw.polygon([(right + 60, y - 18), (right + 60, y + 18), (right + 78, y)], fill=INK)
    return _png(image)


# slug → (title, description for editors, drawing)
DRAWINGS = {
    "nerve-diagram": (
        "Nerves from the spine to the feet",
        "Where the nerve damage of POEMS syndrome usually starts (the feet) and how it climbs.",
        nerve_diagram,
    ),
    "lenalidomide-cycle": (
        "A 28-day lenalidomide cycle",
        "21 days with a tablet each day, then 7 days without.",
        treatment_cycle,
    ),
}
# The project's own name, the same on every page: a credit is a name, never translated, and the
# site's English name ("Health portal") would read as untranslated interface on Spanish pages.
CREDIT = "OpenPOEMS contributors"
