"""Editors' work end to end in a real Chromium: write with the live preview, submit, compare,
publish, curate; then a reader finds the guide on the hub. Every step is what people do."""

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


def test_write_submit_compare_publish_curate_and_read(live_server, new_page, django_user_model, editorial_roles):
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

    # Not public yet.
    reader = new_page(width=390)
    assert reader.goto(live_server.url + article.get_absolute_url()).status == 404

    # The reviewer finds it in the queue, compares the two versions and publishes.
    review = new_page(width=1280)
    sign_in(review, live_server, "rhys", "pw-rhys-browser")
    review.get_by_role("link", name=TITLE).click()
    review.get_by_role("link", name="History").click()
    review.get_by_role("button", name="Show differences").click()
    expect(review.get_by_role("heading", level=1)).to_have_text(f"Changes to “{TITLE}”")
    expect(review.locator(".version-diff")).to_contain_text("In review")
    review.go_back()
    review.go_back()
    review.get_by_role("button", name="Publish now").click()
    expect(review.locator(".messagelist")).to_contain_text(f"“{TITLE}” was published.")

    # The reviewer puts it first among the hub's curated guides.
    poems = Condition.objects.get(slug="poems-syndrome")
    review.goto(live_server.url + f"/admin/conditions/condition/{poems.pk}/change/")
    group = review.locator("#curated_guides-group")
    group.locator(".add-row a").click()
    new_row = group.locator("tr.dynamic-curated_guides").last
    new_row.locator("input[name$='-position']").fill("0")
    new_row.locator(".select2-selection").click()
    review.locator(".select2-container--open .select2-search__field").fill("tingling")
    review.locator(".select2-results__option", has_text=TITLE).first.click()
    new_row.locator("input[name$='-note']").fill("Start here if your feet feel numb.")
    review.get_by_role("button", name="Save and continue editing").click()
    expect(review.locator(".messagelist")).to_contain_text("was changed successfully")

    # A reader sees it first on the hub, and opens it.
    reader.goto(live_server.url + "/conditions/poems-syndrome/")
    guides = reader.locator("#guides")
    expect(guides.get_by_role("heading", level=3).first).to_have_text(TITLE)
    expect(guides).to_contain_text("Start here if your feet feel numb.")
    guides.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("main")).to_contain_text("Look at your feet every evening.")
