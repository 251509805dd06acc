"""Comments on pending changes: on the whole page, one field or one row, beside it on the
form and on the sign-off screen; resolve and reopen; the record kept with the version that
went live; e-mails; hostile, long and odd text; who may see it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conditions.models import Treatment
from portal.models import COMMENT_MAX_LENGTH, CommentKind, ReviewComment, ReviewRequest, Status
from portal.ops.backup import export_content
from portal.publishing import conversation, working_copies
from tests.forms import change_url, client_for, form_of

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def _url(item, view: str) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk])


@pytest.fixture
def second_reviewer(django_user_model, make_author):
    user = django_user_model.objects.create_user(
        "sam", password="pw-second-123", is_staff=True, email="sam@example.org"
    )
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dr Sam Okafor", credentials="MD", user=user)
    return user


@pytest.fixture
def people(editor, reviewer):
    editor.email, reviewer.email = "edna@example.org", "rhys@example.org"
    editor.save()
    reviewer.save()
    return editor, reviewer


@pytest.fixture
def live(make_condition):
    condition = make_condition(slug="poems-syndrome", name="POEMS syndrome", summary="Dose: 500 mg a day.")
    Treatment.objects.create(
        condition=condition, name="Lenalidomide", category="disease_directed", description="25 mg a day.", position=1
    )
    Treatment.objects.create(
        condition=condition, name="Gabapentin", category="symptom_relief", description="For nerve pain.", position=2
    )
    return condition


def _edit(user, item, summary: str, workflow: str = "submit", treatment: str | None = None):
    client = client_for(user)
    data = form_of(client, change_url(item), item._meta.model_name)
    data["summary"] = [summary]
    if treatment is not None:
        data["treatments-0-description"] = [treatment]
    if workflow:
        data["_workflow"] = [workflow]
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return response


def _comment(user, item, body: str, on: str = "", next_view: str = "signoff"):
    return client_for(user).post(_url(item, "conversation"), {"on": on, "body": body, "next": next_view})


def _treatment_key(item, name: str) -> str:
    return f"row:conditions.treatment:{Treatment.objects.get(condition=item, name=name).pk}"


def test_a_comment_on_one_treatment_shows_beside_it_on_the_form_and_on_the_difference(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.", treatment="250 mg a day.")
    key = _treatment_key(live, "Lenalidomide")

    response = _comment(reviewer, live, "Is 250 mg right? The guideline says 25 mg.", on=key)
    assert response.status_code == 302 and response["Location"].endswith(
        f"sign-off/#comment-{ReviewComment.objects.get().pk}"
    )
    comment = ReviewComment.objects.get()
    assert (comment.row_model, comment.field, comment.author) == ("conditions.treatment", "", reviewer)
    assert comment.target_label == "Treatment: Lenalidomide"

    screen = client_for(reviewer).get(_url(live, "signoff")).content.decode()
    difference = screen.index("Treatment: Lenalidomide")  # the treatment's changed description
    assert difference < screen.index("The guideline says 25 mg") < screen.index("Gabapentin")
    form = client_for(editor).get(change_url(live)).content.decode()
    beside = form.index('name="treatments-0-description"')
    assert form.index("treatments-0") < form.index("The guideline says 25 mg") < beside
    assert form.index("The guideline says 25 mg") > form.index('name="summary"')
    assert 'form="conversation-actions" name="_resolve"' in form and 'id="conversation-actions"' in form


def test_a_comment_on_a_field_says_when_the_field_changed_under_it(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    form = client_for(reviewer).get(change_url(live)).content.decode()  # before any comment: a link per field and row
    assert "Comment on “Summary”" in form and "Comment on “Treatment: Lenalidomide”" in form
    assert "Comment on “Status”" not in form and "Comment on “Created at”" not in form
    _comment(reviewer, live, "Ten times too high.", on="field:summary")
    form = client_for(editor).get(change_url(live)).content.decode()
    assert "Ten times too high." in form and "Changed since this comment." not in form
    assert form.index('name="summary"') < form.index("Ten times too high.") < form.index('name="overview"')

    _edit(editor, live, "Dose: 500 mg a day.", workflow="")  # a later save keeps the comment

    form = client_for(editor).get(change_url(live)).content.decode()
    assert "Ten times too high." in form and "Changed since this comment." in form
    assert conversation.thread(live).remarks[0].changed


def test_a_comment_on_a_removed_row_is_kept_on_the_whole_page(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _comment(reviewer, live, "Why gabapentin here?", on=_treatment_key(live, "Gabapentin"))
    client = client_for(editor)
    data = form_of(client, change_url(live), "condition")
    data["treatments-1-DELETE"] = ["on"]
    assert client.post(change_url(live), data).status_code == 302

    remark = conversation.thread(live).remarks[0]
    assert remark.gone and remark in conversation.thread(live).general
    form = client.get(change_url(live)).content.decode()
    assert "Why gabapentin here?" in form and "no longer part of the page" in form


def test_resolve_and_reopen_are_recorded_with_who_and_when(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _comment(reviewer, live, "Check the dose.", on="field:summary")
    comment = ReviewComment.objects.get()

    response = client_for(editor).post(_url(live, "conversation"), {"_resolve": comment.pk, "next": "change"})
    assert response.status_code == 302 and response["Location"].endswith(f"change/#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == editor
    assert "Resolved by edna" in client_for(reviewer).get(_url(live, "signoff")).content.decode()

    client_for(reviewer).post(_url(live, "conversation"), {"_reopen": comment.pk})
    comment.refresh_from_db()
    assert not comment.is_resolved
    events = list(ReviewComment.objects.exclude(kind=CommentKind.COMMENT).values_list("kind", "author__username"))
    assert events == [("resolved", "edna"), ("reopened", "rhys")]
    # Unknown, foreign or malformed comment numbers are refused without a 500.
    for value in ["nope", "999999", "", "99999999999999999999999", "-1"]:
        assert client_for(editor).post(_url(live, "conversation"), {"_resolve": value}).status_code == 302


def test_a_comment_on_a_draft_in_review(make_condition, editor, reviewer):
    draft = make_condition(status=Status.IN_REVIEW, published_at=None, summary="New draft.")
    _comment(editor, draft, "Ready for a look.", on="")
    assert "Ready for a look." in client_for(reviewer).get(_url(draft, "signoff")).content.decode()
    assert "Ready for a look." in client_for(editor).get(change_url(draft)).content.decode()


def test_the_record_is_kept_with_the_version_that_went_live(live, editor, reviewer, second_reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    client_for(reviewer).post(_url(live, "signoff"), {"_request_changes": "1", "reason": "Fix the dose."})
    _edit(editor, live, "Dose: 500 mg a day.")
    _comment(editor, live, "Fixed, thanks.", on="field:summary")
    comment = ReviewComment.objects.get()
    client_for(reviewer).post(_url(live, "conversation"), {"_resolve": comment.pk})

    response = client_for(second_reviewer).post(_url(live, "signoff"), {"_approve": "1"})
    assert response.status_code == 302
    publication = working_copies.publications_of(live).first()
    assert ReviewRequest.objects.get().publication == publication
    assert set(ReviewComment.objects.values_list("publication", flat=True)) == {publication.pk}
    assert conversation.thread(live).remarks == []  # the next copy starts a new conversation

    history = client_for(editor).get(_url(live, "history")).content.decode()
    for said in [
        "Fix the dose.",
        "Fixed, thanks.",
        "Comment resolved",
        "Dr Sam Okafor",
        f"review-record-{publication.pk}",
    ]:
        assert said in history
    assert history.index("Fix the dose.") < history.index("Fixed, thanks.")
    # "As published on" points to that record.
    day = publication.published_at.date().isoformat()
    as_published = client_for(editor).get(_url(live, "as_published") + f"?on={day}").content.decode()
    assert f"#review-record-{publication.pk}" in as_published


def test_nothing_of_it_is_public(client, live, editor, reviewer, approve):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _comment(reviewer, live, "Secret comment about the dose.", on="field:summary")
    approve(live)
    assert ReviewComment.objects.get().publication is not None

    for url in [live.get_absolute_url(), f"/api/v1/conditions/{live.slug}", "/sitemap.xml", "/search/?q=secret"]:
        assert "Secret comment" not in client.get(url).content.decode()
    for url in [_url(live, "conversation"), _url(live, "history"), _url(live, "signoff")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    exported = export_content()
    assert "Secret comment" not in exported and "reviewcomment" not in exported


def test_hostile_text_is_inert_and_odd_text_is_never_a_500(live, editor, reviewer, people):
    _edit(editor, live, "Dose: 5000 mg a day.")
    assert _comment(reviewer, live, HOSTILE, on="field:summary").status_code == 302
    mail.outbox.clear()
    _comment(editor, live, "Answer.", on="")
    pages = [
        client_for(editor).get(change_url(live)),
        client_for(reviewer).get(_url(live, "signoff")),
        client_for(reviewer).get(_url(live, "conversation")),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;alert" in html
    assert all(HOSTILE not in message.body and "<script>" not in message.body for message in mail.outbox)

    too_long = _comment(reviewer, live, "x" * (COMMENT_MAX_LENGTH + 1), on="")
    assert too_long.status_code == 400 and "at most 2000 characters" in too_long.content.decode()
    for body, on in [("nul\x00byte", ""), ("ok", "field:no_such"), ("ok", "row:x:1")]:
        response = _comment(reviewer, live, body, on=on)
        assert response.status_code in {302, 400}
    lone_surrogate = client_for(reviewer).post(
        _url(live, "conversation"),
        "on=&body=lone+%ED%A0%80+surrogate",
        content_type="application/x-www-form-urlencoded",
    )
    assert lone_surrogate.status_code == 302
    assert ReviewComment.objects.filter(kind=CommentKind.COMMENT).count() in {2, 3}
    assert all("\x00" not in comment.body for comment in ReviewComment.objects.all())
    assert _comment(reviewer, live, "   ", on="").status_code == 400


def test_only_people_who_may_change_or_review_it_see_the_conversation(django_user_model, live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    _comment(reviewer, live, "Only for the team.", on="field:summary")
    viewer = django_user_model.objects.create_user("vic", password="pw-viewer-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_condition"))

    assert client_for(viewer).get(_url(live, "conversation")).status_code == 403
    assert _comment(viewer, live, "Mine.").status_code == 403
    assert client_for(viewer).post(_url(live, "conversation"), {"_resolve": 1}).status_code == 403
    for view in ["change", "history", "signoff"]:
        response = client_for(viewer).get(_url(live, view))
        assert "Only for the team." not in response.content.decode()
    assert ReviewComment.objects.count() == 1


def test_emails_on_request_submission_and_comment_without_medical_content(
    live, people, second_reviewer, django_capture_on_commit_callbacks
):
    editor, reviewer = people
    with django_capture_on_commit_callbacks(execute=True):
        _edit(editor, live, "Dose: 5000 mg a day.")
    submitted = {message.to[0] for message in mail.outbox}
    assert submitted == {"rhys@example.org", "sam@example.org"}  # the reviewers of conditions in English
    assert all("POEMS syndrome" in m.body and "5000" not in m.body for m in mail.outbox)
    assert all("http://testserver/admin/conditions/condition/" in m.body for m in mail.outbox)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(reviewer).post(_url(live, "signoff"), {"_request_changes": "1", "reason": "The dose is wrong."})
    assert [m.to for m in mail.outbox] == [["edna@example.org"]]
    assert "The dose is wrong" not in mail.outbox[0].body and "Changes requested" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _comment(reviewer, live, "Also check 5000 mg.", on="field:summary")
    assert mail.outbox == []  # nobody else in the thread yet
    with django_capture_on_commit_callbacks(execute=True):
        _comment(editor, live, "On it: 500 mg.", on="field:summary")
    assert [m.to for m in mail.outbox] == [["rhys@example.org"]]
    assert "500 mg" not in mail.outbox[0].body
    assert "http://testserver/admin/conditions/condition/" in mail.outbox[0].body


def test_an_email_is_in_the_recipients_language(live, people, django_capture_on_commit_callbacks):
    editor, reviewer = people
    _edit(editor, live, "Dose: 5000 mg a day.")
    client_for(reviewer).post(
        _url(live, "conversation"), {"on": "", "body": "Revise."}, HTTP_ACCEPT_LANGUAGE="es"
    )  # the reviewer works in Spanish
    with django_capture_on_commit_callbacks(execute=True):
        _comment(editor, live, "Done.")
    assert [m.to for m in mail.outbox] == [["rhys@example.org"]]
    assert "enfermedad" in mail.outbox[0].body  # "condition", in Spanish


def test_no_email_leaves_when_the_change_is_rolled_back(live, people, django_capture_on_commit_callbacks):
    editor, reviewer = people
    _edit(editor, live, "Dose: 5000 mg a day.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _comment(editor, live, "Hello.")
    assert mail.outbox == [] and len(callbacks) <= 1


def test_taking_a_draft_in_review(make_condition, editor, reviewer, second_reviewer):
    draft = make_condition(status=Status.IN_REVIEW, published_at=None)
    client_for(reviewer).post(_url(draft, "signoff"), {"_take": "1"})
    screen = client_for(second_reviewer).get(_url(draft, "signoff")).content.decode()
    assert "Taken by Dr Rhys" in screen or "Taken by rhys" in screen
    assert "You are reviewing this" in client_for(reviewer).get(_url(draft, "signoff")).content.decode()
    home = client_for(second_reviewer).get(reverse("admin:index")).content.decode()
    assert "taken by rhys since" in home
    client_for(editor).post(_url(draft, "signoff"), {"_take": "1"})  # editors cannot take it
    assert conversation.taken(draft, None).by == reviewer
    client_for(reviewer).post(_url(draft, "signoff"), {"_release": "1"})
    assert conversation.taken(draft, None) is None


def test_the_conversation_page_costs_the_same_queries_as_comments_grow(live, editor, reviewer):
    _edit(editor, live, "Dose: 5000 mg a day.")
    for n in range(2):
        conversation.add_comment(live, reviewer, f"Comment {n}", "field:summary")
    client = client_for(editor)
    client.get(_url(live, "conversation"))
    # Queries: session, user, the item, its working copy (twice: targets, the request), the
    # comments with their authors, the open request, the sign-off addresses.
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(live, "conversation")).status_code == 200
    for n in range(20):
        comment = conversation.add_comment(live, editor, f"More {n}", _treatment_key(live, "Lenalidomide"))
        conversation.resolve(live, comment.pk, reviewer)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(live, "conversation")).status_code == 200
    assert len(many) == len(few)


def test_a_mail_server_that_is_down_does_not_fail_the_comment(
    live, people, settings, django_capture_on_commit_callbacks, caplog
):
    editor, reviewer = people
    _edit(editor, live, "Dose: 5000 mg a day.")
    _comment(reviewer, live, "First.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 5629, 1  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        response = _comment(editor, live, "Second.")
    assert response.status_code == 302
    assert ReviewComment.objects.filter(body="Second.").exists()
    assert "Review e-mails not sent" in caplog.text


@pytest.mark.parametrize("kind", ["condition", "medication", "article", "term"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_content_type_in_both_languages_takes_comments_on_a_field(
    kind, language, make_item, make_term, editor, django_user_model, make_author
):
    reviewer = django_user_model.objects.create_user("rosa", password="pw-rosa-123", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dra Rosa Vidal", user=reviewer, reviews_in=["en", "es"])
    if kind == "term":
        item = make_term(status=Status.IN_REVIEW, published_at=None, language=language)
    else:
        item = make_item(kind, status=Status.IN_REVIEW, language=language)
    field = next(target for target in conversation.pending_targets(item) if target.key.startswith("field:"))

    response = _comment(reviewer, item, f"Please check the {kind}.", on=field.key)

    assert response.status_code == 302
    assert f"Please check the {kind}." in client_for(editor).get(change_url(item)).content.decode()
    assert f"Please check the {kind}." in client_for(reviewer).get(_url(item, "conversation")).content.decode()
    history = client_for(reviewer).get(_url(item, "history")).content.decode()
    assert "About the changes waiting now" in history and f"Please check the {kind}." in history


def test_a_spanish_submission_is_mailed_to_the_reviewers_of_spanish_only(
    make_condition, people, django_user_model, make_author, django_capture_on_commit_callbacks
):
    editor, reviewer = people  # reviews in English only
    revisora = django_user_model.objects.create_user(
        "rosa", password="pw-rosa-123", is_staff=True, email="rosa@example.org"
    )
    revisora.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dra Rosa Vidal", user=revisora, reviews_in=["es"])
    source = make_condition(summary="Summary.")
    spanish = make_condition(
        status=Status.DRAFT, published_at=None, language="es", translation_of=source, summary="Resumen."
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(change_url(spanish), {**form_of(client_for(editor), change_url(spanish), "condition"),
                                                     "_workflow": ["submit"]})  # fmt: skip

    spanish.refresh_from_db()
    assert spanish.status == Status.IN_REVIEW
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]


def test_a_live_page_without_a_working_copy_has_nothing_to_comment_on(live, editor, reviewer):
    response = _comment(reviewer, live, "A remark on the live page.")
    assert response.status_code == 400 and "no changes waiting for sign-off" in response.content.decode()
    assert not ReviewComment.objects.exists()
    assert "Comment on “Summary”" not in client_for(editor).get(change_url(live)).content.decode()
