"""What editors and reviewers read in the admin: headings, messages, list states, previews."""

import datetime

from django.utils import timezone

from portal.models import Status
from tests.workflow.conftest import change_url, client_for, form_of


def test_admin_home_names_apps_for_editors(reviewer):
    html = client_for(reviewer).get("/admin/").content.decode()

    assert ">Portal<" not in html and ">Taggit<" not in html
    assert ">Authors<" in html and ">Tags<" in html


def test_workflow_buttons_answer_in_plain_words(reviewer, make_article):
    client = client_for(reviewer)
    article = make_article(title="Salt and fluid", status=Status.DRAFT, published_at=None)
    url = change_url(article)
    data = form_of(client, url, "article")

    response = client.post(url, {**data, "_workflow": "submit"}, follow=True)

    html = response.content.decode()
    assert "done." not in html
    assert "“Salt and fluid” was submitted for review." in html


def test_a_scheduled_article_is_listed_as_scheduled(reviewer, make_article):
    moment = timezone.now() + datetime.timedelta(days=30)
    make_article(title="Coming soon", status=Status.PUBLISHED, published_at=moment)

    html = client_for(reviewer).get("/admin/articles/article/").content.decode()

    assert f"Scheduled for {timezone.localtime(moment):%-d %B %Y}" in html


def test_a_stale_save_does_not_ask_to_correct_errors(reviewer, editor, make_condition):
    condition = make_condition(status=Status.DRAFT)
    first, second = client_for(editor), client_for(reviewer)
    url = change_url(condition)
    stale = form_of(first, url, "condition")
    assert second.post(url, form_of(second, url, "condition")).status_code == 302

    html = first.post(url, stale).content.decode()

    assert "Your changes have not been saved" in html
    assert "Please correct the error" not in html


def test_the_preview_warns_about_a_link_to_a_missing_or_unpublished_page(reviewer, make_medication):
    make_medication(slug="pregabalin", status=Status.DRAFT, published_at=None)
    text = "See [gabapentin](medication:gabapentin) and [pregabalin](medication:pregabalin)."

    html = client_for(reviewer).post("/markdownx/markdownify/", {"content": text}).content.decode()

    assert "not linked for patients" in html.lower()
    assert "medication:gabapentin" in html and "medication:pregabalin" in html


def test_the_preview_warns_about_a_link_whose_address_is_removed_as_unsafe(reviewer):
    text = "Read [this](javascript:alert(1)) and [that](data:text/html,hi)."

    html = client_for(reviewer).post("/markdownx/markdownify/", {"content": text}).content.decode()

    assert "removed as unsafe" in html
    assert "<code>javascript:alert(1)</code>" in html and "<code>data:text/html,hi</code>" in html
    assert "<p>Read this and that.</p>" in html
