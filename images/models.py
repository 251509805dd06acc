"""The image library: each picture once, with its credit and licence, used from any page's
Markdown as ``![alt text](image:<slug>)`` or as a page's lead image (`LeadImage`), and served
through renditions generated once (`Rendition`, see docs/editing.md and docs/deploy.md)."""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from images import markup, processing
from portal.plain_text import validate_slug

# Widths offered in every srcset, in CSS pixels of a phone, a tablet and a wide column at 2x.
WIDTHS = (400, 800, 1200)


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved (used with permission)")


# Licences that let anyone pass the image on, in any use, commercial ones included: the API and
# feeds are read by others, so an image under any other licence stays on this site's own pages.
REDISTRIBUTABLE = {Licence.CC_BY, Licence.CC_BY_SA, Licence.CC0, Licence.PUBLIC_DOMAIN}


class SkinTone(models.TextChoices):
    NOT_APPLICABLE = "", _("Not applicable (not a photograph of skin)")
    I = "I", _("Fitzpatrick I")  # noqa: E741 - the scale's own numeral
    II = "II", _("Fitzpatrick II")
    III = "III", _("Fitzpatrick III")
    IV = "IV", _("Fitzpatrick IV")
    V = "V", _("Fitzpatrick V")
    VI = "VI", _("Fitzpatrick VI")


class Purpose(models.TextChoices):
    INFORMATIVE = "informative", _("Informative: it shows something the reader needs")
    DECORATIVE = "decorative", _("Decorative only: it adds nothing the text does not say")


class ImageQuerySet(models.QuerySet):
    def redistributable(self) -> "ImageQuerySet":
        """Images whose licence lets the API, feeds and OpenGraph pass them on."""
        return self.filter(licence__in=REDISTRIBUTABLE)

    def clinical_photographs(self) -> "ImageQuerySet":
        return self.exclude(skin_tone=SkinTone.NOT_APPLICABLE)


def _original_path(image: "Image", filename: str) -> str:
    return f"images/original/{image.slug}-{image.digest}.{filename.rpartition('.')[2]}"


class Image(models.Model):
    title = models.CharField(_("title"), max_length=200, help_text=_("What the picture shows, for editors."))
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        validators=[validate_slug],
        help_text=_("How Markdown names it: ![alt text](image:this-slug)."),
    )
    file = models.FileField(
        _("file"),
        upload_to=_original_path,
        max_length=300,
        help_text=_(
            "A JPEG, PNG or WebP image. Location data, camera details and other metadata are removed on upload."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Notes for editors: what it shows, when to use it. Not shown to patients."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=20,
        choices=Purpose.choices,
        default=Purpose.INFORMATIVE,
        help_text=_(
            "An informative image needs alt text wherever it is used; only a decorative one may be used "
            "without (![](image:slug))."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Who made it, as the licence asks to credit them, e.g. 'Health portal project'."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=30,
        choices=Licence.choices,
        blank=True,
        help_text=_("Under which terms we use it. Pages using an image without a licence cannot be approved."),
    )
    source_url = models.URLField(_("source address"), blank=True, help_text=_("Where the image came from."))
    skin_tone = models.CharField(
        _("skin tone shown"),
        max_length=3,
        choices=SkinTone.choices,
        blank=True,
        help_text=_("For clinical photographs of skin: the Fitzpatrick type shown."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    format = models.CharField(_("format"), max_length=4, editable=False, blank=True)
    digest = models.CharField(_("digest"), max_length=12, editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImageQuerySet.as_manager()

    # Markdown embeds it as ![alt](image:<slug>) (portal/text/embeds.py).
    embed_scheme = "image"

    class Meta:
        ordering = ["title"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width__gte=0) & models.Q(height__gte=0), name="image_size_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.forget_old_renditions()

    @property
    def redistribution_allowed(self) -> bool:
        """Whether others may pass it on: it may go to the API, feeds and OpenGraph."""
        return self.licence in REDISTRIBUTABLE

    @property
    def extension(self) -> str:
        return processing.FORMATS.get(self.format, ("", "jpg"))[1]

    def set_file(self, clean: processing.CleanImage) -> None:
        """Store a cleaned upload as this image's file (and forget the old renditions)."""
        self.format, self.width, self.height, self.digest = clean.format, clean.width, clean.height, clean.digest
        self.file = ContentFile(clean.data, name=f"upload.{clean.extension}")

    def forget_old_renditions(self) -> None:
        """After a new file: the renditions of the old one go, rows and files."""
        for old in self.renditions.exclude(digest=self.digest):
            old.file.delete(save=False)
            old.delete()

    def srcset_widths(self) -> list[int]:
        """The rendition widths worth offering: none wider than the original."""
        widths = [width for width in WIDTHS if width < self.width]
        return [*widths, min(self.width, WIDTHS[-1])] if self.width else []

    def size_at(self, width: int) -> tuple[int, int]:
        """(width, height) of the rendition `width` pixels wide, without opening any file."""
        target = min(width, self.width)
        return target, max(1, round(self.height * target / self.width)) if self.width else 0

    def rendition_url(self, width: int, extension: str = "") -> str:
        return reverse(
            "images:rendition",
            kwargs={
                "slug": self.slug,
                "digest": self.digest,
                "width": min(width, self.width),
                "extension": extension or self.extension,
            },
        )

    def licence_label(self) -> str:
        return str(self.get_licence_display()) if self.licence else ""

    # What the core's Markdown path asks of an embedded image (portal/text/embeds.py).
    @classmethod
    def embed_lookup(cls, slugs: set[str]) -> dict[str, "Image"]:
        return {image.slug: image for image in cls.objects.filter(slug__in=slugs)}

    @classmethod
    def embed_html(cls, image: "Image | None", embed, preview: bool, for_others: bool) -> str:
        return markup.embed_html(image, embed, preview, for_others)

    @classmethod
    def embed_problems(cls, image: "Image | None", embed) -> list[str]:
        return markup.embed_problems(image, embed)


class Rendition(models.Model):
    """One size and format of an image, made on its first request and kept in the storage."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("image"))
    spec = models.CharField(_("size"), max_length=40, help_text=_("e.g. width-800"))
    extension = models.CharField(_("format"), max_length=5)
    digest = models.CharField(_("of the file"), max_length=12)
    file = models.FileField(_("file"), max_length=300)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["image", "digest", "spec", "extension"], name="unique_rendition"),
        ]

    def __str__(self) -> str:
        return f"{self.image} {self.spec}.{self.extension}"


def rendition(image: Image, width: int, extension: str) -> Rendition:
    """The rendition of `image` at `width` in `extension`, made now if nobody made it yet.

    Made at most once across servers: the file's name is fixed by the image's digest, and the
    row is unique, so a second server making it at the same moment keeps the first one's row.
    """
    spec = f"width-{width}"
    found = Rendition.objects.filter(image=image, digest=image.digest, spec=spec, extension=extension).first()
    if found is not None:
        return found
    with image.file.open("rb") as original:
        data = original.read()
    encoded, actual_width, height = processing.resized(data, width, extension)
    name = posixpath.join("images", "renditions", f"{image.slug}-{image.digest}", f"{spec}.{extension}")
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(encoded))
    try:
        with transaction.atomic():
            return Rendition.objects.create(
                image=image,
                digest=image.digest,
                spec=spec,
                extension=extension,
                file=name,
                width=actual_width,
                height=height,
            )
    except IntegrityError:
        return Rendition.objects.get(image=image, digest=image.digest, spec=spec, extension=extension)


class LeadImage(models.Model):
    """An optional picture for a page: on its cards and as its OpenGraph image. Each use has
    its own alt text, or is marked decorative."""

    image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
        help_text=_("Shown on this page's cards and when the page is shared."),
    )
    image_alt = models.CharField(
        _("lead image alt text"),
        max_length=250,
        blank=True,
        db_default="",  # the previous release's code inserts rows without it during an upgrade
        help_text=_("What the picture shows, for people who cannot see it. Not the file name, not the caption."),
    )
    image_decorative = models.BooleanField(
        _("lead image is decorative"),
        default=False,
        db_default=False,
        help_text=_("Tick only if the picture adds nothing to the page: screen readers then skip it."),
    )

    # The core reads this to check the lead image at sign-off (portal/text/embeds.py).
    lead_image_field = "image"

    class Meta:
        abstract = True

    def shareable_image(self) -> Image | None:
        """The lead image when its licence lets others show it (OpenGraph, the API, feeds)."""
        image = self.image
        return image if image is not None and image.redistribution_allowed else None


def new_image(clean: processing.CleanImage, filename: str) -> Image:
    """A library entry for an uploaded file, titled after it, with a slug no other image has;
    its credit and licence are left for an editor to fill in."""
    stem = posixpath.basename(filename).rpartition(".")[0] or filename
    base = slugify(stem)[:100] or "image"
    slug, number = base, 1
    while Image.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    image = Image(title=stem[:200], slug=slug)
    image.set_file(clean)
    image.save()
    return image
