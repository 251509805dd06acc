from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from images.models import LeadImage
from portal.codes.systems import CodeSystem, ContentCode, code_rules, system_field
from portal.models import Publishable, PublishableQuerySet, SearchFields, SlugFromTitleMixin
from portal.plain_text import slugify_title, validate_slug
from portal.seo.jsonld import medical_codes
from portal.urls_fast import slug_url

# /medications/compare/ is a page of its own, not a medication.
RESERVED_SLUGS = {"compare"}


class PrescriptionStatus(models.TextChoices):
    # Values follow schema.org's DrugPrescriptionStatus where one exists.
    PRESCRIPTION_ONLY = "PrescriptionOnly", _("Prescription only")
    PHARMACY = "Pharmacy", _("Pharmacy medicine (ask a pharmacist)")
    OTC = "OTC", _("Over the counter")


# schema.org's DrugPrescriptionStatus has only these two members; a pharmacy medicine
# needs no prescription.
SCHEMA_ORG_PRESCRIPTION_STATUS = {
    PrescriptionStatus.PRESCRIPTION_ONLY: "https://schema.org/PrescriptionOnly",
    PrescriptionStatus.PHARMACY: "https://schema.org/OTC",
    PrescriptionStatus.OTC: "https://schema.org/OTC",
}


def check_address_free(slug: str, taken_by: type[models.Model], taken: str) -> None:
    """A medication and a brand name share one address space under /medications/; `taken`
    says so when a `taken_by` already has the address."""
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is used by the site itself; choose another.")})
    if slug and taken_by.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": taken})


class MedicationQuerySet(PublishableQuerySet):
    def with_brands(self) -> "MedicationQuerySet":
        """With brand names: a translation's are its source's (brand names do not change with language)."""
        return self.select_related("reviewed_by", "translation_of", "image").prefetch_related(
            Prefetch("brand_names", queryset=BrandName.objects.order_by("name")),
            Prefetch("translation_of__brand_names", queryset=BrandName.objects.order_by("name")),
        )

    def for_search_results(self) -> "MedicationQuerySet":
        return self.with_brands()


class Medication(SlugFromTitleMixin, LeadImage, Publishable):
    name = models.CharField(
        _("generic name"),
        max_length=120,
        help_text=_("The international non-proprietary (generic) name, e.g. gabapentin."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        validators=[validate_slug],
        help_text=_(
            "The last part of the page address, e.g. gabapentin. Brand names get their own "
            "addresses that redirect here."
        ),
    )
    drug_class = models.CharField(
        _("drug class"),
        max_length=120,
        blank=True,
        help_text=_("The family the drug belongs to, e.g. 'gabapentinoid' or 'potassium-sparing diuretic'."),
    )
    prescription_status = models.CharField(
        _("prescription status"),
        max_length=20,
        choices=PrescriptionStatus.choices,
        default=PrescriptionStatus.PRESCRIPTION_ONLY,
        help_text=_("How patients can obtain it."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two plain sentences: what it is and what it is used for. Shown in lists and search results."),
    )
    body = MarkdownxField(
        _("about this medication"),
        blank=True,
        help_text=_(
            "How it works and what to expect, in Markdown. Link other pages like "
            "[POEMS syndrome](condition:poems-syndrome)."
        ),
    )
    side_effects = MarkdownxField(
        _("common side effects"),
        blank=True,
        help_text=_("The side effects many people notice, as a Markdown list."),
    )
    warnings = MarkdownxField(
        _("serious warnings"),
        blank=True,
        help_text=_("Serious risks and when to get urgent help, in Markdown."),
    )
    dosing = MarkdownxField(
        _("typical dosing"),
        blank=True,
        help_text=_("Usual doses and how they are adjusted, in Markdown. Say that the prescriber decides."),
    )

    objects = MedicationQuerySet.as_manager()

    link_scheme = "medication"
    markdown_fields = ("body", "side_effects", "warnings", "dosing")
    clinical_fields = ("dosing", "warnings", "side_effects", "brand_names", "codes")
    link_aliases = "brand_names"
    search_follows = ("brand_names",)
    sitemap_priority = 0.8
    list_url_name = "medications:list"

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("medication")
        verbose_name_plural = _("medications")
        permissions = [("publish_medication", "Can publish, schedule, archive and mark medications as reviewed")]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["name", "language"],
                name="unique_medication_name_per_language",
                violation_error_message=_("Another medication in this language has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        check_address_free(self.slug, BrandName, _("A brand name already uses this address."))

    def get_absolute_url(self) -> str:
        return slug_url("medications:detail", self.slug, self.language)

    @property
    def brand_list(self) -> str:
        """Brand names, comma-separated, from the prefetched rows."""
        return ", ".join(brand.name for brand in self.brands)

    @property
    def brands(self) -> list["BrandName"]:
        """Its brand names: the source's, in every language version."""
        return list(self.source.brand_names.all())

    def search_document(self) -> SearchFields:
        return SearchFields(
            title=self.name,
            names=[self.name, *(brand.name for brand in self.brands)],
            summary=self.summary,
            keywords=self.drug_class,
            markdown=[self.body, self.side_effects, self.warnings, self.dosing],
        )

    def schema_org(self, request) -> dict:
        data = {
            "@type": "Drug",
            "name": self.name,
            "nonProprietaryName": self.name,
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "description": self.summary,
            "prescriptionStatus": SCHEMA_ORG_PRESCRIPTION_STATUS[self.prescription_status],
        }
        brands = [brand.name for brand in self.brands]
        if brands:
            data["proprietaryName"] = brands
        if self.drug_class:
            data["drugClass"] = {"@type": "DrugClass", "name": self.drug_class}
        rxcuis = [row.code for row in self.codes.all() if row.system == CodeSystem.RXNORM]
        if rxcuis:
            data["rxcui"] = rxcuis[0] if len(rxcuis) == 1 else rxcuis
        codes = medical_codes(self.source, exclude=(CodeSystem.RXNORM,))  # the source item's codes
        if codes:
            data["code"] = codes
        return data


class BrandName(SlugFromTitleMixin, models.Model):
    """A proprietary name under which a medication is sold; its address redirects to the generic."""

    medication = models.ForeignKey(
        Medication,
        verbose_name=_("medication"),
        on_delete=models.CASCADE,
        related_name="brand_names",
    )
    name = models.CharField(_("brand name"), max_length=120, help_text=_("As printed on the pack, e.g. Neurontin."))
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        validators=[validate_slug],
        help_text=_(
            "Address that redirects to the generic medication, e.g. neurontin. "
            "Left empty, it is made from the brand name."
        ),
    )

    part_of = "medication"
    language_neutral = True  # a brand name is the same in every language: the source's

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand name")
        verbose_name_plural = _("brand names")
        constraints = [
            models.UniqueConstraint(fields=["medication", "name"], name="unique_brand_name_per_medication"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.slug and self.name:
            self.slug = slugify_title(self.name)
            if not self.slug:
                raise ValidationError({"slug": _("Enter an address made of letters and digits.")})
        check_address_free(self.slug, Medication, _("A medication already uses this address."))


class MedicationCode(ContentCode):
    """An RxNorm RxCUI or ATC code of a medication: how health records and the Infobutton name it."""

    systems = (CodeSystem.RXNORM, CodeSystem.ATC)
    subject_field = "medication"
    part_of = "medication"

    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="codes")
    system = system_field(systems)

    class Meta(ContentCode.Meta):
        verbose_name = _("medication code")
        verbose_name_plural = _("codes (RxNorm, ATC)")
        constraints, indexes = code_rules("medication")
