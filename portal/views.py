"""Site-wide views and the helpers every public view uses."""

from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication

SEARCH_MAX_LENGTH = 200
SEARCH_RESULTS_PER_TYPE = 20


def can_preview(request: HttpRequest, model: type[Model]) -> bool:
    """Staff who may change an item may see it before it is public."""
    user = request.user
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def get_published_or_preview(request: HttpRequest, queryset: QuerySet, **lookup) -> tuple[Model, bool]:
    """The published object matching `lookup`, or for staff an unpublished one as a preview.

    Everyone else gets a 404 for a draft, archived or scheduled item.
    """
    obj = queryset.published().filter(**lookup).first()
    if obj is not None:
        return obj, False
    if can_preview(request, queryset.model):
        obj = queryset.filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404("No published page at this address.")


def mark_preview(response: HttpResponse) -> HttpResponse:
    """A preview must never be stored by a cache or indexed by a search engine."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_page(request: HttpRequest, template: str, context: dict, preview: bool = False) -> HttpResponse:
    response = render(request, template, {**context, "preview": preview})
    return mark_preview(response) if preview else response


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured_conditions": Condition.objects.published().featured(),
        "latest_articles": Article.objects.published().for_list()[:6],
    }
    return render(request, "portal/home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Find published conditions, medications and articles by name, brand or title.

    A simple search that works on every database; results are grouped by type.
    """
    query = request.GET.get("q", "").replace("\x00", "").strip()
    context = {"query": query, "conditions": [], "medications": [], "articles": []}
    if len(query) > SEARCH_MAX_LENGTH:
        context["error"] = f"Please use fewer words: searches are limited to {SEARCH_MAX_LENGTH} characters."
        return render(request, "portal/search.html", context, status=400)
    if query:
        limit = SEARCH_RESULTS_PER_TYPE
        context["conditions"] = (
            Condition.objects.published()
            .filter(
                Q(name__icontains=query)
                | Q(short_name__icontains=query)
                | Q(also_known_as__icontains=query)
                | Q(summary__icontains=query)
            )
            .order_by("name")[:limit]
        )
        context["medications"] = (
            Medication.objects.published()
            .filter(Q(name__icontains=query) | Q(brand_names__name__icontains=query) | Q(drug_class__icontains=query))
            .distinct()
            .with_brands()
            .order_by("name")[:limit]
        )
        context["articles"] = (
            Article.objects.published()
            .filter(Q(title__icontains=query) | Q(summary__icontains=query) | Q(tags__name__icontains=query))
            .distinct()
            .for_list()[:limit]
        )
    return render(request, "portal/search.html", context)
