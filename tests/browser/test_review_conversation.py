"""The review conversation in a real Chromium: a reviewer sends the POEMS hub's working copy
back with a reason and a comment on one treatment; the editor sees both, fixes the dose,
resolves the comment and submits again; a second reviewer approves; the history keeps the
exchange with the version that went live; visitors and the API never see any of it."""

import json

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conditions.models import Condition
from portal.models import Author

from .conftest import screenshot
from .test_admin_pages import sign_in
from .test_editor_flow import approve, make_staff

TREATMENT = "Lenalidomide or bortezomib when transplant is not possible"
REASON = "The lenalidomide dose is ten times too high: please check it."
COMMENT = "Guideline dose is 25 mg a day, days 1 to 21."


def test_request_changes_comment_fix_resubmit_approve(live_server, new_page, django_user_model, editorial_roles, axe):
    call_command("load_demo", verbosity=0)
    make_staff(django_user_model, "edna", "Editors")
    first = make_staff(django_user_model, "rhys", "Medical reviewers")
    second = make_staff(django_user_model, "sam", "Medical reviewers")
    Author.objects.filter(slug="amira-haddad").update(user=first)
    Author.objects.filter(slug="tomasz-nowak").update(user=second)
    poems = Condition.objects.get(slug="poems-syndrome", language="en")
    change = f"{live_server.url}/admin/conditions/condition/{poems.pk}/change/"
    signoff = f"{live_server.url}/admin/conditions/condition/{poems.pk}/sign-off/"
    violations = []

    # The editor changes a treatment's dose in the live hub's working copy and submits it.
    editor = new_page(width=1280)
    sign_in(editor, live_server, "edna", "pw-edna-browser")
    editor.goto(change)
    row = editor.locator("#treatments-group .inline-related", has_text=TREATMENT)
    dose = row.locator("textarea[name$='-description']")
    dose.fill("Lenalidomide 250 mg a day, with dexamethasone.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Working copy submitted for review")

    # The first reviewer comments on that treatment and sends the copy back with a reason.
    reviewer = new_page(width=1280)
    sign_in(reviewer, live_server, "rhys", "pw-rhys-browser")
    reviewer.goto(signoff)
    reviewer.locator("#id_on").select_option(label=f"Treatment: {TREATMENT}")
    reviewer.locator("#id_body").fill(COMMENT)
    reviewer.get_by_role("button", name="Add the comment").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Your comment is added.")
    difference = reviewer.locator(".version-diff tr", has_text=TREATMENT)
    expect(difference.locator(".remark")).to_contain_text(COMMENT)
    violations += axe(reviewer)
    screenshot(reviewer, "review-conversation-signoff", 1280)
    reviewer.locator("#id_reason").fill(REASON)
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("sent back to its editors")

    # The editor sees the reason at the top of the form and the comment beside the treatment.
    editor.goto(change)
    expect(editor.locator(".review-request")).to_contain_text(REASON)
    row = editor.locator("#treatments-group .inline-related", has_text=TREATMENT)
    expect(row.locator(".remark")).to_contain_text(COMMENT)
    violations += axe(editor)
    screenshot(editor, "review-conversation-form", 1280)
    row.locator("textarea[name$='-description']").fill("Lenalidomide 25 mg a day on days 1 to 21, with dexamethasone.")
    editor.get_by_role("button", name="Save and continue editing").click()
    row = editor.locator("#treatments-group .inline-related", has_text=TREATMENT)
    expect(row.locator(".remark")).to_contain_text("Changed since this comment.")
    row.get_by_role("button", name="Resolve").click()
    expect(editor.locator(".messagelist")).to_contain_text("The comment is resolved.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Working copy submitted for review")
    editor.goto(f"{live_server.url}/admin/conditions/condition/{poems.pk}/conversation/")
    expect(editor.locator(".remark.resolved")).to_contain_text("Resolved by edna")
    violations += axe(editor)

    # The second reviewer approves; the history keeps the whole exchange with that version.
    other = new_page(width=1280)
    sign_in(other, live_server, "sam", "pw-sam-browser")
    other.goto(signoff)
    expect(other.locator(".version-diff tr", has_text=TREATMENT)).to_contain_text(COMMENT)
    approve(other)
    expect(other.locator(".messagelist")).to_contain_text("“POEMS syndrome”: Approved and published.")
    other.goto(f"{live_server.url}/admin/conditions/condition/{poems.pk}/history/")
    record = other.locator(".review-record")
    for said in [REASON, COMMENT, "Comment resolved", "Changes submitted again", "Dr Tomasz Nowak"]:
        expect(record).to_contain_text(said)
    violations += axe(other)
    other.locator("#as-published-on").fill(timezone.localdate().isoformat())
    other.get_by_role("button", name="Show", exact=True).click()
    other.get_by_role("link", name="The review record of this version").click()
    expect(other.locator(".review-record")).to_contain_text(COMMENT)

    # Visitors and the API see the fixed dose, never the conversation.
    visitor = new_page(width=390)
    visitor.goto(live_server.url + "/conditions/poems-syndrome/")
    expect(visitor.locator("main")).to_contain_text("25 mg a day on days 1 to 21")
    for text in [REASON, COMMENT, "Resolved"]:
        expect(visitor.locator("body")).not_to_contain_text(text)
    api = visitor.request.get(live_server.url + "/api/v1/conditions/poems-syndrome")
    assert api.ok and REASON not in api.text() and COMMENT not in api.text()
    assert "dose is ten times" not in json.dumps(api.json())
    assert violations == [], "\n".join(violations)
