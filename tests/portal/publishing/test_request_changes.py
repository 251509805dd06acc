"""Sending changes back: a reviewer requests changes with a reason, the editor fixes them and
submits again, another reviewer approves; and a reviewer takes a copy so others know."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from conditions.models import Condition
from portal.models import REASON_MAX_LENGTH, ReviewRequest, Status, WorkingCopyState
from portal.ops.backup import export_content
from portal.publishing import conversation, signoff, working_copies
from portal.publishing.review import copy_queues, review_queue
from tests.forms import change_url, client_for, form_of

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def _signoff_url(item) -> str:
    return change_url(item).removesuffix("change/") + "sign-off/"


@pytest.fixture
def second_reviewer(django_user_model, make_author):
    user = django_user_model.objects.create_user("sam", password="pw-second-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dr Sam Okafor", credentials="MD", user=user)
    return user


@pytest.fixture
def live(make_condition):
    return make_condition(slug="poems-syndrome", name="POEMS syndrome", summary="Dose: 500 mg a day.")


def _edit(user, item, summary: str, workflow: str = "submit"):
    client = client_for(user)
    data = form_of(client, change_url(item), item._meta.model_name)
    data["summary"] = [summary]
    if workflow:
        data["_workflow"] = [workflow]
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return response


def _request_changes(user, item, reason: str):
    return client_for(user).post(_signoff_url(item), {"_request_changes": "1", "reason": reason})


def test_the_whole_loop_submit_request_changes_fix_resubmit_approve(client, live, editor, reviewer, second_reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    copy = working_copies.copy_of(live)
    assert copy.state == WorkingCopyState.SUBMITTED
    assert copy in copy_queues(reviewer).waiting_for_me

    screen = client_for(reviewer).get(_signoff_url(live)).content.decode()
    assert "Request changes" in screen and 'name="reason"' in screen
    response = _request_changes(reviewer, live, "The dose is ten times too high: 500 mg, please fix.")
    assert response.status_code == 302

    copy.refresh_from_db()
    assert copy.state == WorkingCopyState.CHANGES_REQUESTED
    assert copy not in copy_queues(reviewer).waiting_for_me and copy not in copy_queues(second_reviewer).waiting_for_me
    assert copy in copy_queues(editor).mine
    home = client_for(editor).get(reverse("admin:index")).content.decode()
    assert "changes requested" in home
    request = ReviewRequest.objects.get()
    assert request.on_working_copy and request.requested_by == reviewer and request.answered_at is None
    # Kept in the page's history, with who and when.
    entry = LogEntry.objects.filter(object_id=str(live.pk)).latest("action_time")
    assert entry.user == reviewer and "ten times too high" in entry.change_message

    form = client_for(editor).get(change_url(live)).content.decode()
    assert "ten times too high" in form and "Changes requested by" in form
    assert form.index("ten times too high") < form.index('name="summary"')  # at the top of the form
    assert 'value="submit"' in form  # the editor can submit again

    # Saving without submitting keeps it sent back; submitting answers the request.
    _edit(editor, live, "Dose: 500 mg a day, with food.", workflow="")
    copy.refresh_from_db()
    assert copy.state == WorkingCopyState.CHANGES_REQUESTED
    _edit(editor, live, "Dose: 500 mg a day, with food.")
    copy.refresh_from_db()
    request.refresh_from_db()
    assert copy.state == WorkingCopyState.SUBMITTED and request.answered_at is not None
    assert "ten times too high" not in client_for(editor).get(change_url(live)).content.decode()
    assert copy in copy_queues(second_reviewer).waiting_for_me

    assert client_for(second_reviewer).post(_signoff_url(live), {"_approve": "1"}).status_code == 302
    assert working_copies.copy_of(live) is None
    assert "500 mg a day, with food" in client.get(live.get_absolute_url()).content.decode()


def test_an_empty_or_overlong_reason_is_refused(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")

    for reason in ["", "   \n  ", "x" * (REASON_MAX_LENGTH + 1)]:
        response = _request_changes(reviewer, live, reason)
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()

    assert working_copies.copy_of(live).state == WorkingCopyState.SUBMITTED
    assert not ReviewRequest.objects.exists()
    with pytest.raises(signoff.SignOffRefused):
        conversation.request_changes(live, reviewer, "  ")


def test_a_copy_with_changes_requested_cannot_be_approved_by_any_path(live, editor, reviewer, second_reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _request_changes(reviewer, live, "Fix the dose.")

    screen = client_for(second_reviewer).get(_signoff_url(live)).content.decode()
    assert "Approve and publish" not in screen and "asked for changes" in screen
    client_for(second_reviewer).post(_signoff_url(live), {"_approve": "1"})
    changelist = reverse("admin:conditions_condition_changelist")
    client_for(second_reviewer).post(changelist, {"action": "publish_now", "_selected_action": [live.pk]})
    with pytest.raises(signoff.SignOffRefused, match="asked for changes"):
        signoff.publish(live, second_reviewer)

    assert working_copies.copy_of(live).state == WorkingCopyState.CHANGES_REQUESTED
    live.refresh_from_db()
    assert live.summary == "Dose: 500 mg a day."


def test_a_draft_in_review_is_sent_back_to_draft(make_condition, editor, reviewer):
    draft = make_condition(status=Status.DRAFT, published_at=None, summary="Draft summary.")
    _edit(editor, draft, "Draft summary, ready.")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and draft in review_queue().submitted

    assert _request_changes(reviewer, draft, "Add the usual dose.").status_code == 302

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft not in review_queue().submitted
    request = ReviewRequest.objects.get()
    assert not request.on_working_copy and request.answered_at is None
    assert "Add the usual dose." in client_for(editor).get(change_url(draft)).content.decode()
    assert "Add the usual dose." in reversion_comments(draft)
    # Nothing left to send back until it is submitted again.
    with pytest.raises(signoff.SignOffRefused):
        conversation.request_changes(draft, reviewer, "Again.")

    _edit(editor, draft, "Draft summary, with the usual dose.")
    draft.refresh_from_db()
    request.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and request.answered_at is not None


def reversion_comments(item) -> str:
    from reversion.models import Version  # only these tests read the revisions' comments

    return " ".join(version.revision.get_comment() for version in Version.objects.get_for_object(item))


def test_taking_and_releasing_a_copy_shows_in_the_queue_and_to_others(live, editor, reviewer, second_reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    url = _signoff_url(live)
    assert 'name="_take"' in client_for(reviewer).get(url).content.decode()

    assert client_for(reviewer).post(url, {"_take": "1"}).status_code == 302
    copy = working_copies.copy_of(live)
    assert copy.taken_by == reviewer and copy.taken_at is not None
    panel = client_for(second_reviewer).get(reverse("admin:index")).content.decode()
    assert "taken by rhys since" in panel
    other = client_for(second_reviewer).get(url).content.decode()
    assert "Taken by rhys</strong> since" in other
    assert "Approve and publish" in other  # they may still act, and are told
    assert "You are reviewing this" in client_for(reviewer).get(url).content.decode()

    client_for(reviewer).post(url, {"_release": "1"})
    copy.refresh_from_db()
    assert copy.taken_by is None
    assert "taken by" not in client_for(second_reviewer).get(reverse("admin:index")).content.decode()

    # Requesting changes releases it; so does approving.
    client_for(reviewer).post(url, {"_take": "1"})
    _request_changes(reviewer, live, "Fix the dose.")
    copy.refresh_from_db()
    assert copy.taken_by is None
    _edit(editor, live, "Dose: 500 mg a day.")
    client_for(second_reviewer).post(url, {"_take": "1"})
    client_for(second_reviewer).post(url, {"_approve": "1", "go_live_at": "2099-01-01T09:00"})
    copy.refresh_from_db()
    assert copy.state == WorkingCopyState.APPROVED and copy.taken_by is None


def test_an_editor_cannot_take_a_copy(live, editor, reviewer):
    _edit(reviewer, live, "Dose: 5000 mg a day.")
    client_for(editor).post(_signoff_url(live), {"_take": "1"})
    assert working_copies.copy_of(live).taken_by is None


def test_a_hostile_reason_is_inert_everywhere(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _request_changes(reviewer, live, HOSTILE)
    assert ReviewRequest.objects.get().reason == HOSTILE

    pages = [
        client_for(editor).get(change_url(live)),
        client_for(reviewer).get(_signoff_url(live)),
        client_for(reviewer).get(change_url(live).removesuffix("change/") + "history/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in pages[0].content.decode()


def test_anonymous_visitors_the_api_and_exports_never_see_it(client, live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _request_changes(reviewer, live, "Secret reviewer note about the dose.")

    for url in [live.get_absolute_url(), f"/api/v1/conditions/{live.slug}", _signoff_url(live), change_url(live)]:
        assert "Secret reviewer note" not in client.get(url).content.decode()
    assert "Secret reviewer note" not in export_content() and "reviewrequest" not in export_content()


def test_an_editor_cannot_request_changes(live, editor, reviewer, second_reviewer):
    _edit(second_reviewer, live, "Dose: 5000 mg a day.")
    assert "Request changes" not in client_for(editor).get(_signoff_url(live)).content.decode()

    _request_changes(editor, live, "I want it back.")

    assert working_copies.copy_of(live).state == WorkingCopyState.SUBMITTED
    assert not ReviewRequest.objects.exists()
    with pytest.raises(signoff.SignOffRefused):
        conversation.request_changes(live, editor, "I want it back.")


def test_a_reviewer_in_another_language_cannot_request_changes(make_condition, editor, reviewer):
    spanish = make_condition(status=Status.IN_REVIEW, published_at=None, language="es")

    _request_changes(reviewer, spanish, "No.")

    spanish.refresh_from_db()
    assert spanish.status == Status.IN_REVIEW and not ReviewRequest.objects.exists()
    with pytest.raises(signoff.SignOffRefused, match="reviews in"):
        conversation.request_changes(spanish, reviewer, "No.")


def test_staff_without_change_permission_do_not_see_the_request(django_user_model, live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _request_changes(reviewer, live, "Only for the editors.")
    viewer = django_user_model.objects.create_user("vic", password="pw-viewer-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_condition"))

    for url in [change_url(live), _signoff_url(live)]:
        response = client_for(viewer).get(url)
        assert response.status_code in {200, 403}
        assert "Only for the editors." not in response.content.decode()
    response = client_for(viewer).post(_signoff_url(live), {"_request_changes": "1", "reason": "Mine."})
    assert response.status_code == 403
    assert ReviewRequest.objects.count() == 1
    assert Condition.objects.get(pk=live.pk).summary == "Dose: 500 mg a day."
