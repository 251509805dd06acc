"""Search over published conditions, medications and articles: the site search, as JSON."""

from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch
from ninja import Field, Query, Router, Schema

from api.languages import api_url
from api.schemas import ErrorOut, Language, LanguageParams
from portal.search import engine as search

router = Router(tags=["search"])
MAX_PAGE = 20


class SearchParams(LanguageParams):
    q: str = Query(
        ...,
        min_length=1,
        max_length=search.MAX_QUERY_LENGTH,
        pattern=r"^[^\x00]+$",  # the site refuses a NUL in any address (portal.ops.security)
        description="Words to look for.",
    )
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Page of results (1 to 20).")
    limit: int = Query(20, ge=1, le=50, description="Results per page (1 to 50).")


class SearchHit(Schema):
    kind: str
    language: Language = Field(description="The language of the item found.")
    title: str
    slug: str
    snippet_html: str
    url: str
    api_url: str | None = Field(description="The item in this API, or null for a kind the API does not serve.")


class SearchPage(Schema):
    query: str
    items: list[SearchHit]
    next: str | None


@router.get("/search", response={200: SearchPage, 400: ErrorOut}, url_name="search")
def search_content(request: HttpRequest, params: Query[SearchParams]):
    """Best match first; names, brand names and aliases count most. Published content only,
    in the answer's language where published, else in the source language (marked by `language`)."""
    query = search.clean_query(params.q)
    documents = []
    if query:
        start = (params.page - 1) * params.limit
        documents = list(search.search_documents(query)[start : start + params.limit + 1])
    more = len(documents) > params.limit
    hits = search.load_hits(documents[: params.limit], query)
    next_url = None
    if more and params.page < MAX_PAGE:
        next_query = request.GET.copy()
        next_query["page"] = str(params.page + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{next_query.urlencode()}")
    return {
        "query": query,
        "items": [
            {
                "kind": hit.kind,
                "language": hit.obj.language,
                "title": str(hit.obj),
                "slug": hit.obj.slug,
                "snippet_html": str(hit.snippet),
                "url": request.build_absolute_uri(hit.obj.get_absolute_url()),
                "api_url": _api_url(request, hit.kind, hit.obj),
            }
            for hit in hits
        ],
        "next": next_url,
    }


def _api_url(request: HttpRequest, kind: str, item: Model) -> str | None:
    """A kind's item address in this API: each content app that has an API names its detail
    route after its link scheme (`api-v1:medication`)."""
    try:
        return api_url(request, f"api-v1:{kind}", item)
    except NoReverseMatch:
        return None
