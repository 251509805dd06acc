"""A page's lead image on its cards and in its OpenGraph tags (images/markup.py draws it)."""

from django import template
from django.utils.html import format_html

from images import markup

register = template.Library()


@register.simple_tag
def card_image(item) -> str:
    """The item's lead image at card size, lazy (cards are lists, below the page's top)."""
    image = item.image if item.image_id else None
    if image is None or not image.width:
        return ""
    alt = "" if item.image_decorative else item.image_alt
    return format_html('<div class="card-image">{}</div>', markup.picture(image, alt, sizes=markup.CARD_SIZES))


@register.simple_tag(takes_context=True)
def og_image(context, item) -> str:
    """OpenGraph tags for the item's lead image, when its licence lets others show it."""
    image = item.shareable_image() if item.image_id else None
    request = context.get("request")
    if image is None or not image.width or request is None:
        return ""
    width, height = image.size_at(1200)
    return format_html(
        '<meta property="og:image" content="{}">\n<meta property="og:image:type" content="{}">\n'
        '<meta property="og:image:width" content="{}">\n<meta property="og:image:height" content="{}">\n'
        '<meta property="og:image:alt" content="{}">\n',
        request.build_absolute_uri(image.rendition_url(1200)),
        {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[image.extension],
        width,
        height,
        "" if item.image_decorative else item.image_alt,
    )
