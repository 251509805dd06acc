"""Every public page, in a real Chromium: axe finds nothing, nothing scrolls sideways,
and a screenshot of each is kept in artifacts/screenshots/ for a reviewer."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication
from portal.models import Author

from .conftest import screenshot, scrolls_sideways


def public_paths() -> dict[str, str]:
    """Name → path of every public page of the demo content."""
    paths = {
        "home": "/",
        "conditions": "/conditions/",
        "medications": "/medications/",
        "articles": "/articles/",
        "search": "/search/?q=gabapentin",
        "search-nothing": "/search/?q=zzzzqqq",
        "compare": "/medications/compare/?m=spironolactone&m=furosemide",
        "compare-4": "/medications/compare/?m=lenalidomide&m=bortezomib&m=melphalan&m=dexamethasone",
        "compare-picker": "/medications/compare/",
        "not-found": "/conditions/no-such-page/",
        "articles-kind": "/articles/?kind=guide",
        "articles-tag": "/articles/?tag=diuretics",
        "search-empty": "/search/",
        "search-brand": "/search/?q=neurotin",
        "search-too-long": "/search/?q=" + "fluid+" * 40,
        "compare-one": "/medications/compare/?m=gabapentin",
        "compare-unknown": "/medications/compare/?m=gabapentin&m=no-such-medicine",
        "compare-brands": "/medications/compare/?m=neurontin&m=lasix",
    }
    for kind, queryset in (
        ("condition", Condition.objects.published()),
        ("medication", Medication.objects.published()),
        ("article", Article.objects.published()),
    ):
        for obj in queryset:
            paths[f"{kind}-{obj.slug}"] = obj.get_absolute_url()
    for condition in Condition.objects.published().filter(curated_guides__isnull=False).distinct():
        paths[f"guides-{condition.slug}"] = reverse("conditions:guides", args=[condition.slug])
    for author in Author.objects.all():
        paths[f"author-{author.slug}"] = author.get_absolute_url()
    for tag in Tag.objects.filter(slug__in=Article.objects.published().values("tags__slug")):
        paths[f"tag-{tag.slug}"] = f"/tags/{tag.slug}/"
    return paths


@pytest.mark.parametrize("width", [1280, 390])
def test_every_public_page_passes_axe_at(width, live_server, new_page, axe):
    call_command("load_demo", verbosity=0)
    page = new_page(width=width)
    violations, sideways = [], []
    for name, path in public_paths().items():
        page.goto(live_server.url + path)
        violations += axe(page)
        if scrolls_sideways(page):
            sideways.append(path)
        screenshot(page, name, width)
    assert violations == [], "\n".join(violations)
    assert sideways == []
