"""What search engines read: schema.org JSON-LD for content pages."""

import json

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.codes.systems import SYSTEMS
from portal.languages import page_language
from portal.models import Author

# Characters that could end the <script> element or start markup, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


def person(author: Author | None, request: HttpRequest) -> dict | None:
    if author is None:
        return None
    data = {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
    if author.shown_credentials:
        data["jobTitle"] = author.shown_credentials
    return data


def breadcrumbs(request: HttpRequest, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, path) pairs, starting at the home page."""
    items = [(gettext("Home"), reverse("home")), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def medical_web_page(request: HttpRequest, item, name: str, about: list[dict] | dict, trail) -> dict:
    """A MedicalWebPage in the page's language with its review data, the subject it is about
    and its breadcrumbs."""
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": name,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "inLanguage": page_language(),
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


def content_page(request: HttpRequest, item, list_name: str, extra: dict | None = None) -> SafeString:
    """A content page's JSON-LD: a MedicalWebPage about the item's own schema.org type,
    under its list page in the breadcrumbs."""
    trail = [(list_name, reverse(item.list_url_name)), (item.title_text, item.get_absolute_url())]
    page = medical_web_page(request, item, item.title_text, item.schema_org(request), trail)
    page.update(extra or {})
    return json_ld({key: value for key, value in page.items() if value not in (None, [], "")})
