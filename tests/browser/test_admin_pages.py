"""The admin pages editors and medical reviewers use, in a real Chromium: axe finds nothing."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication
from portal.models import Author

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
