"""Ordered rows move with the ↑ and ↓ buttons, and the order on screen is the order saved."""

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from conditions.models import Condition
from portal.publishing import working_copies

from .test_admin_pages import PASSWORD, make_reviewer, sign_in


def test_move_down_swaps_a_guide_with_the_next_one(live_server, new_page, django_user_model, editorial_roles):
    call_command("load_demo", verbosity=0)
    make_reviewer(django_user_model)
    poems = Condition.objects.get(slug="poems-syndrome")
    first, second = list(poems.curated_guides.order_by("position").values_list("article__title", flat=True)[:2])
    page = new_page(width=1280)
    sign_in(page, live_server, "rhys", PASSWORD)
    page.goto(live_server.url + reverse("admin:conditions_condition_change", args=[poems.pk]))

    page.locator("#curated_guides-0").get_by_role("button", name="Move down").click()

    expect(page.locator("#curated_guides-0 input[name$='-position']")).to_have_value("2")
    expect(page.locator("tr.dynamic-curated_guides, #curated_guides-group tbody tr.form-row").first).to_contain_text(
        second
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("Working copy saved")
    copy = working_copies.copy_of(poems)
    guides = sorted(
        (record["fields"]["position"], record["fields"]["article"])
        for record in copy.snapshot["records"]
        if record["model"] == "articles.curatedguide"
    )
    titles = dict(poems.curated_guides.values_list("article_id", "article__title"))
    assert [titles[article] for _, article in guides[:2]] == [second, first]
