from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from images.models import LeadImage
from medications.models import Medication
from portal.codes.systems import CodeSystem, ContentCode, code_rules, system_field
from portal.languages import source_language, validate_language
from portal.models import Publishable, PublishableQuerySet, SearchFields, SlugFromTitleMixin
from portal.plain_text import validate_slug
from portal.seo.jsonld import medical_codes
from portal.urls_fast import slug_url


class Specialty(models.Model):
    """A medical specialty that can be part of a condition's care team."""

    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Haematology."))
    language = models.CharField(
        _("language"),
        max_length=12,
        default=source_language,
        validators=[validate_language],
        help_text=_("The language of the name: a condition's care team uses the specialties in its language."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("One plain line on what this specialty looks after."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language"],
                name="unique_specialty_name_per_language",
                violation_error_message=_("A specialty with this name exists in this language."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ConditionQuerySet(PublishableQuerySet):
    def featured(self) -> "ConditionQuerySet":
        return self.filter(featured=True).select_related("image").order_by("name")

    def for_hub(self) -> "ConditionQuerySet":
        """A hub with its care team, published components and treatments with published medications."""
        published_medications = Medication.objects.published_sources().prefetch_related("brand_names")
        return self.select_related("reviewed_by", "image").prefetch_related(
            "codes",
            Prefetch("care_team", queryset=CareTeamMember.objects.select_related("specialty")),
            Prefetch(
                "relations",
                queryset=ConditionRelation.objects.filter(
                    related__in=Condition.objects.published_sources()
                ).select_related("related"),
            ),
            Prefetch(
                "treatments",
                queryset=Treatment.objects.prefetch_related(Prefetch("medications", queryset=published_medications)),
            ),
        )


class Condition(SlugFromTitleMixin, LeadImage, Publishable):
    name = models.CharField(
        _("name"),
        max_length=160,
        help_text=_("The name patients and doctors use most, e.g. 'POEMS syndrome'."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=160,
        validators=[validate_slug],
        help_text=_("The last part of the page address, e.g. poems-syndrome."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("An abbreviation patients may search for, e.g. POEMS."),
    )
    also_known_as = models.TextField(
        _("also known as"),
        blank=True,
        help_text=_(
            "Other names, one per line: the spelled-out form, older or eponymous names (e.g. Crow–Fukase syndrome)."
        ),
    )
    definition = models.CharField(
        _("one-line definition"),
        max_length=240,
        blank=True,
        help_text=_(
            "One line shown wherever this condition is listed, e.g. 'the nerve-damage component of POEMS syndrome'."
        ),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("Two or three plain sentences for cards, search results and the page description."),
    )
    overview = MarkdownxField(
        _("overview"),
        blank=True,
        help_text=_(
            "The main explanation, in Markdown. Use ## headings; link other pages like "
            "[gabapentin](medication:gabapentin)."
        ),
    )
    typical_onset = models.CharField(
        _("typical onset"),
        max_length=160,
        blank=True,
        help_text=_("Who it usually affects and when, e.g. 'adults in their 40s to 60s'."),
    )
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Show this condition in the home page's list of featured conditions."),
    )

    objects = ConditionQuerySet.as_manager()

    link_scheme = "condition"
    markdown_fields = ("overview",)
    clinical_fields = ("treatments", "codes")
    sitemap_priority = 0.9
    list_url_name = "conditions:list"

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        permissions = [("publish_condition", "Can publish, schedule, archive and mark conditions as reviewed")]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["name", "language"],
                name="unique_condition_name_per_language",
                violation_error_message=_("Another condition in this language has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("conditions:detail", self.slug, self.language)

    @property
    def aliases(self) -> list[str]:
        return [line.strip() for line in self.also_known_as.splitlines() if line.strip()]

    def search_document(self) -> SearchFields:
        return SearchFields(
            title=self.name,
            names=[self.name, self.short_name, *self.aliases],
            summary=self.summary,
            keywords=self.definition,
            markdown=[self.overview],
        )

    def schema_org(self, request) -> dict:
        data = {
            "@type": "MedicalCondition",
            "name": self.name,
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "description": self.summary,
        }
        if self.aliases:
            data["alternateName"] = self.aliases
        codes = medical_codes(self.source)  # codes are the source item's, in every language
        if codes:
            data["code"] = codes
        return data


class CareTeamMember(models.Model):
    """A specialty on a condition's care team, with what it looks after for this condition."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="care_team")
    specialty = models.ForeignKey(Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="+")
    focus = models.CharField(
        _("focus"),
        max_length=200,
        blank=True,
        help_text=_("What this specialty handles for this condition, e.g. 'the plasma-cell disorder'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    part_of = "condition"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("care team member")
        verbose_name_plural = _("care team")
        constraints = [
            models.UniqueConstraint(fields=["condition", "specialty"], name="unique_specialty_per_condition"),
        ]

    def __str__(self) -> str:
        return str(self.specialty)


class RelationRole(models.TextChoices):
    COMPONENT = "component", _("Component")
    RELATED = "related", _("Related condition")
    COMPLICATION = "complication", _("Complication")


class ConditionRelation(models.Model):
    """Links a condition to another one with a role, e.g. POEMS → polyneuropathy as a component."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(
        Condition,
        verbose_name=_("related condition"),
        on_delete=models.CASCADE,
        related_name="related_from",
        help_text=_("Its own one-line definition is shown beside the link."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=RelationRole.choices,
        default=RelationRole.COMPONENT,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    part_of = "condition"
    language_neutral = True  # a hub's components are the source's, in every language
    references = {"related": "condition"}

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("related condition")
        verbose_name_plural = _("components and related conditions")
        constraints = [
            models.UniqueConstraint(fields=["condition", "related"], name="unique_condition_relation"),
            models.CheckConstraint(
                condition=~Q(condition=F("related")),
                name="condition_not_related_to_itself",
                violation_error_message=_("A condition cannot be related to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.related}"

    def reference_label(self) -> str:
        # Translators: followed by the condition page that lists it, e.g. "Component of POEMS syndrome".
        return gettext("%(role)s of") % {"role": self.get_role_display()}


class TreatmentCategory(models.TextChoices):
    DISEASE_DIRECTED = "disease_directed", _("Disease-directed therapy")
    TRANSPLANT = "transplant", _("Transplant")
    RADIATION = "radiation", _("Radiation")
    SYMPTOM_RELIEF = "symptom_relief", _("Symptom relief")
    ENDOCRINE_CARE = "endocrine_care", _("Endocrine care")
    SUPPORTIVE_CARE = "supportive_care", _("Supportive care")
    MONITORING = "monitoring", _("Monitoring")
    LIFESTYLE = "lifestyle", _("Lifestyle")


class Treatment(models.Model):
    """One treatment approach for a condition, in the order editors give."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="treatments")
    name = models.CharField(_("name"), max_length=160, help_text=_("e.g. 'Gabapentin for nerve pain'."))
    category = models.CharField(_("category"), max_length=30, choices=TreatmentCategory.choices)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two plain sentences: who it is for and what it does."),
    )
    medications = models.ManyToManyField(
        Medication,
        verbose_name=_("medications"),
        blank=True,
        related_name="treatments",
        help_text=_("Medications used in this treatment; their pages list this condition."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    part_of = "condition"
    references = {"medications": "condition"}

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")

    def __str__(self) -> str:
        return self.name

    def reference_label(self) -> str:
        # Translators: followed by the condition page that lists this treatment.
        return gettext("Treatment “%(name)s” on") % {"name": self.name}


class ConditionCode(ContentCode):
    """An ICD-10-CM code or SNOMED CT concept id of a condition: how health records name it."""

    systems = (CodeSystem.ICD10CM, CodeSystem.SNOMEDCT)
    subject_field = "condition"
    part_of = "condition"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="codes")
    system = system_field(systems)

    class Meta(ContentCode.Meta):
        verbose_name = _("condition code")
        verbose_name_plural = _("codes (ICD-10-CM, SNOMED CT)")
        constraints, indexes = code_rules("condition")
