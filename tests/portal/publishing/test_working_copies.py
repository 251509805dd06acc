"""Working copies and medical sign-off: changes to live pages wait for a second look."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from portal.models import PublishingRefused, Status
from portal.publishing import signoff, working_copies
from tests.forms import change_url, client_for, form_of


@pytest.fixture
def poems(db):
    call_command("load_demo", verbosity=0)
    return Condition.objects.get(slug="poems-syndrome")


def _signoff_url(item) -> str:
    return change_url(item).removesuffix("change/") + "sign-off/"


def _edit_hub(client, poems, workflow: str = "submit") -> None:
    """Change a dose in a treatment and insert a guide at position 2, as an editor would,
    and submit the change for review (or only save it: `workflow=""`)."""
    url = change_url(poems)
    data = form_of(client, url, "condition")
    data["treatments-0-description"] = [data["treatments-0-description"][0] + " Usually 900 mg a day."]
    extra = Article.objects.published().exclude(curated_in__condition=poems).first()
    total = int(data["curated_guides-TOTAL_FORMS"][0])
    data["curated_guides-TOTAL_FORMS"] = [str(total + 1)]
    data[f"curated_guides-{total}-article"] = [str(extra.pk)]
    data[f"curated_guides-{total}-position"] = ["2"]
    if workflow:
        data["_workflow"] = [workflow]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return extra


def test_an_editors_change_to_the_live_hub_waits_for_a_reviewer(client, poems, editor, reviewer):
    hub_before = client.get("/conditions/poems-syndrome/").content.decode()
    editor_client, reviewer_client = client_for(editor), client_for(reviewer)

    extra = _edit_hub(editor_client, poems)

    # Patients, search and the sitemap still get the published hub.
    public = client.get("/conditions/poems-syndrome/").content.decode()
    assert "900 mg" not in public and extra.title not in public.split("Guides")[1]
    assert public.count("900 mg") == hub_before.count("900 mg")
    # The editor sees the copy in the form, and cannot approve it, even by a forged POST.
    assert "900 mg" in editor_client.get(change_url(poems)).content.decode()
    editor_client.post(_signoff_url(poems), {"_approve": "1"})
    assert "900 mg" not in client.get("/conditions/poems-syndrome/").content.decode()
    # The reviewer sees what changed, with the dose flagged, and approves.
    signoff_page = reviewer_client.get(_signoff_url(poems)).content.decode()
    assert "numbers changed" in signoff_page.lower() and "Approve and publish" in signoff_page
    assert reviewer_client.post(_signoff_url(poems), {"_approve": "1"}).status_code == 302

    live = client.get("/conditions/poems-syndrome/").content.decode()
    assert "900 mg" in live and "Dr Rhys Morgan" in live
    guides = list(poems.curated_guides.order_by("position").values_list("article_id", "position"))
    assert guides[1] == (extra.pk, 2) and [p for _, p in guides] == list(range(1, len(guides) + 1))
    assert working_copies.copy_of(poems) is None


def test_the_page_as_published_on_a_past_date_is_the_version_patients_saw(poems, editor, reviewer):
    _edit_hub(client_for(editor), poems)
    signoff.publish(poems, reviewer)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    url = change_url(poems).removesuffix("change/") + "as-published/"

    old = client_for(editor).get(url, {"on": yesterday})
    today = client_for(editor).get(url, {"on": timezone.localdate().isoformat()})

    assert old.status_code == 200 and "900 mg" not in old.content.decode()
    assert "As published on" in old.content.decode() and "no-store" in old["Cache-Control"]
    assert "900 mg" in today.content.decode()
    assert client_for(editor).get(url, {"on": "2001-01-01"}).status_code == 404
    assert client_for(editor).get(url, {"on": "not-a-date"}).status_code == 400
    assert client_for(editor).get(url, {"on": "2026-02-30"}).status_code == 400
    assert working_copies.publications_of(poems).count() == 2


def test_the_preview_shows_the_copy_and_the_public_address_says_there_is_one(client, poems, editor):
    _edit_hub(client_for(editor), poems)
    preview_url = change_url(poems).removesuffix("change/") + "working-copy/preview/"

    preview = client_for(editor).get(preview_url)
    staff_view = client_for(editor).get("/conditions/poems-syndrome/")

    assert "Unpublished changes" in preview.content.decode() and "900 mg" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"] and "noindex" in preview["X-Robots-Tag"]
    assert "900 mg" not in staff_view.content.decode() and preview_url in staff_view.content.decode()
    assert client.get(preview_url).status_code == 302  # anonymous: to the log-in page


def test_whoever_changed_the_copy_last_may_not_approve_it(poems, reviewer):
    _edit_hub(client_for(reviewer), poems)

    with pytest.raises(signoff.SignOffRefused, match="last change"):
        signoff.publish(poems, reviewer)
    with override_settings(SIGN_OFF_SELF_APPROVAL=True):
        assert signoff.publish(poems, reviewer) == "Approved and published"


def test_approving_twice_publishes_once(poems, editor, reviewer, approve):
    _edit_hub(client_for(editor), poems)
    approve(poems)

    with pytest.raises(signoff.SignOffRefused):
        signoff.publish(poems, reviewer)
    assert working_copies.publications_of(poems).count() == 2


def test_a_scheduled_change_goes_live_when_its_time_comes(client, poems, editor, approve):
    _edit_hub(client_for(editor), poems)
    go_live = timezone.now() + datetime.timedelta(hours=2)

    assert approve(poems, go_live_at=go_live).startswith("Approved")
    assert "900 mg" not in client.get("/conditions/poems-syndrome/").content.decode()
    assert signoff.publish_scheduled(now=timezone.now()) == []
    call_command("publish_scheduled", verbosity=0)  # not due yet: nothing happens
    assert signoff.publish_scheduled(now=go_live + datetime.timedelta(seconds=1)) == ["POEMS syndrome"]

    assert "900 mg" in client.get("/conditions/poems-syndrome/").content.decode()


def test_discarding_a_copy_keeps_the_live_page(poems, editor):
    _edit_hub(client_for(editor), poems)
    discard_url = change_url(poems).removesuffix("change/") + "working-copy/discard/"

    assert client_for(editor).post(discard_url, {"confirm": "yes"}).status_code == 302
    assert working_copies.copy_of(poems) is None
    assert "900 mg" not in client_for(editor).get(change_url(poems)).content.decode()


def test_code_cannot_put_an_item_live_without_sign_off(make_article, reviewer, editor):
    article = make_article(status=Status.DRAFT, published_at=None)
    article.status = Status.PUBLISHED
    with pytest.raises(PublishingRefused):
        article.save()
    with pytest.raises(PublishingRefused):
        Article.objects.create(
            title="Sneaky", slug="sneaky", summary="s", body="b", author=article.author, status="published"
        )

    with pytest.raises(signoff.SignOffRefused):
        signoff.publish(Article.objects.get(pk=article.pk), editor)
    signoff.publish(Article.objects.get(pk=article.pk), reviewer)

    article.refresh_from_db()
    assert article.is_published and article.reviewed_by.name == "Dr Rhys Morgan"
    assert article.last_reviewed == timezone.localdate()


def test_a_published_article_names_its_reviewer_for_patients(client, make_article, reviewer):
    article = make_article(status=Status.DRAFT, published_at=None)
    signoff.publish(article, reviewer)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Dr Rhys Morgan" in page and "not yet reviewed" not in page


def test_the_admin_home_lists_copies_waiting_for_my_sign_off(poems, editor, reviewer):
    _edit_hub(client_for(editor), poems)

    reviewer_home = client_for(reviewer).get("/admin/").content.decode()
    editor_home = client_for(editor).get("/admin/").content.decode()

    assert "Waiting for my sign-off" in reviewer_home and _signoff_url(poems) in reviewer_home
    assert "Waiting for my sign-off" not in editor_home and "My working copies" in editor_home


def test_a_copy_saved_after_a_form_was_opened_is_not_overwritten(poems, editor, reviewer):
    url = change_url(poems)
    stale = form_of(client_for(reviewer), url, "condition")
    _edit_hub(client_for(editor), poems)
    stale["summary"] = ["The reviewer's rewrite."]

    refused = client_for(reviewer).post(url, stale)

    assert refused.status_code == 200 and "Your changes have not been saved" in refused.content.decode()
    assert "900 mg" in str(working_copies.copy_of(poems).snapshot)


def test_editing_and_previewing_a_copy_leaves_cached_pages_alone(poems, editor):
    from portal.caching import generation as cache_generation

    generation = cache_generation.current_generation()
    _edit_hub(client_for(editor), poems)
    client_for(editor).get(change_url(poems))
    client_for(editor).get(change_url(poems).removesuffix("change/") + "working-copy/preview/")

    assert cache_generation.current_generation() == generation


def test_an_impossible_go_live_time_is_a_clear_message(poems, editor, reviewer):
    _edit_hub(client_for(editor), poems)

    response = client_for(reviewer).post(
        _signoff_url(poems), {"_approve": "1", "go_live_at": "2026-02-30T09:00"}, follow=True
    )

    assert response.status_code == 200 and "Enter the go-live time" in response.content.decode()
    assert working_copies.copy_of(poems) is not None


def test_cached_pages_keep_the_published_hub_until_the_sign_off(client, settings, poems, editor, approve):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    assert client.get("/conditions/poems-syndrome/")["X-Cache"] == "miss"

    _edit_hub(client_for(editor), poems)
    waiting = client.get("/conditions/poems-syndrome/")
    approve(poems)
    live = client.get("/conditions/poems-syndrome/")

    assert waiting["X-Cache"] == "hit" and "900 mg" not in waiting.content.decode()
    assert live["X-Cache"] == "miss" and "900 mg" in live.content.decode()


@pytest.mark.skipif(__import__("django.db").db.connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_the_same_moment_publish_once(
    editorial_roles, editor, reviewer, make_author, django_user_model
):
    import threading

    from django.contrib.auth.models import Group

    call_command("load_demo", verbosity=0)
    poems = Condition.objects.get(slug="poems-syndrome")
    _edit_hub(client_for(editor), poems)
    second = django_user_model.objects.create_user("rowan", password="pw-rowan-123", is_staff=True)
    second.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dr Rowan Hale", credentials="MD", user=second)
    start, results = threading.Barrier(2), []

    def approve_as(user):
        start.wait()
        try:
            results.append(signoff.publish(Condition.objects.get(pk=poems.pk), user))
        except signoff.SignOffRefused as refused:
            results.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_as, args=(user,)) for user in (reviewer, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results)[0] == "Approved and published" and results.count("Approved and published") == 1
    assert working_copies.publications_of(poems).count() == 2


def test_the_change_form_says_it_shows_the_working_copy_with_its_links(poems, editor):
    _edit_hub(client_for(editor), poems)

    html = client_for(editor).get(change_url(poems)).content.decode()

    assert "You are editing the working copy" in html
    assert 'working-copy/preview/">Preview the working copy' in html and "sign-off/" in html


def test_a_copy_still_being_edited_cannot_be_approved_on_any_path(client, poems, editor, reviewer):
    _edit_hub(client_for(editor), poems, workflow="")  # saved, never submitted for review
    reviewer_client = client_for(reviewer)

    screen = reviewer_client.get(_signoff_url(poems)).content.decode()
    forged = reviewer_client.post(_signoff_url(poems), {"_approve": "1"}, follow=True).content.decode()
    listed = reviewer_client.post(
        "/admin/conditions/condition/",
        {"action": "publish_now", "_selected_action": [str(poems.pk)]},
        follow=True,
    ).content.decode()

    assert 'name="_approve"' not in screen and "still being edited" in screen
    assert "still being edited" in forged and "still being edited" in listed
    with pytest.raises(signoff.SignOffRefused, match="still being edited"):
        signoff.publish(poems, reviewer)
    assert working_copies.copy_of(poems) is not None
    assert working_copies.publications_of(poems).count() == 1
    assert "900 mg" not in client.get("/conditions/poems-syndrome/").content.decode()


def test_discarding_a_copy_asks_first_and_works_without_javascript(poems, editor):
    _edit_hub(client_for(editor), poems)
    editor_client = client_for(editor)
    discard_url = change_url(poems).removesuffix("change/") + "working-copy/discard/"

    screen = editor_client.get(_signoff_url(poems)).content.decode()
    question = editor_client.get(discard_url)
    unconfirmed = editor_client.post(discard_url)

    assert f'href="{discard_url}"' in screen and f'action="{discard_url}"' not in screen
    page = question.content.decode()
    assert question.status_code == 200 and "Are you sure you want to discard" in page
    assert 'id="header"' in page and 'name="confirm" value="yes"' in page and "<script>" not in page
    assert unconfirmed.status_code == 200 and "Are you sure you want to discard" in unconfirmed.content.decode()
    assert working_copies.copy_of(poems) is not None

    done = editor_client.post(discard_url, {"confirm": "yes"}, follow=True)

    assert "the working copy was discarded" in done.content.decode()
    assert working_copies.copy_of(poems) is None


@pytest.mark.parametrize(
    ("on", "status", "says"),
    [
        ("2001-01-01", 404, "was not published on 1 January 2001"),
        ("", 400, "Choose a date"),
        ("not-a-date", 400, "Choose a date"),
        ("2026-02-30", 400, "Choose a date"),
    ],
    ids=["before-the-first-publication", "empty", "not-a-date", "no-such-day"],
)
def test_as_published_on_a_day_it_cannot_show_answers_inside_the_admin(settings, poems, editor, on, status, says):
    settings.DEBUG = True  # where Django would otherwise show its technical 404 page
    url = change_url(poems).removesuffix("change/") + "as-published/"

    response = client_for(editor).get(url, {"on": on})

    html = response.content.decode()
    assert response.status_code == status and response["Content-Type"].startswith("text/html")
    assert says in html
    assert 'id="header"' in html and 'class="breadcrumbs"' in html  # the admin's own layout
    assert 'name="on"' in html and "Versions patients were shown" not in html
    assert change_url(poems).removesuffix("change/") + "history/" in html
