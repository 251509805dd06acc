"""The HTML of an image on a page: a <picture> offering modern formats first, an <img> with
width and height (the browser keeps its box before the file arrives: no layout shift), srcset
and sizes, lazy below the fold; in Markdown a <figure> whose caption credits it."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from images import processing

# Content column at most 44rem wide; a phone shows the image across the screen.
CONTENT_SIZES = "(min-width: 48rem) 44rem, 100vw"
CARD_SIZES = "(min-width: 48rem) 20rem, 100vw"


def srcset(image, extension: str) -> str:
    return ", ".join(
        f"{image.rendition_url(width, extension)} {image.size_at(width)[0]}w" for width in image.srcset_widths()
    )


def picture(image, alt: str, sizes: str = CONTENT_SIZES, lazy: bool = True) -> SafeString:
    """`image` (an images.models.Image) as a responsive picture; alt "" for a decorative use."""
    widths = image.srcset_widths()
    width, height = image.size_at(widths[-1])
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (processing.CONTENT_TYPES[extension], srcset(image, extension), sizes)
            for extension in processing.modern_formats()
            if extension != image.extension
        ),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        sources,
        image.rendition_url(widths[min(1, len(widths) - 1)]),
        srcset(image, image.extension),
        sizes,
        width,
        height,
        alt,
        mark_safe(' loading="lazy" decoding="async"' if lazy else ""),  # noqa: S308 - a constant
    )


def credit_line(image) -> str:
    """ "Image: Health portal project, CC BY 4.0", or what of it is known."""
    parts = [part for part in (image.credit, image.licence_label()) if part]
    # Translators: the credit under a picture, e.g. "Image: Health portal project, CC BY 4.0".
    return _("Image: %(credit)s") % {"credit": ", ".join(parts)} if parts else ""


def figure(image, alt: str, caption: str) -> SafeString:
    credit = credit_line(image)
    lines = format_html_join(
        " ",
        '<span class="{}">{}</span>',
        ((cls, text) for cls, text in (("caption", caption), ("credit", credit)) if text),
    )
    figcaption = format_html("<figcaption>{}</figcaption>", lines) if lines else ""
    return format_html('<figure class="figure">{}{}</figure>', picture(image, alt), figcaption)


def editor_warning(message: str) -> SafeString:
    return format_html('<div class="preview-warning" role="note"><p>{}</p></div>', message)


def embed_html(image, embed, preview: bool, for_others: bool = False) -> str:
    """What an ![alt](image:slug) shows: patients never see a broken image; editors, in the
    preview, see why it is missing or incomplete; other sites (`for_others`, the API) get
    only images whose licence lets them pass the image on."""
    if for_others and image is not None and not image.redistribution_allowed:
        return ""
    if image is None:
        if not preview:
            return ""
        return editor_warning(
            _("No image “%(slug)s” in the image library: patients see nothing here. Check the slug.")
            % {"slug": embed.slug}
        )
    html = figure(image, "" if embed.is_decorative else embed.alt, embed.caption)
    if preview:
        warnings = [editor_warning(message) for message in embed_problems(image, embed)]
        return mark_safe("".join([*warnings, html]))  # noqa: S308 - each part escaped above
    return html


def embed_problems(image, embed) -> list[str]:
    """Why this use of `image` stops its page going live."""
    if image is None:
        return [
            _("The image “%(slug)s” (%(where)s) is not in the image library.")
            % {"slug": embed.slug, "where": embed.where or _("in the text")}
        ]
    found = []
    named = {"title": image.title, "where": embed.where or _("in the text")}
    if embed.decorative is None:  # Markdown: an empty alt marks the use decorative
        missing_alt = not embed.alt and image.purpose != "decorative"
    else:  # a lead image says so with its own box
        missing_alt = not embed.decorative and not embed.alt
    if missing_alt:
        found.append(
            _(
                "The image “%(title)s” (%(where)s) has no alt text: describe what it shows, "
                "![what it shows](image:slug). Only an image marked decorative in the library may be used without."
            )
            % named
        )
    if not image.credit:
        found.append(_("The image “%(title)s” (%(where)s) has no credit: add it in the image library.") % named)
    if not image.licence:
        found.append(_("The image “%(title)s” (%(where)s) has no licence: add it in the image library.") % named)
    return found
