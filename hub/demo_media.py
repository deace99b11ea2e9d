"""Demo pictures drawn in code: partner logos and a few resource illustrations (PNG, Pillow).

Nothing is downloaded or copied: each picture is made of plain shapes and the partner's
initials, so the demo shows images, thumbnails and logos on a machine without a network.
Idempotent: an image is found by its title and drawn only once.
"""

import io
import unicodedata

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model

# slug -> (initials, colour, words beside them) of each demo partner's logo.
LOGOS = {
    "kent": ("KCC", "#6b1f5c", "Kent County Council"),
    "norfolk": ("NCC", "#00573f", "Norfolk County Council"),
    "new-anglia-lep": ("NA", "#0b4f8a", "New Anglia LEP"),
    "plymouth": ("PCC", "#005f73", "Plymouth City Council"),
    "pas-de-calais-tourisme": ("PdC", "#b04a00", "Pas-de-Calais Tourisme"),
    "finistere": ("29", "#1d4e89", "Finistère le Département"),
    "campus-normandie": ("CESFP", "#6a3d9a", "Campus Normandie"),
    "cornwall": ("CC", "#333333", "Cornwall Council"),
}

# English slug of a resource -> (motif, background, accent, alt text EN, alt text FR).
ILLUSTRATIONS = {
    "faster-food-vouchers": (
        "basket",
        "#e8f1e4",
        "#2f6b2f",
        "Drawing of a shopping basket full of fruit and vegetables.",
        "Dessin d'un panier de courses rempli de fruits et légumes.",
    ),
    "digital-mediation-training": (
        "screen",
        "#e3eef8",
        "#0b4f8a",
        "Drawing of a laptop screen with two people talking in speech bubbles.",
        "Dessin d'un écran d'ordinateur et de deux bulles de conversation.",
    ),
    "business-vouchers": (
        "shop",
        "#fbeee0",
        "#b04a00",
        "Drawing of a small shop front with an awning.",
        "Dessin de la devanture d'un petit commerce avec son auvent.",
    ),
    "invicta-security": (
        "shield",
        "#ece6f3",
        "#6b1f5c",
        "Drawing of a shield with a tick, the sign of a checked trader.",
        "Dessin d'un bouclier marqué d'une coche, signe d'un commerçant vérifié.",
    ),
    "digital-mediation-and-food-insecurity": (
        "table",
        "#e6f2f2",
        "#005f73",
        "Drawing of people seated around a meeting table.",
        "Dessin de personnes assises autour d'une table de réunion.",
    ),
    "food-aid-in-lockdown": (
        "basket",
        "#f3efe0",
        "#7a5c00",
        "Drawing of a basket of food ready to be handed out.",
        "Dessin d'un panier de denrées prêt à être distribué.",
    ),
}


def _font(size, bold=False):
    """DejaVu Sans where the system has it (accents included), else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _drawable(text, font):
    """``text`` without the accents a font cannot draw (Pillow's own font has none)."""
    if isinstance(font, ImageFont.FreeTypeFont) and "DejaVu" in (font.getname()[0] or ""):
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def draw_logo(initials, colour, name):
    """A 480x240 logo: a coloured mark with the initials, the name beside it."""
    image = Image.new("RGB", (480, 240), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((16, 40, 176, 200), radius=28, fill=colour)
    mark = _font(64 if len(initials) < 4 else 40, bold=True)
    draw.text((96, 120), initials, font=mark, fill="#ffffff", anchor="mm")
    words, lines, line = name.split(), [], ""
    for word in words:
        if len(line) + len(word) > 13 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = _font(32, bold=True)
    top = 120 - 21 * len(lines[:4])
    for number, value in enumerate(lines[:4]):
        draw.text((196, top + 42 * number), _drawable(value, text), font=text, fill="#1b1b1f")
    return _png(image)


def draw_illustration(motif, background, accent):
    """A 1200x675 flat illustration of ``motif`` in two colours."""
    image = Image.new("RGB", (1200, 675), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((760, -180, 1380, 440), fill=_mix(background, accent, 0.18))
    draw.rectangle((0, 560, 1200, 675), fill=_mix(background, accent, 0.3))
    MOTIFS[motif](draw, accent, background)
    return _png(image)


def _mix(a, b, share):
    a, b = _rgb(a), _rgb(b)
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _basket(draw, accent, background):
    for x, colour in ((470, "#d1495b"), (560, "#edae49"), (650, "#66a182"), (740, "#d1495b")):
        draw.ellipse((x - 60, 250, x + 60, 370), fill=colour)
    draw.polygon([(380, 330), (820, 330), (760, 560), (440, 560)], fill=accent)
    for x in range(470, 760, 60):
        draw.line((x, 350, x - 10 if x < 600 else x + 10, 540), fill=background, width=8)
    draw.arc((430, 150, 770, 480), 180, 360, fill=accent, width=18)


def _screen(draw, accent, background):
    draw.rounded_rectangle((330, 170, 870, 500), radius=18, fill=accent)
    draw.rectangle((360, 200, 840, 470), fill="#ffffff")
    draw.polygon(
        [(270, 500), (930, 500), (980, 560), (220, 560)], fill=_mix(accent, "#000000", 0.3)
    )
    draw.rounded_rectangle((390, 230, 620, 310), radius=20, fill=_mix(background, accent, 0.35))
    draw.rounded_rectangle((580, 340, 810, 420), radius=20, fill=_mix(background, accent, 0.6))


def _shop(draw, accent, background):
    draw.rectangle((360, 250, 840, 560), fill="#ffffff")
    for number, x in enumerate(range(340, 860, 65)):
        colour = accent if number % 2 == 0 else "#ffffff"
        draw.polygon([(x, 190), (x + 65, 190), (x + 65, 280), (x, 280)], fill=colour)
    draw.rectangle((400, 330, 560, 560), fill=_mix(background, accent, 0.5))
    draw.rectangle((610, 330, 800, 460), fill=_mix(background, "#0b4f8a", 0.4))


def _shield(draw, accent, background):
    draw.polygon(
        [(600, 130), (800, 200), (780, 420), (600, 560), (420, 420), (400, 200)], fill=accent
    )
    draw.line((500, 350, 575, 430, 710, 270), fill="#ffffff", width=34, joint="curve")


def _table(draw, accent, background):
    draw.ellipse((330, 360, 870, 520), fill=accent)
    for x, y in ((380, 300), (520, 250), (680, 250), (820, 300)):
        draw.ellipse((x - 45, y - 45, x + 45, y + 45), fill=_mix(accent, "#000000", 0.25))
        draw.pieslice(
            (x - 75, y + 30, x + 75, y + 180), 180, 360, fill=_mix(background, accent, 0.55)
        )


MOTIFS = {
    "basket": _basket,
    "screen": _screen,
    "shop": _shop,
    "shield": _shield,
    "table": _table,
}


def demo_image(title, data, collection=None):
    """The image titled ``title``, created from the PNG bytes ``data`` if there is none."""
    model = get_image_model()
    image = model.objects.filter(title=title).first()
    if image is None:
        filename = title.lower().replace(" ", "-") + ".png"
        image = model(title=title)
        if collection is not None:
            image.collection = collection
        image.file = ImageFile(io.BytesIO(data), name=filename)
        image.save()
    return image


def load_logos():
    from .models import Partner

    for partner in Partner.objects.filter(slug__in=LOGOS):
        initials, colour, words = LOGOS[partner.slug]
        logo = demo_image(f"Logo: {partner.name_en}", draw_logo(initials, colour, words))
        if partner.logo_id != logo.pk:
            partner.logo = logo
            partner.save()


def load_illustrations():
    from .models import ResourcePage

    for slug, (motif, background, accent, alt_en, alt_fr) in ILLUSTRATIONS.items():
        page = ResourcePage.objects.filter(slug_en=slug).first()
        if page is None:
            continue
        page = page.specific
        image = demo_image(f"Illustration: {slug}", draw_illustration(motif, background, accent))
        if page.image_id == image.pk and page.image_alt_en == alt_en:
            continue
        page.image, page.image_alt_en, page.image_alt_fr = image, alt_en, alt_fr
        page.save_revision().publish()


def load():
    load_logos()
    load_illustrations()
