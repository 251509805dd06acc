"""Cache coherence, proven by random editing: after any sequence of edits, publications,
withdrawals, renames, new or broken links and working copies, every public page and API
answer the cache gives equals what the site renders from scratch at that moment.

A Hypothesis state machine edits a small bilingual site (conditions with treatments and
components, medications with brand names, articles linking both in Markdown, curated
guides, glossary words used in the texts). After each step it asks for every public address
twice: once through the caches (pages stored in Redis or local memory, parts rendered once),
once with both off, and the answers must match: status, body and every header but the ones
that say how the answer was found (X-Cache, Date). Pages are warmed by the check itself, so
a page left stale by a step is caught by the next check.

Each example runs in a savepoint rolled back at its end; nothing is committed, so only the
purge made when a row is saved keeps the cache coherent (a commit repeats it with the same
keys). The run is bounded (MAX_EXAMPLES × STEPS) and, in CI, derandomised.
"""

import itertools
import os
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from articles.models import Article, CuratedGuide
from conditions.models import Condition, ConditionCode, ConditionRelation, Treatment
from glossary.models import Term
from medications.models import BrandName, Medication, MedicationCode
from portal.caching import local as local_memory
from portal.caching import render_once
from portal.codes.systems import SYSTEMS, CodeSystem
from portal.models import Author, Status
from portal.publishing import working_copies
from tests.conftest import PAST, signed_off

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MAX_EXAMPLES = 4
STEPS = 10
# Headers that say how an answer was found, not what it is.
HOW_FOUND = {"X-Cache", "Date"}
ICD10CM, RXNORM = SYSTEMS[CodeSystem.ICD10CM].oid, SYSTEMS[CodeSystem.RXNORM].oid

ITEMS = [
    "spironolactone",
    "gabapentin",
    "furosemide",
    "levocetirizine",
    "poems",
    "polyneuropathy",
    "oedema",
    "guide",
    "comparison",
    "self-care",
    "term-polyneuropathy",
    "term-vegf",
    "term-oedema",
    "espironolactona",
    "sindrome-poems",
]
# Fields an editor changes, by content type (Markdown fields take links and glossary words).
FIELDS = {
    Medication: ["summary", "body", "dosing", "warnings"],
    Condition: ["summary", "overview", "definition", "also_known_as"],
    Article: ["summary", "body"],
    Term: ["definition", "synonyms", "explanation"],
}
TITLES = {Medication: "name", Condition: "name", Article: "title", Term: "term"}
TEXTS = [
    "Plain words about polyneuropathy.",
    "Take [Aldactone](medication:aldactone) for fluid build-up.",
    "Compare with [gabapentin](medication:gabapentin) and VEGF.",
    "Read [the guide](article:water-tablets) first.",
    "Part of [POEMS syndrome](condition:poems-syndrome); oedema is common.",
    "See [nerve damage](condition:polyneuropathy) and [furosemide](medication:furosemide).",
    "Nothing linked here.",
    "edema\nfluid build-up",
    "",
]
SEARCHES = ["aldactone", "polyneuropathy", "fluid", "oedema"]


def _site(make_author) -> dict[str, tuple[type, int]]:
    """The small site every example starts from: names → (model, pk)."""
    author = make_author(name="Ruaridh Wood", slug="ruaridh-wood")
    spironolactone = _medication("spironolactone", brands=["Aldactone"], code="9997")
    gabapentin = _medication("gabapentin", brands=["Neurontin"], code="25480")
    furosemide = _medication("furosemide", status=Status.DRAFT)
    levocetirizine = _medication("levocetirizine", brands=["Xyzal"])
    poems = signed_off(
        Condition,
        name="POEMS syndrome",
        slug="poems-syndrome",
        summary="A rare blood disorder.",
        overview="Nerve damage (polyneuropathy) and [Neurontin](medication:neurontin).",
        status=Status.PUBLISHED,
        published_at=PAST,
        featured=True,
    )
    ConditionCode.objects.create(condition=poems, system=CodeSystem.ICD10CM, code="D47.Z9")
    polyneuropathy = signed_off(
        Condition,
        name="Polyneuropathy",
        slug="polyneuropathy",
        summary="Damage to many nerves.",
        definition="the nerve-damage component of POEMS syndrome",
        status=Status.PUBLISHED,
        published_at=PAST,
    )
    oedema = signed_off(Condition, name="Oedema", slug="oedema", summary="Fluid build-up.", status=Status.DRAFT)
    ConditionRelation.objects.create(condition=poems, related=polyneuropathy, position=1)
    ConditionRelation.objects.create(condition=poems, related=oedema, position=2)
    fluid = Treatment.objects.create(condition=poems, name="Fluid control", category="supportive_care", position=1)
    fluid.medications.add(spironolactone, furosemide)
    pain = Treatment.objects.create(condition=poems, name="Nerve pain", category="symptom_relief", position=2)
    pain.medications.add(gabapentin)
    itching = Treatment.objects.create(condition=polyneuropathy, name="Itching", category="symptom_relief")
    itching.medications.add(levocetirizine)
    guide = _article("Water tablets", "water-tablets", author, "[Aldactone](medication:aldactone) helps with oedema.")
    guide.conditions.add(poems)
    guide.medications.add(spironolactone)
    guide.tags.add("diuretics")
    comparison = _article(
        "Nerve pain medicines",
        "nerve-pain-medicines",
        author,
        "[Gabapentin](medication:gabapentin) for polyneuropathy; see [POEMS](condition:poems-syndrome).",
    )
    comparison.medications.add(gabapentin)
    self_care = _article("Self-care", "self-care", author, "Rest. VEGF is a protein.", status=Status.DRAFT)
    CuratedGuide.objects.create(condition=poems, article=guide, position=1)
    CuratedGuide.objects.create(condition=poems, article=self_care, position=2)
    terms = {
        "term-polyneuropathy": _term("polyneuropathy", condition=polyneuropathy),
        "term-vegf": _term("VEGF", definition="A protein that makes blood vessels leaky."),
        "term-oedema": _term("oedema", synonyms="swelling", medication=spironolactone),
    }
    espironolactona = _translate(spironolactone, name="espironolactona", slug="espironolactona", body="Para el oedema.")
    sindrome = _translate(
        poems, name="Síndrome POEMS", slug="sindrome-poems", overview="[Aldactone](medication:aldactone)."
    )
    rows = {
        "spironolactone": spironolactone,
        "gabapentin": gabapentin,
        "furosemide": furosemide,
        "levocetirizine": levocetirizine,
        "poems": poems,
        "polyneuropathy": polyneuropathy,
        "oedema": oedema,
        "guide": guide,
        "comparison": comparison,
        "self-care": self_care,
        "espironolactona": espironolactona,
        "sindrome-poems": sindrome,
        **terms,
    }
    return {name: (type(row), row.pk) for name, row in rows.items()}


def _medication(name: str, brands=(), code: str = "", status=Status.PUBLISHED) -> Medication:
    medication = signed_off(
        Medication,
        name=name,
        slug=name,
        summary=f"What {name} does.",
        dosing="Your prescriber decides.",
        status=status,
        published_at=PAST if status == Status.PUBLISHED else None,
    )
    for brand in brands:
        BrandName.objects.create(medication=medication, name=brand, slug=brand.lower())
    if code:
        MedicationCode.objects.create(medication=medication, system=CodeSystem.RXNORM, code=code)
    return medication


def _article(title: str, slug: str, author: Author, body: str, status=Status.PUBLISHED) -> Article:
    published_at = PAST if status == Status.PUBLISHED else None
    return signed_off(
        Article,
        title=title,
        slug=slug,
        summary=f"About {title}.",
        body=body,
        author=author,
        status=status,
        published_at=published_at,
    )


def _term(term: str, **fields) -> Term:
    fields.setdefault("definition", f"What {term} means.")
    return signed_off(Term, term=term, slug=term.lower(), status=Status.PUBLISHED, published_at=PAST, **fields)


def _translate(source, **fields):
    return signed_off(
        type(source),
        translation_of=source,
        language="es",
        status=Status.PUBLISHED,
        published_at=PAST,
        summary="En pocas palabras.",
        **fields,
    )


def public_addresses(site: dict[str, tuple[type, int]]) -> list[str]:
    """Every public address of the site now: each item's page (whatever its state), hub
    sub-pages, the lists in both languages, search, the feed, the sitemap, the API and the
    Infobutton for the site's codes."""
    addresses = ["/sitemap.xml", "/medications/compare/?m=spironolactone&m=gabapentin"]
    for model, pk in site.values():
        item = model._default_manager.get(pk=pk)
        addresses.append(item.get_absolute_url())
        if model is Condition:
            with translation.override(item.language):
                addresses.append(reverse("conditions:guides", args=[item.slug]))
        route = {Condition: "conditions", Medication: "medications", Article: "articles", Term: "terms"}[model]
        addresses.append(f"/api/v1/{route}/{item.slug}" + ("?lang=es" if item.language == "es" else ""))
    for language in ("en", "es"):
        with translation.override(django_settings.LANGUAGE_CODE if language == "en" else language):
            addresses += [
                reverse(name)
                for name in ("home", "conditions:list", "medications:list", "articles:list", "glossary:list")
            ]
            addresses += [reverse("feeds:articles"), reverse("articles:author", args=["ruaridh-wood"])]
            addresses += [reverse("articles:tag", args=["diuretics"])]
            addresses += [f"{reverse('search')}?q={words}" for words in SEARCHES]
        addresses += [
            f"/api/v1/{route}?lang={language}" for route in ("conditions", "medications", "articles", "terms")
        ]
        addresses += [
            f"/infobutton/?mainSearchCriteria.v.c=D47.Z9&mainSearchCriteria.v.cs={ICD10CM}"
            f"&informationRecipient.languageCode.c={language}",
            f"/infobutton/?mainSearchCriteria.v.c=9997&mainSearchCriteria.v.cs={RXNORM}"
            f"&knowledgeResponseType=application/json&informationRecipient.languageCode.c={language}",
        ]
    addresses.append("/api/v1/search?q=aldactone")
    return addresses


def answer(client: Client, address: str) -> tuple[int, dict[str, str], bytes]:
    response = client.get(address)
    headers = {name: value for name, value in response.items() if name not in HOW_FOUND}
    content = response.content
    if address.startswith("/infobutton/") and not re.search(rb'<(\w+:)?entry[ >]|"entry": \[\{', content):
        # An answer with no pages is dated when it is made (Atom needs a date): not content.
        content = re.sub(rb"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", b"(when answered)", content)
        headers.pop("ETag", None), headers.pop("Last-Modified", None)
    return response.status_code, headers, content


def _keys(headers: dict[str, str]) -> set[str]:
    """A page's surrogate keys, taken out of its headers. A cached page may hold more keys than
    a fresh render (a part rendered once read more rows the first time): it is then forgotten
    more often, never less. It must hold every key of the fresh render."""
    headers.pop("Cache-Tag", None)
    return set(headers.pop("Surrogate-Key", "").split())


class CoherentCache(RuleBasedStateMachine):
    """Random editing of the small site; the invariant: cached answers are fresh answers."""

    fixtures: dict = {}

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        _start_caches()
        self.site = _site(self.fixtures["make_author"])
        self.editor = self.fixtures["editor"]
        self.approve = self.fixtures["approve"]
        self.client = Client()
        self.renames = itertools.count(1)

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)
        _start_caches()

    def _get(self, name: str):
        model, pk = self.site[name]
        return model._default_manager.get(pk=pk)

    # Edits to live rows, as a reviewer's approval or an import writes them.

    @rule(name=st.sampled_from(ITEMS), field=st.integers(0, 3), text=st.sampled_from(TEXTS))
    def edit_a_field(self, name, field, text):
        item = self._get(name)
        fields = FIELDS[type(item)]
        field_name = fields[field % len(fields)]
        if field_name == "summary" and not text:
            text = "A new summary."
        setattr(item, field_name, text)
        item._signed_off = True
        item.save()

    @rule(name=st.sampled_from(ITEMS))
    def publish(self, name):
        """A draft or a withdrawn item signed off by a reviewer (with its working copy, if any)."""
        item = self._get(name)
        if not item.is_published:
            self.approve(item)

    @rule(name=st.sampled_from(ITEMS))
    def archive(self, name):
        item = self._get(name)
        item.status = Status.ARCHIVED
        item.save()

    @rule(name=st.sampled_from(ITEMS), slug=st.booleans())
    def rename(self, name, slug):
        item = self._get(name)
        number = next(self.renames)
        if slug:
            item.slug = f"{item.slug[:60]}-{number}"
        else:
            setattr(item, TITLES[type(item)], f"{item.title_text[:60]} {number}")
        item._signed_off = True
        item.save()

    # Links between items: a treatment's medicines, curated guides, an article's subjects.

    @rule(treatment=st.integers(0, 2), medication=st.sampled_from(ITEMS[:4]))
    def add_or_remove_a_treatment_medication(self, treatment, medication):
        row = Treatment.objects.order_by("pk")[treatment]
        medicine = self._get(medication)
        if row.medications.filter(pk=medicine.pk).exists():
            row.medications.remove(medicine)
        else:
            row.medications.add(medicine)

    @rule(condition=st.sampled_from(["poems", "polyneuropathy", "oedema"]), article=st.sampled_from(ITEMS[7:10]))
    def add_or_remove_a_curated_guide(self, condition, article):
        hub, guide = self._get(condition), self._get(article)
        curated = CuratedGuide.objects.filter(condition=hub, article=guide).first()
        if curated is not None:
            curated.delete()
        else:
            position = CuratedGuide.objects.filter(condition=hub).count() + 1
            CuratedGuide.objects.create(condition=hub, article=guide, position=position)

    @rule(article=st.sampled_from(ITEMS[7:10]), subject=st.sampled_from(ITEMS[:7]))
    def add_or_remove_an_article_subject(self, article, subject):
        guide, item = self._get(article), self._get(subject)
        links = guide.conditions if isinstance(item, Condition) else guide.medications
        if links.filter(pk=item.pk).exists():
            links.remove(item)
        else:
            links.add(item)

    # Working copies: saved without changing anything public, then approved.

    @rule(name=st.sampled_from(ITEMS), field=st.integers(0, 3), text=st.sampled_from(TEXTS[:-1]))
    def save_a_working_copy(self, name, field, text):
        item = self._get(name)
        if not item.is_published:
            return
        stored = self._stored()
        snapshot = working_copies.capture(item)
        fields = FIELDS[type(item)]
        snapshot["records"][0]["fields"][fields[field % len(fields)]] = text
        working_copies.save_copy(item, snapshot, self.editor)
        after = self._stored()
        assert {address: after.get(address) for address in stored} == stored, "a working copy changed a cached page"

    @rule(name=st.sampled_from(ITEMS))
    def approve_a_working_copy(self, name):
        """Every draw is of a fixed set (not of rows in the database), so that a sequence
        replays exactly: an item without a working copy is left alone."""
        item = self._get(name)
        if working_copies.copy_of(item) is not None:
            self.approve(item)

    @invariant()
    def cached_answers_are_fresh(self):
        for address in public_addresses(self.site):
            cached = answer(self.client, address)
            with override_settings(PAGE_CACHE_SECONDS=0, RENDERED_ONCE_SECONDS=0):
                fresh = answer(self.client, address)
            assert cached[0] == fresh[0], f"{address}: status {cached[0]} cached, {fresh[0]} fresh"
            assert cached[2].decode() == fresh[2].decode(), f"{address}: the cached body is stale"
            cached_keys, fresh_keys = _keys(cached[1]), _keys(fresh[1])
            assert cached_keys >= fresh_keys, f"{address}: cached without the keys {fresh_keys - cached_keys}"
            if cached[1].get("Cache-Control") != fresh[1].get("Cache-Control"):  # it says for how long
                del cached[1]["Cache-Control"], fresh[1]["Cache-Control"]
            assert cached[1] == fresh[1], f"{address}: the cached headers are stale"

    def _stored(self) -> dict[str, str]:
        """Which addresses the cache answers, and with what."""
        stored = {}
        for address in public_addresses(self.site):
            response = self.client.get(address)
            if response.get("X-Cache") == "hit":
                stored[address] = response.content
        return stored


def _start_caches() -> None:
    """Empty caches, as a new site starts: nothing an earlier example stored or saw (its
    last purge number, which would make this process forget every part at the first look)."""
    cache.clear()
    local_memory.local_pages.clear()
    render_once.forget()
    render_once._seen.update(number=None, checked_at=float("-inf"))


@pytest.mark.django_db
def test_every_cached_answer_equals_a_fresh_render(settings_caching, make_author, editor, approve):
    CoherentCache.fixtures = {"make_author": make_author, "editor": editor, "approve": approve}
    run_state_machine_as_test(
        CoherentCache,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=IN_CI,
            database=None,
            # In CI a failure is reported as found, unshrunk, so the run stays bounded; a
            # developer runs it again locally, where it is shrunk to its shortest sequence.
            phases=[Phase.explicit, Phase.generate] if IN_CI else list(Phase),
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.fixture
def settings_caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.RENDERED_ONCE_SECONDS = 60
    assert django_settings.CACHES["default"]["BACKEND"]
