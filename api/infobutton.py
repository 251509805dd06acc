"""HL7 Infobutton (Context-Aware Knowledge Retrieval, URL-based): a health record asks for
patient pages by a problem's or a medicine's code, as it would ask MedlinePlus Connect.

    /infobutton/?mainSearchCriteria.v.c=D47.Z9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90

The answer is an Atom feed (the default, knowledgeResponseType=text/xml) or the same feed as
JSON (application/json), each entry with a title, address, summary, and last review date.
The items are found through every content type's code model (portal.codes.systems.ContentCode), so
this module names no content app. Only published items are ever returned.

`informationRecipient.languageCode.c` picks the language: a content language by its two-letter
code or its three-letter ISO 639-2 one, in any letter case and with any region (`es`, `es-MX`,
`spa`, `ES_mx`). Codes belong to the source item, so a code finds the source items, each then
given in its published version in that language, else in the source language and marked as
such (the entry's `xml:lang`, or `lang` in JSON). A language the site does not have is
answered in the source language, never refused: a health record asks once and shows what it gets.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from api.http import api_view, note_modified
from portal.codes.systems import (
    SYSTEM_BY_OID,
    SYSTEMS,
    CodeSystem,
    code_models,
    icd10cm_ancestors,
    is_well_formed,
    normalize,
)
from portal.languages import activation_code, content_languages, source_language
from portal.models import localised
from portal.pages.context_processors import SITE_NAME
from portal.plain_text import xml_safe
from portal.search import engine as search

ATOM = "http://www.w3.org/2005/Atom"
SCHEMA = "https://schema.org/"
ET.register_namespace("", ATOM)
ET.register_namespace("schema", SCHEMA)

XML, JSON = "text/xml", "application/json"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RECIPIENTS = {"PAT", "PROV"}
# What an Infobutton request may name: problems and medicines (ATC is not an Infobutton system).
SUPPORTED = {CodeSystem.ICD10CM, CodeSystem.SNOMEDCT, CodeSystem.RXNORM}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# ISO 639-2 codes (bibliographic and terminology) of languages a portal is likely to be
# written in, to their ISO 639-1 codes: health records send either. Data, not a choice of
# languages: the ones the site has are settings.LANGUAGES.
ISO_639_2 = {
    "ara": "ar", "ben": "bn", "cat": "ca", "chi": "zh", "zho": "zh", "cym": "cy", "wel": "cy",
    "dan": "da", "deu": "de", "ger": "de", "ell": "el", "gre": "el", "eng": "en", "eus": "eu",
    "baq": "eu", "fas": "fa", "per": "fa", "fin": "fi", "fra": "fr", "fre": "fr", "gle": "ga",
    "gla": "gd", "glg": "gl", "heb": "he", "hin": "hi", "hat": "ht", "ita": "it", "jpn": "ja",
    "kor": "ko", "nld": "nl", "dut": "nl", "nor": "no", "pan": "pa", "pol": "pl", "por": "pt",
    "ron": "ro", "rum": "ro", "rus": "ru", "som": "so", "spa": "es", "swa": "sw", "swe": "sv",
    "tgl": "tl", "tur": "tr", "ukr": "uk", "urd": "ur", "vie": "vi",
}  # fmt: skip
MAX_ENTRIES = 20
MAX_TEXT = 200


class BadRequest(ValueError):
    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.message = message
        self.parameter = parameter


def _response_type(request: HttpRequest) -> str:
    """The media type asked for; media types are case-insensitive (RFC 9110, 8.3.1)."""
    return request.GET.get("knowledgeResponseType", XML).strip().lower() or XML


def error(request: HttpRequest, status: int, message: str, parameter: str = "") -> HttpResponse:
    """An Infobutton error in the format the request asked for: JSON when it asked for JSON,
    otherwise XML (as the Atom answers)."""
    message, parameter = xml_safe(message), xml_safe(parameter)
    if _response_type(request) == JSON:
        body = {"error": {"status": status, "message": message, "parameter": parameter or None}}
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")
    root = ET.Element("error")
    ET.SubElement(root, "status").text = str(status)
    ET.SubElement(root, "message").text = message
    if parameter:
        ET.SubElement(root, "parameter").text = parameter
    return HttpResponse(
        ET.tostring(root, encoding="utf-8", xml_declaration=True), status=status, content_type="text/xml; charset=utf-8"
    )


@api_view(error=error)
def infobutton(request: HttpRequest) -> HttpResponse:
    response_type = _response_type(request)
    try:
        if response_type not in {XML, JSON}:
            raise BadRequest(
                gettext("knowledgeResponseType must be text/xml (Atom) or application/json."), "knowledgeResponseType"
            )
        context = _read({name: xml_safe(value) for name, value in request.GET.items()})
    except BadRequest as bad:
        return error(request, 400, bad.message, bad.parameter)
    with translation.override(activation_code(context["content_language"])):
        entries = _find(context)
        note_modified(request, *entries)
        feed = _feed(request, context, entries)
    if response_type == JSON:
        response = HttpResponse(json.dumps(_as_json(feed), ensure_ascii=False), content_type="application/json")
    else:
        response = HttpResponse(_as_atom(feed), content_type="text/xml; charset=utf-8")
    response["Content-Language"] = feed["language"]
    return response


def _read(params: dict[str, str]) -> dict:
    code = params.get("mainSearchCriteria.v.c", "").strip()
    oid = params.get("mainSearchCriteria.v.cs", "").strip()
    text = " ".join(params.get("mainSearchCriteria.v.dn", "").split())
    recipient = params.get("informationRecipient", "PAT").strip().upper() or "PAT"
    language = params.get("informationRecipient.languageCode.c", "").strip() or source_language()
    if recipient not in RECIPIENTS:
        raise BadRequest(
            gettext("informationRecipient must be PAT (patient) or PROV (provider)."), "informationRecipient"
        )
    if not _LANGUAGE.match(language):
        raise BadRequest(
            gettext("informationRecipient.languageCode.c must be a language code such as en."), "languageCode"
        )
    if len(text) > MAX_TEXT:
        raise BadRequest(
            gettext("mainSearchCriteria.v.dn is limited to %(count)d characters.") % {"count": MAX_TEXT},
            "mainSearchCriteria.v.dn",
        )
    system = None
    if code or oid:
        if not code:
            raise BadRequest(
                gettext("mainSearchCriteria.v.cs needs a code in mainSearchCriteria.v.c."), "mainSearchCriteria.v.c"
            )
        if not oid:
            raise BadRequest(
                gettext("mainSearchCriteria.v.c needs its code system's OID in mainSearchCriteria.v.cs."),
                "mainSearchCriteria.v.cs",
            )
        system = SYSTEM_BY_OID.get(oid)
        if system not in SUPPORTED:
            known = ", ".join(f"{SYSTEMS[s].oid} ({SYSTEMS[s].schema_name})" for s in sorted(SUPPORTED))
            raise BadRequest(
                gettext("Unknown code system %(oid)s. Use one of: %(known)s.") % {"oid": oid, "known": known},
                "mainSearchCriteria.v.cs",
            )
        code = normalize(system, code)
        if not is_well_formed(system, code):
            raise BadRequest(
                gettext("%(code)s is not a well-formed %(system)s code.")
                % {"code": code, "system": SYSTEMS[system].schema_name},
                "mainSearchCriteria.v.c",
            )
    elif not text:
        raise BadRequest(
            gettext(
                "Give a code (mainSearchCriteria.v.c with mainSearchCriteria.v.cs) or a name (mainSearchCriteria.v.dn)."
            ),
            "mainSearchCriteria.v.c",
        )
    return {
        "code": code,
        "system": system,
        "oid": oid,
        "text": text,
        "recipient": recipient,
        "language": language,
        "content_language": content_language(language),
    }


def content_language(code: str) -> str:
    """The content language a request's language code asks for (`es`, `es-MX`, `spa`, `ES`
    are Spanish); the source language when the site does not have it."""
    tag = code.strip().lower().replace("_", "-")
    languages = content_languages()
    for candidate in (tag, tag.split("-")[0]):
        candidate = ISO_639_2.get(candidate, candidate)
        if candidate in languages:
            return candidate
    return source_language()


def _find(context: dict) -> list[Model]:
    """The pages for the request, in its language where published (the active language)."""
    entries = sorted(localised(_by_code(context["system"], context["code"])), key=str) if context["system"] else []
    if not entries and context["text"]:
        entries = _by_text(context["text"])
    return entries


def _by_code(system: str, code: str) -> list[Model]:
    """Published source items carrying the code (codes belong to the source item); for
    ICD-10-CM, the closest ancestor that has any."""
    candidates = icd10cm_ancestors(code) if system == CodeSystem.ICD10CM else [code]
    rows = []
    for model in code_models():
        if system not in model.systems:
            continue
        subject = model._meta.get_field(model.subject_field).related_model
        rows += (
            model.objects.filter(system=system, code__in=candidates)
            .filter(**{f"{model.subject_field}__in": subject._default_manager.published_sources()})
            .select_related(model.subject_field)
        )
    for candidate in candidates:  # most specific first
        found = {getattr(row, row.subject_field) for row in rows if row.code == candidate}
        if found:
            return sorted(found, key=str)[:MAX_ENTRIES]
    return []


def _by_text(text: str) -> list[Model]:
    """Site search in the active language: its pages, and source-language ones it lacks."""
    query = search.clean_query(text)
    if not query:
        return []
    documents = list(search.search_documents(query)[:MAX_ENTRIES])
    return [hit.obj for hit in search.load_hits(documents, query)]


def _feed(request: HttpRequest, context: dict, items: list[Model]) -> dict:
    asked = (
        f"{SYSTEMS[context['system']].schema_name} {context['code']}"
        if context["system"]
        else gettext("“%(text)s”") % {"text": context["text"]}
    )
    updated = max((item.updated_at for item in items), default=None) or timezone.now()
    categories = [
        ("mainSearchCriteria.v.c", context["code"]),
        ("mainSearchCriteria.v.cs", context["oid"]),
        ("mainSearchCriteria.v.dn", context["text"]),
        ("informationRecipient", context["recipient"]),
        ("informationRecipient.languageCode.c", context["language"]),
    ]
    return {
        "language": context["content_language"],
        "id": request.build_absolute_uri(),
        # Translators: the title of an answer to a health record, e.g. "Health portal: pages for ICD-10-CM D47.Z9".
        "title": gettext("%(site)s: pages for %(asked)s") % {"site": _site_name(), "asked": asked},
        "subtitle": ngettext(
            "%(count)d page for %(asked)s, written for patients and carers.",
            "%(count)d pages for %(asked)s, written for patients and carers.",
            len(items),
        )
        % {"count": len(items), "asked": asked},
        "updated": updated,
        "author": _site_name(),
        "site": request.build_absolute_uri("/"),
        "categories": [(scheme, term) for scheme, term in categories if term],
        "entries": [_entry(request, item) for item in items],
    }


def _entry(request: HttpRequest, item: Model) -> dict:
    url = request.build_absolute_uri(item.get_absolute_url())
    return {
        "language": item.language,
        "id": url,
        "title": xml_safe(str(item)),
        "url": url,
        "summary": xml_safe(item.search_document().summary),
        "updated": item.updated_at,
        "last_reviewed": item.last_reviewed,
        # A translation whose source changed since stays live; health records are told.
        "translation_status": item.translation_status,
        "stale_since": item.stale_since,
    }


def _site_name() -> str:
    return str(SITE_NAME)


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _as_atom(feed: dict) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: feed["language"]})
    _text(root, "title", feed["title"], type="text")
    _text(root, "subtitle", feed["subtitle"], type="text")
    _text(root, "id", feed["id"])
    _text(root, "updated", _iso(feed["updated"]))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed["author"])
    _text(author, "uri", feed["site"])
    for scheme, term in feed["categories"]:
        ET.SubElement(root, f"{{{ATOM}}}category", {"scheme": scheme, "term": term})
    for entry in feed["entries"]:
        element = ET.SubElement(root, f"{{{ATOM}}}entry", {XML_LANG: entry["language"]})
        _text(element, "title", entry["title"], type="text")
        ET.SubElement(
            element,
            f"{{{ATOM}}}link",
            {"href": entry["url"], "rel": "alternate", "type": "text/html", "hreflang": entry["language"]},
        )
        _text(element, "id", entry["id"])
        _text(element, "updated", _iso(entry["updated"]))
        _text(element, "summary", entry["summary"], type="text")
        if entry["last_reviewed"]:
            ET.SubElement(element, f"{{{SCHEMA}}}lastReviewed").text = entry["last_reviewed"].isoformat()
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes).text = text


def _as_json(feed: dict) -> dict:
    """The feed as MedlinePlus Connect shapes JSON: element text under "_value"."""
    return {
        "feed": {
            "lang": feed["language"],
            "title": {"_value": feed["title"], "type": "text"},
            "subtitle": {"_value": feed["subtitle"], "type": "text"},
            "id": {"_value": feed["id"]},
            "updated": {"_value": _iso(feed["updated"])},
            "author": {"name": {"_value": feed["author"]}, "uri": {"_value": feed["site"]}},
            "category": [{"scheme": scheme, "term": term} for scheme, term in feed["categories"]],
            "entry": [
                {
                    "lang": entry["language"],
                    "title": {"_value": entry["title"], "type": "text"},
                    "link": [
                        {"href": entry["url"], "rel": "alternate", "type": "text/html", "hreflang": entry["language"]}
                    ],
                    "id": {"_value": entry["id"]},
                    "updated": {"_value": _iso(entry["updated"])},
                    "summary": {"_value": entry["summary"], "type": "text"},
                    "lastReviewed": {"_value": entry["last_reviewed"].isoformat() if entry["last_reviewed"] else None},
                    "translationStatus": {"_value": entry["translation_status"]},
                    "staleSince": {"_value": _iso(entry["stale_since"]) if entry["stale_since"] else None},
                }
                for entry in feed["entries"]
            ],
        }
    }
