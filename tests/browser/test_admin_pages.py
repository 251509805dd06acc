"""The admin pages editors and medical reviewers use, in a real Chromium: axe finds nothing."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from conditions.models import Condition
from images.models import Image
from medications.models import Medication
from portal.models import Author
from portal.publishing import working_copies
from tests.browser.conftest import screenshot
from tests.forms import change_url, client_for, form_of

PASSWORD = "pw-reviewer-browser-1"


def make_reviewer(django_user_model):
    user = django_user_model.objects.create_user("rhys", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    Author.objects.filter(slug="amira-haddad").update(user=user)
    return user


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")


def second_version(obj) -> None:
    with reversion.create_revision():
        obj.summary += " Updated."
        obj.save()


def admin_paths() -> dict[str, str]:
    condition = Condition.objects.get(slug="poems-syndrome")
    medication = Medication.objects.get(slug="gabapentin")
    article = Article.objects.filter(tags__isnull=False).distinct().order_by("pk").first()
    paths = {"index": reverse("admin:index"), "broken-links": reverse("admin-broken-links")}
    for obj in (condition, medication, article):
        opts = obj._meta
        name = opts.model_name
        second_version(obj)
        newer, older = Version.objects.get_for_object(obj)[:2]
        paths[f"{name}-list"] = reverse(f"admin:{opts.app_label}_{name}_changelist")
        paths[f"{name}-add"] = reverse(f"admin:{opts.app_label}_{name}_add")
        paths[f"{name}-change"] = reverse(f"admin:{opts.app_label}_{name}_change", args=[obj.pk])
        paths[f"{name}-history"] = reverse(f"admin:{opts.app_label}_{name}_history", args=[obj.pk])
        paths[f"{name}-compare"] = (
            reverse(f"admin:{opts.app_label}_{name}_compare", args=[obj.pk]) + f"?from={older.pk}&to={newer.pk}"
        )
        paths[f"{name}-revert"] = reverse(f"admin:{opts.app_label}_{name}_revision", args=[obj.pk, older.pk])
    paths["review-overdue"] = reverse("admin:articles_article_changelist") + "?review=overdue"
    paths["article-search"] = reverse("admin:articles_article_changelist") + "?q=poems"
    author = Author.objects.get(slug="ruaridh-wood")
    paths["author-list"] = reverse("admin:portal_author_changelist")
    paths["author-change"] = reverse("admin:portal_author_change", args=[author.pk])
    paths["tag-list"] = reverse("admin:taggit_tag_changelist")
    image = Image.objects.get(slug="nerve-diagram")
    paths["image-list"] = reverse("admin:images_image_changelist")
    paths["image-add"] = reverse("admin:images_image_add")
    paths["image-change"] = reverse("admin:images_image_change", args=[image.pk])
    paths["skin-tones"] = reverse("admin-skin-tones")
    paths["password-change"] = reverse("admin:password_change")
    paths["article-delete"] = reverse("admin:articles_article_delete", args=[article.pk])
    # Staff previews of the demo's draft and scheduled guides, with their banner.
    for unpublished in Article.objects.exclude(pk__in=Article.objects.published().values("pk")):
        paths[f"preview-{unpublished.slug}"] = unpublished.get_absolute_url()
    return paths


def test_login_page_passes_axe(live_server, new_page, axe):
    page = new_page()
    page.goto(live_server.url + "/admin/login/")

    assert page.get_by_role("heading", level=1).count() == 1
    violations = axe(page)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("width", [1280, 390])
def test_admin_pages_editors_use_pass_axe_at(width, live_server, new_page, axe, django_user_model, editorial_roles):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    page = new_page(width=width)
    sign_in(page, live_server, "rhys", PASSWORD)
    violations = []
    for path in admin_paths().values():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations += axe(page)
    assert violations == [], "\n".join(violations)


def test_one_line_texts_get_inputs_wide_enough(live_server, new_page, django_user_model, editorial_roles):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    page = new_page(width=1280)
    sign_in(page, live_server, "rhys", PASSWORD)
    poems = Condition.objects.get(slug="poems-syndrome")
    page.goto(live_server.url + reverse("admin:conditions_condition_change", args=[poems.pk]))

    for selector in ("#id_definition", "#id_typical_onset", "#id_treatments-0-name"):
        assert page.locator(selector).bounding_box()["width"] >= 600, selector
    assert page.locator("#id_care_team-0-focus").bounding_box()["width"] >= 250


def _submitted_copy(editor, condition) -> None:
    """The editor changes the live hub's summary and submits it: a working copy to sign off."""
    client = client_for(editor)
    data = form_of(client, change_url(condition), "condition")
    data.update({"summary": [data["summary"][0] + " Changed in the working copy."], "_workflow": ["submit"]})
    assert client.post(change_url(condition), data).status_code == 302


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


def test_the_sign_off_screen_buttons_read_and_discarding_asks_first_without_javascript(
    live_server, browser, new_page, axe, django_user_model, editorial_roles
):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    editor = django_user_model.objects.create_user("edna", password="pw-edna-browser", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    poems = Condition.objects.get(slug="poems-syndrome")
    _submitted_copy(editor, poems)
    change = reverse("admin:conditions_condition_change", args=[poems.pk])
    signoff = reverse("admin:conditions_condition_signoff", args=[poems.pk])
    page = new_page(width=1280)
    sign_in(page, live_server, "rhys", PASSWORD)
    page.goto(live_server.url + change)
    save_background = _style(page.locator('input[name="_save"]'), "backgroundColor")

    page.goto(live_server.url + signoff)
    screenshot(page, "admin-sign-off", 1280)
    approve = page.get_by_role("button", name="Approve and publish")
    discard = page.get_by_role("link", name="Discard the working copy")

    assert _style(approve, "backgroundColor") == save_background  # the admin's default button
    assert _style(discard, "color") == "rgb(255, 255, 255)"
    assert _style(discard, "backgroundColor") == "rgb(186, 33, 33)"  # the admin's delete red
    violations = axe(page)
    discard.click()
    page.get_by_role("button", name="Yes, discard the working copy").wait_for()
    screenshot(page, "admin-discard-working-copy", 1280)
    violations += axe(page)
    assert violations == [], "\n".join(violations)

    # Without JavaScript, the question and the answer are plain links and forms.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, live_server, "rhys", PASSWORD)
    plain.goto(live_server.url + signoff)
    plain.get_by_role("link", name="Discard the working copy").click()
    plain.get_by_role("link", name="No, keep it").click()
    assert plain.url == live_server.url + signoff
    plain.get_by_role("link", name="Discard the working copy").click()
    plain.get_by_role("button", name="Yes, discard the working copy").click()
    plain.wait_for_url(live_server.url + change)
    assert "the working copy was discarded" in plain.locator(".messagelist").inner_text()
    context.close()
    assert working_copies.copy_of(poems) is None


def test_as_published_on_a_day_it_cannot_show_is_an_admin_page_that_passes_axe(
    live_server, new_page, axe, django_user_model, editorial_roles
):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    poems = Condition.objects.get(slug="poems-syndrome")
    url = live_server.url + reverse("admin:conditions_condition_as_published", args=[poems.pk])
    page = new_page(width=1280)
    sign_in(page, live_server, "rhys", PASSWORD)
    violations = []

    for on, status in (("2001-01-01", 404), ("not-a-date", 400)):
        response = page.goto(f"{url}?on={on}")
        assert response.status == status
        assert page.locator("#header").count() == 1 and page.locator(".errornote").count() == 1
        violations += axe(page)

    assert violations == [], "\n".join(violations)
    page.get_by_label("See this page exactly as patients saw it on").fill("2025-06-01")
    page.get_by_role("button", name="Show").click()
    assert "As published on" in page.content()


def test_the_article_list_reads_at_1280_without_sideways_scrolling(
    live_server, new_page, django_user_model, editorial_roles
):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    page = new_page(width=1280)
    sign_in(page, live_server, "rhys", PASSWORD)

    page.goto(live_server.url + reverse("admin:articles_article_changelist"))

    screenshot(page, "admin-article-list", 1280)
    document = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert document[0] <= document[1], document
    # The results scroll sideways inside their own box when too wide: that counts too.
    results = page.locator("#changelist-form .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth"), "the article list scrolls sideways"
    for header in page.locator("#result_list thead th").all():
        box = header.bounding_box()
        assert box["x"] + box["width"] <= 1280, header.inner_text()


@pytest.mark.parametrize(("width", "beside"), [(1280, True), (1100, True), (1024, False), (390, False)])
def test_the_markdown_preview_is_labelled_and_beside_the_text_only_on_wide_screens(
    width, beside, live_server, new_page, django_user_model, editorial_roles
):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    article = Article.objects.published().order_by("pk").first()
    page = new_page(width=width)
    sign_in(page, live_server, "rhys", PASSWORD)

    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    preview = page.locator(".field-body").get_by_role("group", name="Preview")
    expect(preview.locator(".markdownx-preview h2").first).to_be_visible()  # rendered by the live preview
    expect(preview.get_by_text("Preview", exact=True)).to_be_visible()
    text, shown = page.locator("#id_body").bounding_box(), preview.locator(".markdownx-preview").bounding_box()
    if beside:
        assert shown["x"] >= text["x"] + text["width"] and shown["y"] < text["y"] + text["height"]
    else:
        assert shown["y"] >= text["y"] + text["height"] and shown["x"] < text["x"] + text["width"]
    editor = page.locator(".field-body .markdownx").bounding_box()
    assert editor["x"] + editor["width"] <= width  # text and preview fit the screen
