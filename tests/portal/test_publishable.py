import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication
from portal.models import Status, next_review_after
from portal.plain_text import add_months, slugify_title

NOW = timezone.now()


@pytest.fixture(params=["condition", "medication", "article"])
def make_item(request, make_condition, make_medication, make_article):
    return {"condition": make_condition, "medication": make_medication, "article": make_article}[request.param]


def test_published_includes_items_whose_time_has_come(make_item):
    item = make_item(status=Status.PUBLISHED, published_at=NOW - datetime.timedelta(minutes=1))

    assert list(type(item).objects.published()) == [item]
    assert item.is_published


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Status.DRAFT, -1),
        (Status.IN_REVIEW, -1),
        (Status.ARCHIVED, -1),
        (Status.PUBLISHED, +1),  # scheduled: published, but its time has not come
    ],
)
def test_published_excludes_drafts_review_archived_and_scheduled(make_item, status, offset):
    item = make_item(status=status, published_at=NOW + datetime.timedelta(days=offset))

    assert not type(item).objects.published().exists()
    assert not item.is_published


def test_scheduled_item_becomes_public_when_its_time_passes(make_article):
    article = make_article(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert not Article.objects.published().exists()

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))

    assert list(Article.objects.published()) == [article]


def test_publishing_without_a_time_sets_it_to_now(make_article):
    article = make_article(status=Status.PUBLISHED, published_at=None)

    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_database_refuses_a_published_row_without_a_time(make_condition):
    condition = make_condition()

    with pytest.raises(IntegrityError), transaction.atomic():
        Condition.objects.filter(pk=condition.pk).update(published_at=None)


def test_next_review_defaults_to_three_years_after_the_last(make_medication):
    medication = make_medication(last_reviewed=datetime.date(2024, 2, 29))

    assert medication.next_review_due == datetime.date(2027, 2, 28)
    assert next_review_after(datetime.date(2025, 10, 18)) == datetime.date(2028, 10, 18)


def test_database_refuses_a_review_due_before_the_last_review(make_medication):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_medication(last_reviewed=datetime.date(2025, 1, 1), next_review_due=datetime.date(2024, 1, 1))


@pytest.mark.parametrize("model", [Condition, Medication, Article])
def test_slugs_are_unique_in_the_database(model, make_condition, make_medication, make_article):
    make = {Condition: make_condition, Medication: make_medication, Article: make_article}[model]
    make(slug="same")

    with pytest.raises(IntegrityError), transaction.atomic():
        make(slug="same", **({"name": "Other name"} if model is not Article else {}))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks",
         "lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks"),
        ("multi\u2011system disorder", "multi-system-disorder"),
        ("Crow\u2013Fukase syndrome", "crow-fukase-syndrome"),
        ("It\u2019s \u201cpins and needles\u201d", "its-pins-and-needles"),
        ("Neuro\u2011pain 40s\u201160s", "neuro-pain-40s-60s"),
        ("Café au lait spots", "cafe-au-lait-spots"),
    ],
)  # fmt: skip
def test_titles_with_typographic_characters_slugify_cleanly(title, slug):
    assert slugify_title(title) == slug


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 14) == datetime.date(2027, 1, 15)
