"""Editors' work end to end in a real Chromium: write with the live preview, curate the live
hub in its working copy, submit; a reviewer compares and signs both off; then a reader finds
the guide on the hub. Every step is what people do."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from conditions.models import Condition
from portal.models import Author

from .test_admin_pages import sign_in

TITLE = "Living with tingling feet"


def make_staff(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-browser", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def choose(page, field_id: str, typed: str, option: str) -> None:
    """Pick `option` in an autocomplete field, typing as a person does."""
    page.locator(f"#{field_id}").locator("xpath=following-sibling::span[contains(@class,'select2')]").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_write_curate_submit_sign_off_and_read(live_server, new_page, django_user_model, editorial_roles):
    call_command("load_demo", verbosity=0)
    make_staff(django_user_model, "edna", "Editors")
    reviewer = make_staff(django_user_model, "rhys", "Medical reviewers")
    Author.objects.filter(slug="amira-haddad").update(user=reviewer)

    # The editor writes a draft; the live preview renders under the site's CSP.
    editor = new_page(width=1280)
    sign_in(editor, live_server, "edna", "pw-edna-browser")
    editor.goto(live_server.url + "/admin/articles/article/add/")
    editor.locator("#id_title").fill(TITLE)
    choose(editor, "id_author", "Ruaridh", "Ruaridh Wood")
    editor.locator("#id_summary").fill("Small steps that make numb or tingling feet safer day to day.")
    editor.locator("#id_body").fill(
        "## Check your feet\n\nLook at your feet every evening. [Gabapentin](medication:gabapentin) may help."
    )
    preview = editor.locator("#id_body").locator("xpath=ancestor::div[contains(@class,'markdownx')]")
    expect(preview.locator(".markdownx-preview h2")).to_have_text("Check your feet")
    expect(preview.locator('.markdownx-preview a[href="/medications/gabapentin/"]')).to_have_text("Gabapentin")
    choose(editor, "id_conditions", "POEMS", "POEMS syndrome")
    editor.get_by_role("button", name="Save and continue editing").click()
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")

    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text(f"“{TITLE}” was submitted for review.")
    article = Article.objects.get(title=TITLE)

    # The editor also puts it first among the live hub's curated guides: a working copy.
    poems = Condition.objects.get(slug="poems-syndrome")
    editor.goto(live_server.url + f"/admin/conditions/condition/{poems.pk}/change/")
    group = editor.locator("#curated_guides-group")
    group.locator(".add-row a").click()
    new_row = group.locator("tr.dynamic-curated_guides").last
    new_row.locator("input[name$='-position']").fill("1")
    new_row.locator(".select2-selection").click()
    editor.locator(".select2-container--open .select2-search__field").fill("tingling")
    editor.locator(".select2-results__option", has_text=TITLE).first.click()
    new_row.locator("input[name$='-note']").fill("Start here if your feet feel numb.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Working copy submitted for review")

    # Not public yet: neither the guide nor the hub's new list.
    reader = new_page(width=390)
    assert reader.goto(live_server.url + article.get_absolute_url()).status == 404
    reader.goto(live_server.url + "/conditions/poems-syndrome/")
    expect(reader.locator("#guides")).not_to_contain_text(TITLE)

    # The reviewer compares the guide's two versions, then signs it off from the queue.
    review = new_page(width=1280)
    sign_in(review, live_server, "rhys", "pw-rhys-browser")
    review.goto(live_server.url + f"/admin/articles/article/{article.pk}/history/")
    review.get_by_role("button", name="Show differences").click()
    expect(review.get_by_role("heading", level=1)).to_have_text(f"Changes to “{TITLE}”")
    expect(review.locator(".version-diff")).to_contain_text("In review")
    review.goto(live_server.url + "/admin/")
    review.locator(".review-panel").get_by_role("link", name=TITLE).click()
    approve(review)
    expect(review.locator(".messagelist")).to_contain_text(f"“{TITLE}”: Approved and published.")

    # Then the hub's working copy, waiting for their sign-off, with the new guide listed.
    review.goto(live_server.url + "/admin/")
    review.locator(".review-panel").get_by_role("link", name="POEMS syndrome").first.click()
    expect(review.locator(".version-diff").last).to_contain_text(TITLE)
    approve(review)
    expect(review.locator(".messagelist")).to_contain_text("“POEMS syndrome”: Approved and published.")

    # A reader sees it first on the hub, and opens it.
    reader.goto(live_server.url + "/conditions/poems-syndrome/")
    guides = reader.locator("#guides")
    expect(guides.get_by_role("heading", level=3).first).to_have_text(TITLE)
    expect(guides).to_contain_text("Start here if your feet feel numb.")
    guides.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("main")).to_contain_text("Look at your feet every evening.")


def approve(page) -> None:
    """Press "Approve and publish" on a sign-off screen, giving a reason when the page reads
    above its target grade."""
    reason = page.locator("#id_readability_reason")
    if reason.count():
        reason.fill("Names of treatments patients need to recognise.")
    page.get_by_role("button", name="Approve and publish").click()
