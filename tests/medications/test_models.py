import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from medications.models import BrandName


def test_brand_names_are_their_own_rows_with_slugs(make_medication):
    medication = make_medication(slug="gabapentin", name="gabapentin", brands=("Neurontin",))

    assert [(b.name, b.slug) for b in medication.brand_names.all()] == [("Neurontin", "neurontin")]


def test_a_brand_slug_is_unique_across_brands(make_medication):
    make_medication(brands=("Neurontin",))
    other = make_medication()

    with pytest.raises(IntegrityError), transaction.atomic():
        BrandName.objects.create(medication=other, name="Neurontin")


def test_a_brand_cannot_take_a_generic_names_address(make_medication):
    make_medication(slug="gabapentin", name="gabapentin")
    brand = BrandName(medication=make_medication(), name="Gabapentin")

    with pytest.raises(ValidationError) as error:
        brand.full_clean()

    assert "slug" in error.value.message_dict


def test_a_generic_cannot_take_a_brands_address(make_medication):
    make_medication(brands=("Aldactone",))
    medication = make_medication(slug="aldactone", name="not-spironolactone")

    with pytest.raises(ValidationError) as error:
        medication.full_clean()

    assert "slug" in error.value.message_dict
