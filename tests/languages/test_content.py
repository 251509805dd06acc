"""Content in several languages: a row per language version, linked to the item it translates."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conditions.models import Condition
from medications.models import Medication
from portal.models import Status


@pytest.fixture
def hub(make_condition):
    return make_condition(name="POEMS syndrome", slug="poems-syndrome")


def spanish(source, **fields):
    """A published Spanish version of `source`, signed off."""
    obj = type(source)(translation_of=source, language="es", status=Status.PUBLISHED, **fields)
    obj._signed_off = True
    obj.save()
    return obj


def test_a_spanish_version_may_share_nothing_but_its_source(hub):
    version = spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una enfermedad rara.")
    assert version.source == hub
    assert hub.source == hub
    assert list(hub.translations.all()) == [version]


def test_slugs_and_names_are_unique_within_a_language_not_across(hub, make_condition):
    # The same slug in Spanish is a different address (/es/…), so it is allowed.
    spanish(hub, name="POEMS syndrome", slug="poems-syndrome", summary="Igual.")
    other = Condition(name="POEMS syndrome", slug="poems-syndrome", summary="A copy.")
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug" in str(error.value) or "name" in str(error.value)


def test_a_form_is_told_of_a_taken_slug_in_its_language_even_without_the_language_field(hub):
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    other = Condition(translation_of=hub, language="es", name="Otro", slug="sindrome-poems", summary="Dos.")
    with pytest.raises(ValidationError) as error:
        other.full_clean(exclude=["language", "translation_of"])
    assert "Another item in this language has this slug." in str(error.value)


def test_one_version_per_language(hub):
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    second = Condition(translation_of=hub, language="es", name="POEMS", slug="poems", summary="Dos.")
    with pytest.raises(ValidationError, match="already has a version in this language"):
        second.full_clean()


@pytest.mark.parametrize(
    ("language", "has_source", "message"),
    [
        ("es", False, "needs its source item"),
        ("en", True, "in another language than its source"),
        ("xx", True, "not one of the site's languages"),
    ],
)
def test_a_version_says_what_it_is_a_version_of(hub, language, has_source, message):
    version = Condition(
        name="Versión", slug="version", summary="Una.", language=language, translation_of=hub if has_source else None
    )
    with pytest.raises(ValidationError, match=message):
        version.full_clean()


def test_a_translation_of_a_translation_is_refused(hub):
    version = spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    nested = Condition(name="Otra", slug="otra", summary="Dos.", language="es", translation_of=version)
    with pytest.raises(ValidationError, match="not one of its translations"):
        nested.full_clean()


def test_english_pages_list_english_items_only(hub):
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    with translation.override("en-gb"):
        assert list(Condition.objects.published()) == [hub]


def test_spanish_pages_list_the_spanish_version_or_else_the_english_item(hub, make_condition):
    untranslated = make_condition(name="Organomegaly", slug="organomegaly")
    version = spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    with translation.override("es"):
        shown = set(Condition.objects.published())
    assert shown == {version, untranslated}


def test_an_unpublished_spanish_version_leaves_the_english_item_in_spanish_lists(hub):
    draft = spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    draft.status = Status.DRAFT
    draft.save()
    assert list(Condition.objects.published("es")) == [hub]


def test_a_translation_is_deleted_with_its_source(make_medication):
    source = make_medication(name="Gabapentin", slug="gabapentin")
    spanish(source, name="Gabapentina", slug="gabapentina", summary="Para el dolor nervioso.")
    source.delete()
    assert not Medication.objects.filter(slug="gabapentina").exists()
