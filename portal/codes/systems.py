"""Clinical codes on content: the code systems, their validation, and a base for code rows.

Knows no content app. A content app declares a model of codes for its items by subclassing
`ContentCode` (a foreign key to the item named by `subject_field`, and the systems it
accepts); the Infobutton endpoint and the API find those models through the app registry.

ICD-10-CM codes are checked against the CDC's tabular list shipped offline by the
`simple-icd-10-cm` package (MIT licence; the code set is a US government work). It takes a
couple of seconds to load, so it is imported on first use only: by validation and the
admin, never by a public page.
"""

import functools
import re
import warnings
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy


class CodeSystem(models.TextChoices):
    ICD10CM = "icd10cm", "ICD-10-CM"
    SNOMEDCT = "snomedct", "SNOMED CT"
    RXNORM = "rxnorm", "RxNorm"
    ATC = "atc", "ATC"


@dataclass(frozen=True)
class SystemInfo:
    oid: str | None  # HL7 OID, as an Infobutton request names the system
    schema_name: str  # schema.org MedicalCode.codingSystem
    uri: str  # FHIR-style canonical URI, for API clients


SYSTEMS = {
    CodeSystem.ICD10CM: SystemInfo("2.16.840.1.113883.6.90", "ICD-10-CM", "http://hl7.org/fhir/sid/icd-10-cm"),
    CodeSystem.SNOMEDCT: SystemInfo("2.16.840.1.113883.6.96", "SNOMED CT", "http://snomed.info/sct"),
    CodeSystem.RXNORM: SystemInfo("2.16.840.1.113883.6.88", "RxNorm", "http://www.nlm.nih.gov/research/umls/rxnorm"),
    CodeSystem.ATC: SystemInfo("2.16.840.1.113883.6.73", "ATC", "http://www.whocc.no/atc"),
}
SYSTEM_BY_OID = {info.oid: system for system, info in SYSTEMS.items()}

# A letter, two characters, then up to four more after the dot (the dot may be left out).
_ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")
_SNOMED = re.compile(r"^[1-9][0-9]{5,17}$")
_RXCUI = re.compile(r"^[1-9][0-9]{0,9}$")
_ATC = re.compile(r"^[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?$")
_PATTERNS = {
    CodeSystem.ICD10CM: _ICD10CM,
    CodeSystem.SNOMEDCT: _SNOMED,
    CodeSystem.RXNORM: _RXCUI,
    CodeSystem.ATC: _ATC,
}


def normalize(system: str, code: str) -> str:
    """The stored spelling of a code: upper case, ICD-10-CM with its dot (D47Z9 → D47.Z9)."""
    code = code.strip().upper()
    if system == CodeSystem.ICD10CM and len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def is_well_formed(system: str, code: str) -> bool:
    """Shape only, no code set: enough to tell a malformed request from an unknown code."""
    pattern = _PATTERNS.get(system)
    if pattern is None or not pattern.match(code):
        return False
    return system != CodeSystem.SNOMEDCT or verhoeff_valid(code)


# Verhoeff's dihedral-group tables (multiplication, permutation).
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]  # fmt: skip
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]  # fmt: skip


def verhoeff_valid(digits: str) -> bool:
    """SNOMED CT identifiers end with a Verhoeff check digit over all the others."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


@functools.cache
def _icd10cm():
    # Imported on first use: the code set is large and only code checks need it. The package
    # reads its bundled files through a deprecated importlib API.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def icd10cm_description(code: str) -> str | None:
    """The official description of an ICD-10-CM code (category, subcategory or billable code)."""
    module = _icd10cm()
    if not module.is_valid_item(code) or not module.is_category_or_subcategory(code):
        return None
    return module.get_description(code)


@functools.cache
def _icd10cm_index() -> list[tuple[str, str, str]]:
    module = _icd10cm()
    return [
        (code, module.get_description(code), module.get_description(code).casefold())
        for code in module.get_all_codes(with_dots=True)
        if module.is_category_or_subcategory(code)
    ]


def icd10cm_search(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """Codes whose code starts with `text` or whose description has all of its words."""
    text = text.strip()
    if not text:
        return []
    words = text.casefold().split()
    prefix = normalize(CodeSystem.ICD10CM, text) if _ICD10CM.match(text.upper().replace(" ", "")) else None
    found = []
    for code, description, folded in _icd10cm_index():
        if (prefix and code.startswith(prefix)) or all(word in folded for word in words):
            found.append((code, description))
            if len(found) >= limit:
                break
    return found


def icd10cm_ancestors(code: str) -> list[str]:
    """The code, then its parents up to the category: D47.Z9 → D47.Z → D47."""
    code = normalize(CodeSystem.ICD10CM, code)
    chain = [code]
    while len(code) > 3:
        code = code[:-1].rstrip(".")
        chain.append(code)
    return chain


def validate_code(system: str, code: str) -> None:
    """Raise a ValidationError that tells an editor what is wrong with this code."""
    if system == CodeSystem.ICD10CM:
        if not _ICD10CM.match(code) or icd10cm_description(code) is None:
            raise ValidationError(
                gettext("%(code)s is not in the ICD-10-CM code set. Use a code such as D47.Z9, with its dot."),
                params={"code": code},
                code="unknown_icd10cm",
            )
    elif system == CodeSystem.SNOMEDCT:
        if not _SNOMED.match(code):
            raise ValidationError(gettext("A SNOMED CT concept id is 6 to 18 digits."), code="malformed_snomedct")
        if not verhoeff_valid(code):
            raise ValidationError(
                gettext("%(code)s fails the SNOMED CT check digit: look for a typing mistake."),
                params={"code": code},
                code="snomedct_check_digit",
            )
    elif system == CodeSystem.RXNORM:
        if not _RXCUI.match(code):
            raise ValidationError(gettext("An RxNorm RxCUI is a number, e.g. 25480."), code="malformed_rxcui")
    elif system == CodeSystem.ATC:
        if not _ATC.match(code):
            raise ValidationError(
                gettext("An ATC code looks like N03AX12 (or a shorter level such as N03A)."), code="malformed_atc"
            )
    else:
        raise ValidationError(gettext("Unknown code system."), code="unknown_system")


def system_field(systems: tuple[str, ...]) -> models.CharField:
    """The `system` field of a code model that takes only `systems`; the first is the default."""
    return models.CharField(
        gettext_lazy("code system"),
        max_length=20,
        choices=[(system, CodeSystem(system).label) for system in systems],
        default=systems[0],
    )


def code_rules(subject_field: str) -> tuple[list[models.UniqueConstraint], list[models.Index]]:
    """A code model's constraints and indexes (its Meta's): each code once per item and
    system, and codes found by system and code in one indexed query."""
    return (
        [models.UniqueConstraint(fields=[subject_field, "system", "code"], name=f"unique_{subject_field}_code")],
        [models.Index(fields=["system", "code"], name=f"{subject_field}_code_lookup")],
    )


class ContentCode(models.Model):
    """Base of a content type's code rows: one code in one system for one item.

    Codes do not depend on language: they belong to the source item, and its translations
    show and answer for the source's (`language_neutral`).

    Subclasses add the foreign key to their item, set `subject_field` to its name and
    limit `systems`. Codes are kept as rows (not a list in a text field) so that each is
    validated and unique in the database, and an Infobutton request finds its items with
    one indexed query.
    """

    language_neutral = True  # facts of the source item, the same in every language

    systems: tuple[str, ...] = ()
    subject_field = ""

    system = models.CharField(gettext_lazy("code system"), max_length=20, choices=CodeSystem.choices)
    code = models.CharField(
        gettext_lazy("code"),
        max_length=20,
        help_text=gettext_lazy("ICD-10-CM with its dot (D47.Z9), SNOMED CT concept id, RxNorm RxCUI or ATC code."),
    )
    position = models.PositiveSmallIntegerField(gettext_lazy("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.code}"

    def clean(self) -> None:
        super().clean()
        if self.code:
            self.code = normalize(self.system, self.code)
        if self.systems and self.system not in self.systems:
            allowed = ", ".join(CodeSystem(system).label for system in self.systems)
            raise ValidationError({"system": gettext("Choose one of: %(systems)s.") % {"systems": allowed}})
        if self.system and self.code:
            try:
                validate_code(self.system, self.code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from None

    @property
    def description(self) -> str | None:
        """The official wording, where the code set ships offline (ICD-10-CM)."""
        if self.system == CodeSystem.ICD10CM:
            return icd10cm_description(self.code)
        return None

    @property
    def system_info(self) -> SystemInfo:
        return SYSTEMS[self.system]


def code_models() -> list[type[ContentCode]]:
    """Every content type's code model, found through the app registry."""
    return [model for model in apps.get_models() if issubclass(model, ContentCode)]
