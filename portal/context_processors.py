from django.http import HttpRequest

SITE_NAME = "Health portal"


def site(request: HttpRequest) -> dict:
    """The site name and this page's canonical address (path only: filters and pages aside)."""
    return {"site_name": SITE_NAME, "canonical_url": request.build_absolute_uri(request.path)}
