"""What an upload really is, and what is served of it.

An upload is trusted for nothing its name or declared type says: Pillow decodes it (verify,
then a full load), within a byte limit and a pixel limit checked before the pixels are
read, so a decompression bomb is refused before it takes memory. Only JPEG, PNG and WebP
are kept, and what is stored is a fresh encoding of the pixels alone: no EXIF (GPS, camera
serial numbers), no embedded thumbnail, no ICC profile, no text chunks.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

# The decoded format → (content type, file extension); nothing else is accepted.
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
EXTENSIONS = {extension: name for name, (_type, extension) in FORMATS.items()} | {"avif": "AVIF"}
CONTENT_TYPES = {extension: content_type for content_type, extension in FORMATS.values()} | {"avif": "image/avif"}


class UploadRefused(ValueError):
    """An upload that is not kept; the message is for the editor."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes  # the re-encoded image, without metadata
    format: str  # "JPEG", "PNG" or "WEBP"
    width: int
    height: int
    digest: str  # of `data`: renditions and addresses change when the file does

    @property
    def extension(self) -> str:
        return FORMATS[self.format][1]


def max_pixels() -> int:
    return settings.IMAGE_MAX_PIXELS


def clean_upload(upload) -> CleanImage:
    """Decode an uploaded file and re-encode its pixels alone, or UploadRefused saying why."""
    if upload.size > settings.IMAGE_MAX_BYTES:
        limit = settings.IMAGE_MAX_BYTES // (1024 * 1024)
        raise UploadRefused(_("This file is larger than %(limit)s MB: make it smaller first.") % {"limit": limit})
    upload.seek(0)
    raw = upload.read()
    not_an_image = _("This file is not a JPEG, PNG or WebP image (SVG and other formats are not accepted).")
    # Pillow's own bomb guard raises at twice its limit and only warns below: the limit here is
    # checked on the header's size, before any pixel is decoded.
    try:
        with PILImage.open(io.BytesIO(raw)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except PILImage.DecompressionBombError:
        raise UploadRefused(_too_many_pixels()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UploadRefused(not_an_image) from None
    if image_format not in FORMATS:
        raise UploadRefused(not_an_image)
    if width * height > max_pixels():
        raise UploadRefused(_too_many_pixels())
    try:
        with PILImage.open(io.BytesIO(raw)) as image:
            image.load()
            pixels = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
            data = _encode(pixels, image_format)
    except PILImage.DecompressionBombError:
        raise UploadRefused(_too_many_pixels()) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise UploadRefused(
            _("This image is damaged or incomplete: export it again and upload the new file.")
        ) from None
    return CleanImage(
        data=data,
        format=image_format,
        width=pixels.width,
        height=pixels.height,
        digest=hashlib.sha256(data).hexdigest()[:12],
    )


def _too_many_pixels() -> str:
    return _("This image has more than %(limit)s million pixels: make it smaller first.") % {
        "limit": max_pixels() // 1_000_000
    }


def _pixels_only(image: PILImage.Image, image_format: str) -> PILImage.Image:
    """A copy holding pixels and nothing else (no info dict, no EXIF, no ICC, no text chunks)."""
    keep_alpha = image_format != "JPEG" and ("A" in image.getbands() or "transparency" in image.info)
    mode = "RGBA" if keep_alpha else ("L" if image.mode in {"1", "L", "I;16"} else "RGB")
    converted = image.convert(mode)
    clean = PILImage.new(converted.mode, converted.size)
    clean.paste(converted)
    return clean


def _encode(image: PILImage.Image, image_format: str) -> bytes:
    clean = _pixels_only(image, image_format)
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 82},
               "AVIF": {"quality": 60, "speed": 8}}[image_format]  # fmt: skip
    if image_format == "JPEG" and clean.mode not in {"RGB", "L"}:
        clean = clean.convert("RGB")
    clean.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def modern_formats() -> list[str]:
    """Formats offered before the original's, best first, as this Pillow can write them."""
    return [extension for extension, feature in (("avif", "avif"), ("webp", "webp")) if features.check(feature)]


def resized(data: bytes, width: int, extension: str) -> tuple[bytes, int, int]:
    """The image `data` at `width` pixels wide (never wider than it is), encoded as `extension`."""
    with PILImage.open(io.BytesIO(data)) as image:
        image.load()
        target = min(width, image.width)
        height = max(1, round(image.height * target / image.width))
        small = image.resize((target, height), PILImage.Resampling.LANCZOS) if target != image.width else image.copy()
        return _encode(small, EXTENSIONS[extension]), target, height
