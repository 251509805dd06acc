"""What search engines read: schema.org JSON-LD for content pages."""

import json

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal.codes import SYSTEMS, CodeSystem
from portal.models import Author

# Characters that could end the <script> element or start markup, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# schema.org's DrugPrescriptionStatus has only these two members; a pharmacy medicine
# needs no prescription.
PRESCRIPTION_STATUS = {
    "PrescriptionOnly": "https://schema.org/PrescriptionOnly",
    "Pharmacy": "https://schema.org/OTC",
    "OTC": "https://schema.org/OTC",
}


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


def person(author: Author | None, request: HttpRequest) -> dict | None:
    if author is None:
        return None
    data = {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
    if author.credentials:
        data["jobTitle"] = author.credentials
    return data


def breadcrumbs(request: HttpRequest, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, path) pairs, starting at the home page."""
    items = [("Home", reverse("home")), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def medical_web_page(request: HttpRequest, item, name: str, about: list[dict] | dict, trail) -> dict:
    """A MedicalWebPage with its review data, the subject it is about and its breadcrumbs."""
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": name,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "about": about,
        "breadcrumb": breadcrumbs(request, trail),
    }
    if item.last_reviewed:
        page["lastReviewed"] = item.last_reviewed.isoformat()
    reviewer = person(item.reviewed_by, request)
    if reviewer:
        page["reviewedBy"] = reviewer
    if item.updated_at:
        page["dateModified"] = item.updated_at.date().isoformat()
    return {key: value for key, value in page.items() if value not in (None, [], "")}


def medical_codes(item, exclude: tuple[str, ...] = ()) -> list[dict]:
    """schema.org MedicalCode entries for an item's code rows (prefetch `codes` with the item)."""
    return [
        {"@type": "MedicalCode", "code": row.code, "codingSystem": SYSTEMS[row.system].schema_name}
        for row in item.codes.all()
        if row.system not in exclude
    ]


def medical_condition(condition, request: HttpRequest) -> dict:
    data = {
        "@type": "MedicalCondition",
        "name": condition.name,
        "url": request.build_absolute_uri(condition.get_absolute_url()),
        "description": condition.summary,
    }
    if condition.aliases:
        data["alternateName"] = condition.aliases
    codes = medical_codes(condition)
    if codes:
        data["code"] = codes
    return data


def drug(medication, request: HttpRequest) -> dict:
    data = {
        "@type": "Drug",
        "name": medication.name,
        "nonProprietaryName": medication.name,
        "url": request.build_absolute_uri(medication.get_absolute_url()),
        "description": medication.summary,
        "prescriptionStatus": PRESCRIPTION_STATUS[medication.prescription_status],
    }
    brands = [brand.name for brand in medication.brand_names.all()]
    if brands:
        data["proprietaryName"] = brands
    if medication.drug_class:
        data["drugClass"] = {"@type": "DrugClass", "name": medication.drug_class}
    rxcuis = [row.code for row in medication.codes.all() if row.system == CodeSystem.RXNORM]
    if rxcuis:
        data["rxcui"] = rxcuis[0] if len(rxcuis) == 1 else rxcuis
    codes = medical_codes(medication, exclude=(CodeSystem.RXNORM,))
    if codes:
        data["code"] = codes
    return data


def condition_page(condition, request: HttpRequest) -> SafeString:
    about = medical_condition(condition, request)
    trail = [("Conditions", reverse("conditions:list")), (condition.name, condition.get_absolute_url())]
    return json_ld(medical_web_page(request, condition, condition.name, about, trail))


def medication_page(medication, request: HttpRequest) -> SafeString:
    trail = [("Medications", reverse("medications:list")), (medication.name, medication.get_absolute_url())]
    return json_ld(medical_web_page(request, medication, medication.name, drug(medication, request), trail))


def article_page(article, request: HttpRequest) -> SafeString:
    about = [medical_condition(c, request) for c in article.conditions.all()]
    about += [drug(m, request) for m in article.medications.all()]
    trail = [("Guides", reverse("articles:list")), (article.title, article.get_absolute_url())]
    page = medical_web_page(request, article, article.title, about, trail)
    page.update(
        {
            "headline": article.title,
            "description": article.summary,
            "author": person(article.author, request),
            "datePublished": article.published_at.date().isoformat() if article.published_at else None,
        }
    )
    return json_ld({key: value for key, value in page.items() if value not in (None, [], "")})
