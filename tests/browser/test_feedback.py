"""A patient reports a possible medical error on the POEMS hub with JavaScript off, in English
and in Spanish, and it is in the accountable reviewer's queue at once; the form passes axe."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from conditions.models import Condition
from feedback.models import Feedback
from feedback.routing import due_after

HUBS = {"en": "/conditions/poems-syndrome/", "es": "/es/condiciones/sindrome-poems/"}


@pytest.fixture
def reviewers(live_server, django_user_model, editorial_roles):
    """The demo, and staff accounts for the authors who signed off the English and Spanish hubs."""
    call_command("load_demo", verbosity=0)
    importlib.import_module("feedback.migrations.0001_page_feedback").let_the_editorial_roles_handle_feedback(
        apps, None
    )
    accounts = {}
    for language in HUBS:
        author = Condition.objects.get(slug=HUBS[language].rstrip("/").rsplit("/", 1)[1]).reviewed_by
        user = django_user_model.objects.create_user(f"reviewer-{language}", password="pw-browser-1", is_staff=True)
        user.groups.add(Group.objects.get(name="Medical reviewers"))
        author.user = user
        author.save()
        accounts[language] = user
    return accounts


def _queue(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/admin/").content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_possible_medical_error_reaches_the_reviewer_without_javascript(language, live_server, browser, reviewers):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + HUBS[language])
    assert not context.cookies()

    page.locator(".feedback-more summary").click()
    page.locator("#feedback-reason-medical_error").check()
    page.locator("#feedback-text").fill("Melphalan dose looks wrong, call me on 020 7946 0958")
    page.locator(".feedback-more button[type=submit]").click()

    expect(page).to_have_url(live_server.url + HUBS[language] + "#feedback-thanks")
    expect(page.locator("#feedback-thanks")).to_be_visible()
    assert not context.cookies()
    context.close()

    report = Feedback.objects.get(text__startswith="Melphalan dose looks wrong")
    hub = Condition.objects.get(pk=report.object_id)
    assert (report.language, report.reason, report.reviewer) == (language, "medical_error", hub.reviewed_by)
    assert "020 7946 0958" not in report.text and report.removed == {"phone": 1}
    assert report.publication is not None and report.publication.object_id == hub.pk
    other = "es" if language == "en" else "en"
    assert "Melphalan dose looks wrong" in _queue(reviewers[language])
    assert "Melphalan dose looks wrong" not in _queue(reviewers[other])

    # Two working days later, unanswered: every reviewer of the language sees it.
    sent = timezone.now() - datetime.timedelta(days=7)
    Feedback.objects.filter(pk=report.pk).update(created_at=sent, due_at=due_after(sent))
    both = reviewers[other]
    both.author.reviews_in = ["en", "es"]
    both.author.save()
    assert "Melphalan dose looks wrong" in _queue(both)


def test_the_form_passes_axe_closed_and_open(live_server, new_page, axe, reviewers):
    violations = []
    for width in (1280, 390):
        page = new_page(width=width)
        for path in HUBS.values():
            page.goto(live_server.url + path)
            violations += axe(page)
            page.locator(".feedback-more summary").click()
            violations += axe(page)
            page.goto(live_server.url + path + "#feedback-thanks")
            violations += axe(page)
    assert violations == []
