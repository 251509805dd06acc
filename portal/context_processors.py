from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

SITE_NAME = "Health portal"


def site(request: HttpRequest) -> dict:
    """The site name and this page's canonical address (path only: filters and pages aside).

    A request for a host the site does not serve gets the 400 page, which has no address."""
    try:
        canonical_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        canonical_url = ""
    return {"site_name": SITE_NAME, "canonical_url": canonical_url}
