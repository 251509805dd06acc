"""What editors and reviewers read in the admin: headings, messages, list states, previews."""

import datetime
import re

from django.utils import timezone

from portal.models import Status
from tests.forms import change_url, client_for, form_of, read_form


def form_of_html(html: str) -> dict:
    return read_form(html, "article_form")


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


def _field_errors(html: str, name: str) -> str:
    """The error list the admin shows on a field's row, empty when it has none."""
    row = re.split(rf'class="form-row[^"]*\bfield-{name}\b', html, maxsplit=1)[1].split('class="form-row', 1)[0]
    return row.split('<ul class="errorlist', 1)[1].split("</ul>", 1)[0] if "errorlist" in row else ""


def test_an_impossible_publication_date_is_a_field_error_and_the_typed_values_stay(reviewer, make_article):
    client = client_for(reviewer)
    article = make_article(status=Status.DRAFT, published_at=None)
    url = change_url(article)
    data = form_of(client, url, "article")
    data.update({"status": "published", "published_at_0": "2027-02-31", "published_at_1": "09:00"})

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date" in _field_errors(html, "published_at")
    typed = form_of_html(html)
    assert typed["status"] == ["published"]  # still a choice, not read-only text
    assert typed["published_at_0"] == ["2027-02-31"] and typed["published_at_1"] == ["09:00"]
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.published_at is None

    typed["published_at_0"] = ["2027-02-28"]  # the editor corrects the day and saves again
    assert client.post(url, typed).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and timezone.localtime(article.published_at).date() == datetime.date(2027, 2, 28)


def test_any_error_keeps_the_publishing_fields_editable(reviewer, make_article):
    client = client_for(reviewer)
    article = make_article(status=Status.DRAFT, published_at=None)
    url = change_url(article)
    data = form_of(client, url, "article")
    data.update({"status": "published", "title": ""})

    html = client.post(url, data).content.decode()

    assert "This field is required" in _field_errors(html, "title")
    assert form_of_html(html)["status"] == ["published"]
    assert 'name="published_at_0"' in html
