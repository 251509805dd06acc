"""The admin as editors meet it: every page opens, and a change saved with its inlines is stored."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication
from tests.forms import read_form

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    assert Group.objects.filter(name__in=["Editors", "Medical reviewers"]).count() == 2  # made by a migration


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password")
    client.force_login(user)
    return client


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_answers(demo, editor_client, model, rf):
    obj = model._default_manager.first()
    assert obj is not None, f"the demo content has no {model._meta.label}"
    request = rf.get("/admin/")
    request.user = editor_client.get("/admin/").wsgi_request.user
    # Some rows are never added in the admin (patients' feedback): their add page is refused.
    addable = admin.site._registry[model].has_add_permission(request)

    for url in (_url(model, "changelist"), _url(model, "change", obj.pk)):
        response = editor_client.get(url)
        assert response.status_code == 200, url
    assert editor_client.get(_url(model, "add")).status_code == (200 if addable else 403)


@pytest.mark.parametrize(
    "query",
    ["status__exact=published", "kind__exact=guide", "tags__id__exact=1", "author__id__exact=1", "q=lenalidomide"],
)
def test_article_changelist_filters_and_search(demo, editor_client, query):
    response = editor_client.get(_url(Article, "changelist") + "?" + query)

    assert response.status_code == 200
    assert "Lenalidomide for POEMS" in response.text or "0 articles" in response.text


def test_search_finds_a_medication_by_brand_name(demo, editor_client):
    response = editor_client.get(_url(Medication, "changelist") + "?q=Neurontin")

    assert "gabapentin" in response.text
    assert "spironolactone" not in response.text


def test_condition_change_page_has_the_markdown_preview_and_every_inline(demo, editor_client):
    poems = Condition.objects.get(slug="poems-syndrome")

    html = editor_client.get(_url(Condition, "change", poems.pk)).text

    assert 'class="markdownx"' in html or "markdownx-editor" in html
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
    for heading in ["Care team", "Components and related conditions", "Treatments", "Curated guides"]:
        assert heading.lower() in html.lower(), heading


def test_a_condition_saved_through_the_admin_form_keeps_its_inlines(demo, editor_client, approve):
    poems = Condition.objects.get(slug="poems-syndrome")
    url = _url(Condition, "change", poems.pk)
    data = read_form(editor_client.get(url).text, "condition_form")
    assert int(data["treatments-TOTAL_FORMS"][0]) == 10

    data["typical_onset"] = ["Adults, most often between 45 and 60."]
    data["treatments-0-name"] = ["High-dose melphalan and stem-cell rescue"]
    data["curated_guides-0-position"] = ["9"]
    data["curated_guides-1-DELETE"] = ["on"]
    total = int(data["treatments-TOTAL_FORMS"][0])
    data["treatments-TOTAL_FORMS"] = [str(total + 1)]
    data.update(
        {
            f"treatments-{total}-position": ["11"],
            f"treatments-{total}-category": ["monitoring"],
            f"treatments-{total}-name": ["VEGF blood test"],
            f"treatments-{total}-description": ["Tracks disease activity."],
            f"treatments-{total}-medications": [],
            "_save": ["Save"],
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    poems.refresh_from_db()
    assert poems.typical_onset != "Adults, most often between 45 and 60."  # a working copy until signed off
    approve(poems)
    poems.refresh_from_db()
    assert poems.typical_onset == "Adults, most often between 45 and 60."
    treatments = list(poems.treatments.values_list("name", flat=True))
    assert treatments[0] == "High-dose melphalan and stem-cell rescue"
    assert treatments[-1] == "VEGF blood test"
    guides = list(poems.curated_guides.values_list("article__slug", flat=True))
    assert "stem-cell-transplant-for-poems-syndrome-what-to-expect" not in guides
    assert guides[-1] == "lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks"


def test_an_invalid_inline_shows_a_form_error_and_changes_nothing(demo, editor_client):
    poems = Condition.objects.get(slug="poems-syndrome")
    url = _url(Condition, "change", poems.pk)
    data = read_form(editor_client.get(url).text, "condition_form")
    data["name"] = ["POEMS syndrome (edited)"]
    data["curated_guides-1-article"] = data["curated_guides-0-article"]  # the same guide twice

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Please correct" in response.text
    poems.refresh_from_db()
    assert poems.name == "POEMS syndrome"


def test_a_medication_with_a_new_brand_is_saved_through_the_admin(demo, editor_client, approve):
    medication = Medication.objects.get(slug="furosemide")
    url = _url(Medication, "change", medication.pk)
    data = read_form(editor_client.get(url).text, "medication_form")
    index = int(data["brand_names-TOTAL_FORMS"][0])
    data["brand_names-TOTAL_FORMS"] = [str(index + 1)]
    data[f"brand_names-{index}-name"] = ["Frusol"]
    data[f"brand_names-{index}-slug"] = ["frusol"]

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(medication.brand_names.values_list("name", flat=True)) == ["Lasix"]
    approve(medication)
    assert list(medication.brand_names.values_list("name", flat=True)) == ["Frusol", "Lasix"]


def test_an_article_added_through_the_admin_with_tags_and_sources(demo, editor_client):
    url = _url(Article, "add")
    data = read_form(editor_client.get(url).text, "article_form")
    author = Article.objects.first().author
    data.update(
        {
            "title": ["Caring for Numb Feet"],
            "slug": ["caring-for-numb-feet"],
            "kind": ["self_care"],
            "author": [str(author.pk)],
            "summary": ["Simple daily checks."],
            "body": ["## Check daily\n\nLook at your feet every evening."],
            "tags": ["feet, self-care"],
            "status": ["draft"],
            "sources-TOTAL_FORMS": ["1"],
            "sources-0-title": ["Foot care advice"],
            "sources-0-publisher": ["A podiatry society"],
            "sources-0-position": ["1"],
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    article = Article.objects.get(slug="caring-for-numb-feet")
    assert sorted(article.tags.names()) == ["feet", "self-care"]
    assert list(article.sources.values_list("title", flat=True)) == ["Foot care advice"]
    assert article.status == "draft" and article.published_at is None


def test_markdown_preview_is_for_staff_and_uses_the_public_renderer(demo, editor_client):
    text = "[POEMS](condition:poems-syndrome) <script>alert(1)</script>"

    assert Client().post("/markdownx/markdownify/", {"content": text}).status_code == 302  # to the log-in page

    response = editor_client.post("/markdownx/markdownify/", {"content": text})
    assert response.status_code == 200
    assert '<a href="/conditions/poems-syndrome/">POEMS</a>' in response.text
    assert "<script>" not in response.text
