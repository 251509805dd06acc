"""Images in the API: a content type's lead image and the images its text embeds, with each
use's alt text, the credit and licence, and rendition addresses with their sizes. An image
whose licence does not let others pass it on is never in an answer (images/models.py,
REDISTRIBUTABLE)."""

from django.http import HttpRequest
from ninja import Schema

from images import processing
from images.models import Image
from portal.text.embeds import Embed, embeds_in
from portal.text.markdown import to_html


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    type: str


class ImageOut(Schema):
    slug: str
    title: str
    alt: str
    decorative: bool
    credit: str
    licence: str
    licence_label: str
    source_url: str
    width: int
    height: int
    renditions: list[RenditionOut]


def _image(image: Image, embed: Embed, request: HttpRequest) -> dict:
    extensions = [image.extension, *(ext for ext in processing.modern_formats() if ext != image.extension)]
    return {
        "slug": image.slug,
        "title": image.title,
        "alt": "" if embed.is_decorative else embed.alt,
        "decorative": embed.is_decorative,
        "credit": image.credit,
        "licence": image.licence,
        "licence_label": image.licence_label(),
        "source_url": image.source_url,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "url": request.build_absolute_uri(image.rendition_url(width, extension)),
                "width": image.size_at(width)[0],
                "height": image.size_at(width)[1],
                "type": processing.CONTENT_TYPES[extension],
            }
            for extension in extensions
            for width in image.srcset_widths()
        ],
    }


def lead_image(item, request: HttpRequest) -> dict | None:
    """The item's lead image (select_related by the caller), if others may show it."""
    image = item.shareable_image() if item.image_id else None
    if image is None or not image.width:
        return None
    use = Embed(
        "image", image.slug, "" if item.image_decorative else item.image_alt, "", decorative=item.image_decorative
    )
    return _image(image, use, request)


def embedded_images(texts: list[str], request: HttpRequest) -> list[dict]:
    """The images the Markdown `texts` embed, in order, each use once: one query, none without any."""
    uses = [embed for text in texts for embed in embeds_in(to_html(text or "").html) if embed.scheme == "image"]
    if not uses:
        return []
    found = Image.objects.redistributable().in_bulk({use.slug for use in uses}, field_name="slug")
    shown = []
    for use in dict.fromkeys(uses):
        if use.slug in found:
            shown.append(_image(found[use.slug], use, request))
    return shown
