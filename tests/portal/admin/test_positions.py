"""Ordered inlines (curated guides, treatments, care team, sources…) always read 1..n:
a row entered "at position 2" goes there and the rows after it move down."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from conditions.models import Condition
from tests.forms import read_form


@pytest.fixture
def poems(db):
    call_command("load_demo", verbosity=0)
    return Condition.objects.get(slug="poems-syndrome")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password"))
    return client


def _post_hub(admin_client, poems, change, approve) -> list[tuple[str, int]]:
    url = reverse("admin:conditions_condition_change", args=[poems.pk])
    data = read_form(admin_client.get(url).text, "condition_form")
    change(data)
    data["_save"] = ["Save"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    approve(poems)  # the live hub changes once a medical reviewer signs the working copy off
    return list(poems.curated_guides.order_by("position").values_list("article__slug", "position"))


def test_a_guide_inserted_at_position_2_moves_the_others_down(admin_client, poems, approve):
    before = list(poems.curated_guides.order_by("position").values_list("article__slug", flat=True))
    extra = Article.objects.published().exclude(curated_in__condition=poems).first()

    def insert(data):
        total = int(data["curated_guides-TOTAL_FORMS"][0])
        data["curated_guides-TOTAL_FORMS"] = [str(total + 1)]
        data[f"curated_guides-{total}-article"] = [str(extra.pk)]
        data[f"curated_guides-{total}-position"] = ["2"]
        data[f"curated_guides-{total}-note"] = [""]

    after = _post_hub(admin_client, poems, insert, approve)

    assert [slug for slug, _ in after] == [before[0], extra.slug, *before[1:]]
    assert [position for _, position in after] == list(range(1, len(before) + 2))


def test_duplicate_and_missing_positions_become_1_to_n(admin_client, poems, approve):
    before = list(poems.curated_guides.order_by("position").values_list("article__slug", flat=True))

    def crowd(data):
        data["curated_guides-0-position"] = ["3"]  # the first guide moved to third place
        data["curated_guides-4-position"] = ["40"]

    after = _post_hub(admin_client, poems, crowd, approve)

    assert [position for _, position in after] == list(range(1, len(before) + 1))
    assert [slug for slug, _ in after][:3] == [before[1], before[0], before[2]]


def test_a_new_row_left_at_zero_goes_last(admin_client, poems, approve):
    extra = Article.objects.published().exclude(curated_in__condition=poems).first()

    def append(data):
        total = int(data["curated_guides-TOTAL_FORMS"][0])
        data["curated_guides-TOTAL_FORMS"] = [str(total + 1)]
        data[f"curated_guides-{total}-article"] = [str(extra.pk)]
        data[f"curated_guides-{total}-position"] = ["0"]

    after = _post_hub(admin_client, poems, append, approve)

    assert after[-1] == (extra.slug, len(after))
