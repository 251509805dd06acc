import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, translate_url
from django.utils import translation

from config.views import page_not_found
from portal.models import Author

REVIEWED = datetime.date(2025, 10, 1)


@pytest.fixture
def render_in():
    """A public page's HTML at its address in `language` (an English address is translated:
    `/conditions/x/` → `/es/condiciones/x/`), by calling its view under translation.override.
    A 404 is the site's 404 page, rendered in the same language."""
    from django.http import Http404

    def render(language: str, path: str) -> tuple[int, str]:
        with translation.override(settings.LANGUAGE_CODE):
            path = translate_url(path, language)  # /conditions/x/ → /es/condiciones/x/
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
    term = make_term("polyneuropathy", slug="polyneuropathy")
    # Spanish versions with the same slugs (and, for these tests of the interface, the same
    # text): the Spanish pages are at the English addresses translated.
    condition_es = spanish_version(condition)
    spanish_version(condition.treatments.get(), condition=condition_es).medications.add(medication)
    for item in (medication, guide, term):
        spanish_version(item)
    return condition


def spanish_version(obj, **fields):
    """A copy of `obj` as its published Spanish version (or, for a part, as the Spanish version's part)."""
    copy = type(obj)._default_manager.get(pk=obj.pk)
    copy.pk = copy.id = None
    for key, value in fields.items():
        setattr(copy, key, value)
    if hasattr(copy, "translation_of_id"):
        copy.translation_of, copy.language, copy._signed_off = obj, "es", True
    copy._state.adding = True
    copy.save()
    return copy
