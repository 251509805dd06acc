from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from markdownx.models import MarkdownxField

from portal.codes import CodeSystem, ContentCode
from portal.models import Publishable, PublishableQuerySet
from portal.text import slugify_title, validate_slug

# /medications/compare/ is a page of its own, not a medication.
RESERVED_SLUGS = {"compare"}


class PrescriptionStatus(models.TextChoices):
    # Values follow schema.org's DrugPrescriptionStatus where one exists.
    PRESCRIPTION_ONLY = "PrescriptionOnly", "Prescription only"
    PHARMACY = "Pharmacy", "Pharmacy medicine (ask a pharmacist)"
    OTC = "OTC", "Over the counter"


class MedicationQuerySet(PublishableQuerySet):
    def with_brands(self) -> "MedicationQuerySet":
        return self.select_related("reviewed_by").prefetch_related(
            Prefetch("brand_names", queryset=BrandName.objects.order_by("name"))
        )


class Medication(Publishable):
    name = models.CharField(
        "generic name",
        max_length=120,
        unique=True,
        help_text="The international non-proprietary (generic) name, e.g. gabapentin.",
    )
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        validators=[validate_slug],
        help_text="The last part of the page address, e.g. gabapentin. Brand names get their own "
        "addresses that redirect here.",
    )
    drug_class = models.CharField(
        "drug class",
        max_length=120,
        blank=True,
        help_text="The family the drug belongs to, e.g. 'gabapentinoid' or 'potassium-sparing diuretic'.",
    )
    prescription_status = models.CharField(
        "prescription status",
        max_length=20,
        choices=PrescriptionStatus.choices,
        default=PrescriptionStatus.PRESCRIPTION_ONLY,
        help_text="How patients can obtain it.",
    )
    summary = models.TextField(
        "summary",
        max_length=400,
        help_text="Two plain sentences: what it is and what it is used for. Shown in lists and search results.",
    )
    body = MarkdownxField(
        "about this medication",
        blank=True,
        help_text="How it works and what to expect, in Markdown. Link other pages like "
        "[POEMS syndrome](condition:poems-syndrome).",
    )
    side_effects = MarkdownxField(
        "common side effects",
        blank=True,
        help_text="The side effects many people notice, as a Markdown list.",
    )
    warnings = MarkdownxField(
        "serious warnings",
        blank=True,
        help_text="Serious risks and when to get urgent help, in Markdown.",
    )
    dosing = MarkdownxField(
        "typical dosing",
        blank=True,
        help_text="Usual doses and how they are adjusted, in Markdown. Say that the prescriber decides.",
    )

    objects = MedicationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = "medication"
        verbose_name_plural = "medications"
        permissions = [("publish_medication", "Can publish, schedule, archive and mark medications as reviewed")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_title(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is used by the site itself; choose another."})
        if self.slug and BrandName.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A brand name already uses this address."})

    def get_absolute_url(self) -> str:
        return reverse("medications:detail", kwargs={"slug": self.slug})


class BrandName(models.Model):
    """A proprietary name under which a medication is sold; its address redirects to the generic."""

    medication = models.ForeignKey(
        Medication,
        verbose_name="medication",
        on_delete=models.CASCADE,
        related_name="brand_names",
    )
    name = models.CharField("brand name", max_length=120, help_text="As printed on the pack, e.g. Neurontin.")
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        blank=True,
        validators=[validate_slug],
        help_text="Address that redirects to the generic medication, e.g. neurontin. "
        "Left empty, it is made from the brand name.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "brand name"
        verbose_name_plural = "brand names"
        constraints = [
            models.UniqueConstraint(fields=["medication", "name"], name="unique_brand_name_per_medication"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_title(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not self.slug and self.name:
            self.slug = slugify_title(self.name)
            if not self.slug:
                raise ValidationError({"slug": "Enter an address made of letters and digits."})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is used by the site itself; choose another."})
        if self.slug and Medication.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A medication already uses this address."})


class MedicationCode(ContentCode):
    """An RxNorm RxCUI or ATC code of a medication: how health records and the Infobutton name it."""

    systems = (CodeSystem.RXNORM, CodeSystem.ATC)
    subject_field = "medication"

    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(
        "code system",
        max_length=20,
        choices=[(CodeSystem.RXNORM, CodeSystem.RXNORM.label), (CodeSystem.ATC, CodeSystem.ATC.label)],
        default=CodeSystem.RXNORM,
    )

    class Meta(ContentCode.Meta):
        verbose_name = "medication code"
        verbose_name_plural = "codes (RxNorm, ATC)"
        constraints = [
            models.UniqueConstraint(fields=["medication", "system", "code"], name="unique_medication_code"),
        ]
        indexes = [models.Index(fields=["system", "code"], name="medication_code_lookup")]
