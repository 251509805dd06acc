"""The role matrix: who may do what to which content type, checked with forged requests too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Status, next_review_after
from portal.publishing import working_copies
from tests.forms import change_url, client_for, form_of

KINDS = ["condition", "medication", "article"]
ROLES = ["editor", "reviewer"]


def _post_change(user, obj, changes: dict):
    client = client_for(user)
    url = change_url(obj)
    data = form_of(client, url, obj._meta.model_name)
    data.update(changes)
    return client.post(url, data)


def _refused(response) -> bool:
    return response.status_code in {200, 403} and (
        response.status_code == 403 or "errornote" in response.content.decode()
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_both_roles_edit_drafts_and_submit_them_for_review(request, make_item, kind, role):
    user = request.getfixturevalue(role)
    item = make_item(kind)

    response = _post_change(user, item, {"_workflow": "submit"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW


FUTURE = timezone.localtime() + datetime.timedelta(days=10)
PAST = timezone.now() - datetime.timedelta(days=10)

# action name → (POST changes, check on the saved item)
ACTIONS = {
    "publish button": ({"_workflow": "publish"}, lambda item: item.status == Status.PUBLISHED),
    "status set to published": ({"status": "published"}, lambda item: item.status == Status.PUBLISHED),
    "schedule": (
        {"status": "published", "published_at_0": FUTURE.strftime("%d/%m/%Y"), "published_at_1": "09:00:00"},
        lambda item: item.is_scheduled,
    ),
    "archive button": ({"_workflow": "archive"}, lambda item: item.status == Status.ARCHIVED),
    "status set to archived": ({"status": "archived"}, lambda item: item.status == Status.ARCHIVED),
    "mark reviewed": ({"_workflow": "review"}, lambda item: item.last_reviewed == timezone.localdate()),
    "review date forged": (
        {"last_reviewed": timezone.localdate().strftime("%d/%m/%Y")},
        lambda item: item.last_reviewed == timezone.localdate(),
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ACTIONS)
def test_editors_cannot_publish_schedule_archive_or_review(editor, make_item, kind, action):
    item = make_item(kind)
    changes, happened = ACTIONS[action]

    response = _post_change(editor, item, {**changes, "summary": "Changed while forging."})

    assert _refused(response), response.status_code
    item.refresh_from_db()
    assert not happened(item)
    assert item.status == Status.DRAFT and item.summary != "Changed while forging."


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "review date forged"])
def test_reviewers_can_publish_schedule_archive_and_review(reviewer, make_item, kind, action):
    item = make_item(kind)
    changes, happened = ACTIONS[action]

    response = _post_change(reviewer, item, changes)

    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert happened(item)


@pytest.mark.parametrize("kind", KINDS)
def test_marking_reviewed_records_the_reviewer_and_restarts_the_clock(reviewer, make_item, kind):
    item = make_item(kind, last_reviewed=datetime.date(2020, 1, 1), next_review_due=datetime.date(2023, 1, 1))

    _post_change(reviewer, item, {"_workflow": "review"})

    item.refresh_from_db()
    today = timezone.localdate()
    assert item.last_reviewed == today
    assert item.reviewed_by.user == reviewer
    assert item.next_review_due == next_review_after(today)
    assert 1094 <= (item.next_review_due - today).days <= 1097  # three years on, whatever the date


@pytest.mark.parametrize("kind", KINDS)
def test_saving_an_edit_does_not_move_the_review_dates(reviewer, make_item, kind):
    item = make_item(kind, last_reviewed=datetime.date(2025, 1, 1))

    _post_change(reviewer, item, {"summary": "A plain edit."})

    item.refresh_from_db()
    assert item.summary == "A plain edit."
    assert item.last_reviewed == datetime.date(2025, 1, 1)
    assert item.next_review_due == datetime.date(2028, 1, 1)


@pytest.mark.parametrize("kind", KINDS)
def test_editors_change_published_items_only_through_a_working_copy(editor, reviewer, make_item, kind):
    item = make_item(kind, status=Status.PUBLISHED, published_at=PAST)
    url = change_url(item)
    data = form_of(client_for(editor), url, kind)
    assert "status" not in data  # a working copy changes content, not the publishing state

    saved = client_for(editor).post(url, {**data, "summary": "An editor's better summary.", "status": "draft"})
    approve_url = url.removesuffix("change/") + "sign-off/"
    forged = client_for(editor).post(approve_url, {"_approve": "1"})

    assert saved.status_code == 302 and forged.status_code == 302
    item.refresh_from_db()
    assert item.summary != "An editor's better summary." and item.is_published
    copy = working_copies.copy_of(item)
    assert copy.snapshot["records"][0]["fields"]["summary"] == "An editor's better summary."
    assert copy.changed_by == editor


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("reviewer", True)])
def test_changelist_publish_action(request, make_item, kind, role, allowed):
    user = request.getfixturevalue(role)
    item = make_item(kind)
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    client_for(user).post(url, {"action": "publish_now", "_selected_action": [item.pk]})

    item.refresh_from_db()
    assert (item.status == Status.PUBLISHED) is allowed


@pytest.mark.parametrize("kind", KINDS)
def test_editors_create_drafts_but_cannot_create_published_items(editor, kind, make_author):
    client = client_for(editor)
    model = {"condition": "conditions/condition", "medication": "medications/medication", "article": "articles/article"}
    url = f"/admin/{model[kind]}/add/"
    data = form_of(client, url, kind)
    data.update({"name": f"New {kind}", "slug": f"new-{kind}", "summary": "Two plain sentences."})
    if kind == "article":
        data.update({"title": "New article", "author": [str(make_author().pk)], "body": "Text."})

    forged = client.post(url, {**data, "status": "published"})
    created = client.post(url, {**data, "status": "in_review"})

    assert forged.status_code == 200 and "Select a valid choice" in forged.content.decode()
    assert created.status_code == 302
    from django.apps import apps

    obj = apps.get_model(model[kind].replace("/", ".")).objects.get(slug=f"new-{kind}")
    assert obj.status == Status.IN_REVIEW and obj.published_at is None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("changer", "approver", "goes_live"),
    [("editor", "editor", False), ("editor", "reviewer", True), ("reviewer", "reviewer", False)],
)
def test_who_may_approve_a_working_copy(request, make_item, kind, changer, approver, goes_live):
    item = make_item(kind, status=Status.PUBLISHED, published_at=PAST, summary="The live summary.")
    url = change_url(item)
    changing = client_for(request.getfixturevalue(changer))
    changing.post(url, {**form_of(changing, url, kind), "summary": "The proposed summary.", "_workflow": "submit"})

    response = client_for(request.getfixturevalue(approver)).post(
        url.removesuffix("change/") + "sign-off/", {"_approve": "1"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.summary == "The proposed summary.") is goes_live
    assert item.is_published
    assert (working_copies.copy_of(item) is None) is goes_live
