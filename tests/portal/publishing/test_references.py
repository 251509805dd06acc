"""Old addresses keep working; editors see where things are used; the review queue."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition, Treatment
from portal.models import Status
from portal.publishing import references
from tests.forms import change_url, client_for, form_of


@pytest.mark.parametrize("kind", ["condition", "medication", "article", "author"])
def test_a_renamed_slug_answers_301_from_the_old_address(client, make_item, make_author, kind):
    obj = (
        make_author(slug="old-name") if kind == "author" else make_item(kind, slug="old-name", status=Status.PUBLISHED)
    )
    old_url = obj.get_absolute_url()

    obj.slug = "new-name"
    obj.save()
    response = client.get(old_url + "?ref=feed")

    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url() + "?ref=feed"
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_renaming_through_the_admin_and_back_again(client, reviewer, make_article, approve):
    article = make_article(slug="first-slug")
    admin = client_for(reviewer)
    for slug in ["second-slug", "first-slug"]:
        url = change_url(article)
        data = form_of(admin, url, "article")
        data["slug"] = slug
        assert admin.post(url, data).status_code == 302
        approve(article)

    assert client.get("/articles/first-slug/").status_code == 200
    assert client.get("/articles/second-slug/")["Location"] == "/articles/first-slug/"


def test_an_old_slug_of_an_unpublished_item_stays_404(client, make_article):
    article = make_article(slug="was-here")
    article.slug = "moved"
    article.status = Status.DRAFT
    article.save()

    assert client.get("/articles/was-here/").status_code == 404


def test_the_admin_page_shows_where_an_item_is_used(
    reviewer, make_condition, make_medication, make_article, make_curated_guide
):
    hub = make_condition(name="POEMS syndrome", overview="See [gabapentin](medication:gabapentin).")
    medication = make_medication(slug="gabapentin", name="gabapentin")
    Treatment.objects.create(condition=hub, name="Nerve pain", category="symptom_relief").medications.add(medication)
    article = make_article(title="A guide", body="Try [Neurontin](medication:gabapentin).")
    make_curated_guide(hub, article)

    medication_page = client_for(reviewer).get(change_url(medication)).content.decode()
    article_page = client_for(reviewer).get(change_url(article)).content.decode()

    assert "Treatment “Nerve pain” on" in medication_page and "POEMS syndrome</a>" in medication_page
    assert "Linked from the text of" in medication_page and "A guide</a>" in medication_page
    assert "Curated guide on" in article_page


def test_broken_links_report_lists_links_to_missing_and_unpublished_pages(reviewer, make_article, make_condition):
    make_condition(slug="draft-condition", status=Status.DRAFT)
    make_condition(slug="live-condition")
    make_article(
        title="Has broken links", body="[a](condition:draft-condition) [b](article:gone) [c](condition:live-condition)"
    )
    make_article(title="All fine", body="[c](condition:live-condition)")

    html = client_for(reviewer).get("/admin/broken-links/").content.decode()

    assert "Has broken links" in html and "All fine" not in html
    assert "(condition:draft-condition)" in html and "(article:gone)" in html
    assert "(condition:live-condition)" not in html


def test_broken_links_report_lists_links_removed_as_unsafe(reviewer, make_article):
    make_article(title="Has an unsafe link", body="[leaflet](javascript:alert(1)) and [site](https://www.nhs.uk/)")
    make_article(title="All fine", body="[site](https://www.nhs.uk/)")

    html = client_for(reviewer).get("/admin/broken-links/").content.decode()

    assert "Has an unsafe link" in html and "All fine" not in html
    assert "<code>javascript:alert(1)</code>" in html
    assert "https://www.nhs.uk/" not in html


def test_the_broken_links_report_is_staff_only(client, db):
    assert client.get("/admin/broken-links/").status_code == 302


def test_archiving_something_published_pages_link_to_warns_the_editor(reviewer, make_condition, make_article):
    make_article(title="Linking guide", body="See [POEMS](condition:poems-syndrome).")
    hub = make_condition(slug="poems-syndrome", name="POEMS syndrome")
    client = client_for(reviewer)
    data = form_of(client, change_url(hub), "condition")

    response = client.post(change_url(hub), {**data, "_workflow": "archive"}, follow=True)

    assert "published pages still point to it: Linking guide" in response.content.decode()


def test_deleting_warns_on_the_confirmation_page(reviewer, make_medication, make_article):
    medication = make_medication(slug="gabapentin")
    make_article(title="Dose guide", body="[x](medication:gabapentin)")

    html = client_for(reviewer).get(change_url(medication).removesuffix("change/") + "delete/").content.decode()

    assert "about to be deleted but published pages still point to it: Dose guide" in html


@pytest.fixture
def review_dates(make_condition, make_article):
    today = timezone.localdate()
    make_condition(name="Overdue condition", last_reviewed=today - datetime.timedelta(days=1200),
                   next_review_due=today - datetime.timedelta(days=5))  # fmt: skip
    make_article(title="Due soon guide", last_reviewed=today - datetime.timedelta(days=1000),
                 next_review_due=today + datetime.timedelta(days=10))  # fmt: skip
    make_article(title="Fine for years", last_reviewed=today, next_review_due=today + datetime.timedelta(days=900))
    make_article(title="Overdue draft", status=Status.DRAFT, next_review_due=today - datetime.timedelta(days=1))


def test_review_filters_in_the_changelist(reviewer, review_dates):
    client = client_for(reviewer)

    overdue = client.get("/admin/conditions/condition/?review=overdue").content.decode()
    soon = client.get("/admin/articles/article/?review=soon").content.decode()

    assert "Overdue condition" in overdue
    assert "Due soon guide" in soon and "Fine for years" not in soon


def test_dashboard_panel_on_the_admin_index(reviewer, review_dates):
    html = client_for(reviewer).get("/admin/").content.decode()

    assert "Medical review queue" in html
    assert "Review overdue (1)" in html and "Overdue condition" in html
    assert "Due within 30 days (1)" in html and "Due soon guide" in html
    assert "Overdue draft" not in html


def test_review_due_command_prints_items_and_fails_when_overdue(review_dates):
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("review_due", stdout=out, stderr=io.StringIO())

    assert exit_info.value.code == 1
    assert "Review overdue: 1" in out.getvalue() and "Overdue condition" in out.getvalue()
    assert "Due within 30 days: 1" in out.getvalue() and "Due soon guide" in out.getvalue()


def test_review_due_command_succeeds_after_moving_the_clock_back(review_dates):
    Condition.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=400))
    Article.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=400))
    out = io.StringIO()

    call_command("review_due", stdout=out)

    assert "Review overdue: 0" in out.getvalue()


def test_links_written_with_an_old_slug_keep_working(client, make_medication, make_article):
    medication = make_medication(slug="gabapentin", name="gabapentin")
    article = make_article(body="Ask about [gabapentin](medication:gabapentin).")
    medication.slug = "gabapentin-capsules"
    medication.save()

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/medications/gabapentin-capsules/">gabapentin</a>' in html
    assert ("Linked from the text of", article) in references.where_used(medication)


def test_the_dashboard_lists_items_waiting_for_a_reviewer(reviewer, make_article):
    make_article(title="Waiting for review", status=Status.IN_REVIEW)

    html = client_for(reviewer).get("/admin/").content.decode()

    assert "Submitted for review, waiting for a medical reviewer (1)" in html and "Waiting for review" in html
