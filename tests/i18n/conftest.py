import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from config.views import page_not_found
from portal.models import Author

REVIEWED = datetime.date(2025, 10, 1)


@pytest.fixture
def render_in():
    """A public page's HTML as rendered in `language`, by calling its view under
    translation.override: the site's middleware keeps public pages in English, so the test
    client always gets English, and the language a page may later be served in is set here.
    A 404 is the site's 404 page, rendered in the same language."""
    from django.http import Http404

    def render(language: str, path: str) -> tuple[int, str]:
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        with translation.override(language):
            try:
                match = resolve(request.path_info)
                response = match.func(request, *match.args, **match.kwargs)
            except Http404 as exception:
                response = page_not_found(request, exception)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response.status_code, response.content.decode()

    return render


@pytest.fixture
def hub(make_condition, make_medication, make_article, make_curated_guide, make_term):
    """A published condition with a reviewer, a treatment with a medication, a guide
    published on 18 October 2025 and a glossary term its overview uses."""
    reviewer = Author.objects.create(slug="dr-rivera", name="Dr Ana Rivera", credentials="MD")
    medication = make_medication(slug="gabapentin", name="gabapentin", brands=("Neurontin",))
    condition = make_condition(
        slug="poems-syndrome",
        name="POEMS syndrome",
        also_known_as="Crow–Fukase syndrome",
        overview="## About\n\nIt harms the nerves (polyneuropathy).",
        reviewed_by=reviewer,
        last_reviewed=REVIEWED,
    )
    condition.treatments.create(name="Gabapentin for nerve pain", category="symptom_relief").medications.add(medication)
    guide = make_article(slug="living-with-poems", title="Living with POEMS")
    guide.conditions.add(condition)
    make_curated_guide(condition, guide, position=1)
    make_term("polyneuropathy", slug="polyneuropathy")
    return condition
