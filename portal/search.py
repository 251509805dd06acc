"""Site search over published conditions, medications and articles.

Every content save refreshes one SearchDocument row (signals below). On PostgreSQL a
search is weighted full text (names and titles 'A', summaries 'B', bodies 'C') with
web-search syntax, or'ed with trigram word similarity on names so that typos and brand
names still find the right page; an exact name or brand match ranks first. On SQLite,
portal/search_sqlite.py matches names, titles and summaries and spells names loosely.
Only published content is ever returned: the query filters through each model's
published().
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from conditions.models import Condition
from medications.models import BrandName, Medication
from portal import search_sqlite
from portal.markdown import to_html
from portal.models import SearchDocument, SearchKind

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
# Private-use characters mark highlights inside the database's snippet, so the snippet
# can be escaped before the marks become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000\ue001]")

MODELS: dict[str, type[Model]] = {
    SearchKind.CONDITION: Condition,
    SearchKind.MEDICATION: Medication,
    SearchKind.ARTICLE: Article,
}
KIND_OF_MODEL = {model: kind for kind, model in MODELS.items()}


def clean_query(raw: str) -> str:
    return " ".join(_CONTROL.sub(" ", raw).split())


def _plain(markdown_text: str) -> str:
    return html.unescape(strip_tags(to_html(markdown_text).html))


def _lines(*names: str) -> str:
    """Names one per line, lower case, with a newline at each end for exact matching."""
    unique = dict.fromkeys(name.strip().lower() for name in names if name and name.strip())
    return "\n" + "\n".join(unique) + "\n"


def _document_fields(obj: Model) -> dict:
    if isinstance(obj, Condition):
        return {
            "title": obj.name,
            "names": _lines(obj.name, obj.short_name, *obj.aliases),
            "summary": obj.summary,
            "keywords": obj.definition,
            "body": _plain(obj.overview),
        }
    if isinstance(obj, Medication):
        brands = [brand.name for brand in obj.brand_names.all()]
        return {
            "title": obj.name,
            "names": _lines(obj.name, *brands),
            "summary": obj.summary,
            "keywords": obj.drug_class,
            "body": _plain("\n\n".join([obj.body, obj.side_effects, obj.warnings, obj.dosing])),
        }
    tags = [tag.name for tag in obj.tags.all()]
    # An article has a title but no names: typo matching is for things patients name.
    return {
        "title": obj.title,
        "names": "",
        "summary": obj.summary,
        "keywords": ", ".join(tags),
        "body": _plain(obj.body),
    }


def _weighted_vector() -> SearchVector:
    return (
        SearchVector("names", weight="A", config=SEARCH_CONFIG)
        + SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def _fields(obj: Model) -> dict:
    return {key: _CONTROL.sub(" ", value) for key, value in _document_fields(obj).items()}


def index(obj: Model) -> None:
    """Create or refresh the search document of one condition, medication or article."""
    document, _ = SearchDocument.objects.update_or_create(
        kind=KIND_OF_MODEL[type(obj)], object_id=obj.pk, defaults=_fields(obj)
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(vector=_weighted_vector())


def rebuild(batch_size: int = 500) -> int:
    """Recreate every search document in bulk: a few queries per batch, not per item."""
    SearchDocument.objects.all().delete()
    querysets = {
        SearchKind.CONDITION: Condition.objects.all(),
        SearchKind.MEDICATION: Medication.objects.prefetch_related("brand_names"),
        SearchKind.ARTICLE: Article.objects.prefetch_related("tags"),
    }
    count = 0
    for kind, queryset in querysets.items():
        documents = (
            SearchDocument(kind=kind, object_id=obj.pk, **_fields(obj))
            for obj in queryset.order_by("pk").iterator(chunk_size=batch_size)
        )
        count += len(SearchDocument.objects.bulk_create(documents, batch_size=batch_size))
    if connection.vendor == "postgresql":
        SearchDocument.objects.update(vector=_weighted_vector())
    return count


def published_documents() -> QuerySet:
    """Documents whose object is public right now, decided by each model's published()."""
    public = Q()
    for kind, model in MODELS.items():
        public |= Q(kind=kind, object_id__in=model.objects.published().values("pk"))
    return SearchDocument.objects.filter(public)


def search_documents(query: str) -> QuerySet:
    """Matching published documents, best first, each with a `snippet` to highlight."""
    exact = Case(
        When(names__contains=f"\n{query.lower()}\n", then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    documents = published_documents().annotate(exact=exact)
    if connection.vendor != "postgresql":
        return search_sqlite.search(documents, query)
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        documents.filter(Q(vector=tsquery) | Q(names__trigram_word_similar=query))
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            similarity=TrigramWordSimilarity(query, "names"),
            snippet=SearchHeadline(
                "summary",
                tsquery,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=15,
            ),
        )
        .annotate(score=F("rank") + F("similarity"))
        .order_by("-exact", "-score", "title")
    )


def highlight(snippet: str, query: str) -> SafeString:
    """Escape a snippet, then mark the matched words: from the database's marks on
    PostgreSQL, or by looking for the query's words elsewhere."""
    if _START not in snippet:
        words = [re.escape(word) for word in query.split() if len(word) > 1]
        if words:
            snippet = re.sub(
                "(" + "|".join(words) + ")", lambda m: f"{_START}{m[0]}{_STOP}", snippet, flags=re.IGNORECASE
            )
    safe = escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    obj: Model
    snippet: SafeString


def load_hits(documents: list[SearchDocument], query: str) -> list[Hit]:
    """The page's objects, one query per kind, in the documents' order."""
    ids_by_kind: dict[str, list[int]] = {}
    for document in documents:
        ids_by_kind.setdefault(document.kind, []).append(document.object_id)
    loaders = {
        SearchKind.CONDITION: Condition.objects.published(),
        SearchKind.MEDICATION: Medication.objects.published().with_brands(),
        SearchKind.ARTICLE: Article.objects.published().select_related("author"),
    }
    objects = {(kind, obj.pk): obj for kind, ids in ids_by_kind.items() for obj in loaders[kind].filter(pk__in=ids)}
    hits = []
    for document in documents:
        obj = objects.get((document.kind, document.object_id))
        if obj is not None:
            hits.append(Hit(document.kind, document.get_kind_display(), obj, highlight(document.snippet, query)))
    return hits


def _reindex(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:  # fixtures and imports rebuild the index once at the end
        index(instance)


def _forget(sender, instance, **kwargs) -> None:
    SearchDocument.objects.filter(kind=KIND_OF_MODEL[type(instance)], object_id=instance.pk).delete()


def _reindex_brand_medication(sender, instance: BrandName, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    medication = Medication.objects.filter(pk=instance.medication_id).first()
    if medication is not None:
        index(medication)


def _reindex_tagged_article(sender, instance, action: str, **kwargs) -> None:
    if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
        index(instance)


def connect_signals() -> None:
    for model in MODELS.values():
        post_save.connect(_reindex, sender=model, dispatch_uid=f"search-index-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"search-forget-{model.__name__}")
    post_save.connect(_reindex_brand_medication, sender=BrandName, dispatch_uid="search-brand-save")
    post_delete.connect(_reindex_brand_medication, sender=BrandName, dispatch_uid="search-brand-delete")
    m2m_changed.connect(_reindex_tagged_article, sender=Article.tags.through, dispatch_uid="search-tags")
