"""The form on every content page, in each language, in a page that stays cached and shared."""

import re

import pytest
from django.core.cache import cache

from feedback.models import Feedback
from portal.publishing.signoff import record_publication


def _form(html: str) -> str:
    match = re.search(r'<section class="page-feedback".*?</section>', html, re.S)
    assert match, "no feedback form on the page"
    return match.group()


@pytest.fixture
def pages(make_condition, make_medication, make_article, make_term, make_author):
    reviewer = make_author(reviews_in=["en", "es"])
    items = []
    for make in (make_condition, make_medication, make_article, make_term):
        item = make(reviewed_by=reviewer)
        items.append(item)
        items.append(make(language="es", translation_of=item, reviewed_by=reviewer))
    return [(item, record_publication(item, reviewer)) for item in items]


def test_every_content_page_asks_in_its_language_and_names_the_version_read(client, pages):
    for item, publication in pages:
        response = client.get(item.get_absolute_url())
        form = _form(response.content.decode())
        assert f'name="page" value="{item._meta.label_lower}:{item.pk}"' in form
        assert f'name="version" value="{publication.pk}"' in form
        assert 'id="feedback-heading"' in form
        action = re.search(r'action="([^"]+)"', form).group(1)
        assert action.startswith("/es/") == (item.language == "es"), item.get_absolute_url()
        assert "csrfmiddlewaretoken" not in form
        assert not response.cookies


def test_the_form_carries_nothing_about_the_visitor(client, pages):
    item, _ = pages[0]
    first = client.get(item.get_absolute_url(), REMOTE_ADDR="192.0.2.1").content.decode()
    second = client.get(item.get_absolute_url(), REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="other").content.decode()
    assert _form(first) == _form(second)


def test_a_preview_has_no_form(admin_client, make_condition):
    draft = make_condition(status="draft", published_at=None)
    assert "page-feedback" not in admin_client.get(draft.get_absolute_url()).content.decode()


def test_lists_and_the_home_page_have_no_form(client, make_condition):
    make_condition()
    for url in ("/", "/conditions/", "/es/", "/search/?q=poems"):
        assert "page-feedback" not in client.get(url).content.decode()


def test_the_page_stays_a_cache_hit_while_feedback_comes_in(client, settings, hub, answer):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    english, version, _ = hub["en"]
    first = client.get(english.get_absolute_url())
    assert first["X-Cache"] == "miss"

    sent = answer(english, version, reason="medical_error", text="The dose looks wrong")

    assert sent.status_code == 303 and not sent.cookies
    again = client.get(english.get_absolute_url())
    assert again["X-Cache"] == "hit" and not again.cookies
    assert again.content == first.content
    assert "public" in again["Cache-Control"]
    assert Feedback.objects.count() == 1


def test_the_form_obeys_the_content_security_policy(client, hub):
    english, _, _ = hub["en"]
    response = client.get(english.get_absolute_url())
    form = _form(response.content.decode())
    assert "form-action 'self'" in response["Content-Security-Policy"]
    assert "style=" not in form and "<script" not in form and " on" not in re.sub(r'"[^"]*"', "", form)


def test_a_flood_of_answers_leaves_the_page_a_hit(client, settings, hub, answer, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    settings.FEEDBACK_LIMIT_GLOBAL = 15
    cache.clear()
    english, version, _ = hub["en"]
    client.get(english.get_absolute_url())
    codes = [answer(english, version, text=f"spam {n}", address=f"203.0.113.{n}").status_code for n in range(40)]
    assert codes.count(429) == 25 and Feedback.objects.count() == 15

    # At most the database's content generation, which a process reads once a second.
    with django_assert_max_num_queries(1):
        again = client.get(english.get_absolute_url())
    assert again["X-Cache"] == "hit"
