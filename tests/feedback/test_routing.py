"""A possible medical error reaches the page's reviewer at once, and every reviewer of the
language once it is overdue; the rest is grouped per page for editors."""

import datetime
import re

from django.utils import timezone

from feedback.models import Feedback, State
from feedback.routing import due_after, editors_pages

FRIDAY_NOON = timezone.make_aware(datetime.datetime(2026, 12, 4, 12, 0))


def test_the_answer_is_due_in_working_days():
    assert due_after(FRIDAY_NOON, 2) == FRIDAY_NOON + datetime.timedelta(days=4)  # Tuesday noon
    assert due_after(FRIDAY_NOON + datetime.timedelta(days=1), 2).weekday() == 2  # sent Saturday: Wednesday
    assert due_after(FRIDAY_NOON - datetime.timedelta(days=4), 2).weekday() == 2  # Monday: Wednesday


def test_the_setting_changes_the_target(hub, answer, settings):
    settings.FEEDBACK_RESPONSE_WORKING_DAYS = 5
    english, version, _ = hub["en"]
    answer(english, version, reason="medical_error")
    report = Feedback.objects.get()
    assert report.due_at == due_after(report.created_at, 5)


def _panel(client, user) -> str:
    client.force_login(user)
    return client.get("/admin/").content.decode()


def test_a_medical_error_is_in_its_reviewers_queue_at_once(hub, answer, client):
    english, version, rhea = hub["en"]
    _, _, ines = hub["es"]
    answer(english, version, reason="medical_error", text="Melphalan dose is wrong")
    report = Feedback.objects.get()
    assert report.state == State.OPEN and report.reviewer == rhea.author
    assert report.due_at > timezone.now()

    mine = _panel(client, rhea)
    assert "Possible medical errors for me to answer (1)" in mine and "Melphalan dose is wrong" in mine
    assert "Melphalan dose is wrong" not in _panel(client, ines)  # another language's reviewer


def test_an_overdue_report_goes_to_every_reviewer_of_its_language(hub, answer, client, make_reviewer):
    english, version, rhea = hub["en"]
    other_en, _ = make_reviewer("owen", ["en", "es"])
    spanish_only, _ = make_reviewer("lucia", ["es"])
    answer(english, version, reason="medical_error", text="Wrong dose")
    assert "Wrong dose" not in _panel(client, other_en)

    # Sent four working days ago: the two days allowed have passed.
    sent = timezone.now() - datetime.timedelta(days=6)
    Feedback.objects.update(created_at=sent, due_at=due_after(sent))

    for reviewer in (rhea, other_en):
        panel = _panel(client, reviewer)
        assert "Wrong dose" in panel and "overdue since" in panel
    assert "Wrong dose" not in _panel(client, spanish_only)


def test_the_spanish_hub_reaches_the_spanish_reviewer(hub, answer, client):
    spanish, version, ines = hub["es"]
    answer(spanish, version, reason="medical_error", text="La dosis es incorrecta")
    assert Feedback.objects.get().reviewer == ines.author
    assert "La dosis es incorrecta" in _panel(client, ines)


def test_with_nobody_accountable_every_reviewer_of_the_language_hears_at_once(
    answer, client, make_condition, make_reviewer
):
    orphan = make_condition(name="Castleman disease")
    reviewer, _ = make_reviewer("nadia", ["en"])
    answer(orphan, reason="medical_error", text="Check this")
    assert Feedback.objects.get().reviewer is None
    assert "Check this" in _panel(client, reviewer)


def test_other_reasons_are_grouped_per_page_for_editors(hub, answer, client, editor, make_condition):
    english, version, _ = hub["en"]
    other = make_condition(name="Castleman disease")
    for n, reason in enumerate(["out_of_date", "missing", "hard_to_understand"]):
        answer(english, version, reason=reason, address=f"192.0.2.{n}")
    answer(other, reason="other", text="typo")
    answer(english, version, helpful="yes")  # counted only
    answer(english, version, address="192.0.2.50")  # a bare "no": counted only
    assert [(row["page_title"], row["reports"]) for row in editors_pages()] == [
        ("POEMS syndrome", 3),
        ("Castleman disease", 1),
    ]
    panel = _panel(client, editor)
    assert "Pages with open feedback (2)" in panel and "3 reports" in panel


def test_the_editors_link_opens_that_pages_open_reports(hub, answer, client, editor, make_condition):
    english, version, _ = hub["en"]
    answer(english, version, reason="missing", text="Nothing on diet")
    answer(make_condition(name="Castleman disease"), reason="missing", text="Nothing on surgery")
    panel = _panel(client, editor)
    link = re.search(r'<a href="([^"]+)">POEMS syndrome</a>', panel).group(1).replace("&amp;", "&")
    listing = client.get(link)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Nothing on diet" in html and "Nothing on surgery" not in html
