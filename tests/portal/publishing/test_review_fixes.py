"""Holes found in review: history views, shared lists, and their fixes."""

from django.core.management import call_command
from reversion.models import Version

from conditions.models import Condition
from portal.models import Status
from portal.publishing import working_copies
from tests.forms import change_url, client_for, form_of


def _history_url(obj) -> str:
    return change_url(obj).removesuffix("change/") + "history/"


def _save(client, obj, changes):
    data = form_of(client, change_url(obj), obj._meta.model_name)
    data.update(changes)
    return client.post(change_url(obj), data)


def test_an_editor_reverting_a_published_page_only_proposes_the_old_version(editor, reviewer, make_article):
    article = make_article(status=Status.DRAFT, summary="Draft words.")
    _save(client_for(editor), article, {})
    _save(client_for(reviewer), article, {"_workflow": "publish"})
    _save(client_for(reviewer), article, {})  # nothing changed: no working copy
    draft_version = Version.objects.get_for_object(article).order_by("pk").first()
    revert_url = _history_url(article) + f"{draft_version.pk}/"

    response = client_for(editor).post(revert_url, form_of(client_for(editor), revert_url, "article"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published
    copy = working_copies.copy_of(article)
    assert copy is not None and copy.snapshot["records"][0]["fields"]["status"] == "published"


def test_an_editor_cannot_roll_back_review_dates_by_reverting(editor, reviewer, make_article):
    article = make_article(status=Status.DRAFT)
    _save(client_for(reviewer), article, {})
    _save(client_for(reviewer), article, {"_workflow": "review"})
    before_review = Version.objects.get_for_object(article).order_by("pk").first()

    response = client_for(editor).get(_history_url(article) + f"{before_review.pk}/")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.last_reviewed is not None


def test_a_version_of_another_object_or_model_is_a_404(reviewer, make_article, make_medication):
    article = make_article(status=Status.DRAFT)
    medication = make_medication(status=Status.DRAFT)
    _save(client_for(reviewer), medication, {})
    medication_version = Version.objects.get_for_object(medication).first()

    revert = client_for(reviewer).post(_history_url(article) + f"{medication_version.pk}/", {})
    recover = client_for(reviewer).post(f"/admin/articles/article/recover/{medication_version.pk}/", {})

    assert revert.status_code == 404 and recover.status_code == 404


def test_only_reviewers_bring_deleted_pages_back(editor, reviewer, make_article):
    article = make_article(status=Status.PUBLISHED, title="Deleted guide")
    _save(client_for(reviewer), article, {})
    version = Version.objects.get_for_object(article).first()
    article.delete()

    refused = client_for(editor).post(f"/admin/articles/article/recover/{version.pk}/", {})

    assert refused.status_code == 403
    assert not type(article).objects.filter(title="Deleted guide").exists()


def test_a_stale_revert_is_refused(reviewer, db, approve):
    call_command("load_demo", verbosity=0)
    poems = Condition.objects.get(slug="poems-syndrome")
    first, second = client_for(reviewer), client_for(reviewer)
    version = Version.objects.get_for_object(poems).first()
    revert_url = _history_url(poems) + f"{version.pk}/"
    stale_revert = form_of(first, revert_url, "condition")

    _save(second, poems, {"summary": "Saved while the revert page was open."})
    refused = first.post(revert_url, stale_revert)

    assert refused.status_code == 200 and "Your changes have not been saved" in refused.content.decode()
    approve(poems)
    poems.refresh_from_db()
    assert poems.summary == "Saved while the revert page was open."


def test_editors_cannot_change_what_published_pages_show_through_shared_lists(editor, make_author):
    author = make_author(name="Dr Amira Haddad", credentials="MD")
    client = client_for(editor)

    refused = client.post(
        f"/admin/portal/author/{author.pk}/change/", {"name": "X", "slug": "x", "credentials": "Quack"}
    )

    assert refused.status_code == 403
    author.refresh_from_db()
    assert author.credentials == "MD"
    assert client.get("/admin/taggit/tag/add/").status_code == 200  # adding is fine
    assert "taggeditem" not in client.get("/admin/taggit/tag/add/").content.decode().lower()
    assert client.get("/admin/portal/author/add/").status_code == 200


def test_revert_keeps_working_for_reviewers_after_the_checks(reviewer, make_article):
    article = make_article(status=Status.DRAFT, summary="First words.")
    client = client_for(reviewer)
    _save(client, article, {})
    _save(client, article, {"summary": "Second words."})
    first = Version.objects.get_for_object(article).order_by("pk").first()

    data = form_of(client, _history_url(article) + f"{first.pk}/", "article")
    assert client.post(_history_url(article) + f"{first.pk}/", data).status_code == 302

    article.refresh_from_db()
    assert article.summary == "First words."
