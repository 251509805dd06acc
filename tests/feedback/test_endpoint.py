"""The endpoint the form posts to: what it stores, and what it refuses."""

import pytest
from django.core.cache import cache

from feedback.models import Feedback, Reason, State
from portal.publishing.signoff import record_publication


def test_it_works(hub, answer):
    english, version, _ = hub["en"]
    response = answer(english, version, helpful="yes")
    assert response.status_code == 303
    assert response["Location"] == f"{english.get_absolute_url()}#feedback-thanks"
    report = Feedback.objects.get()
    assert (report.helpful, report.language, report.publication, report.state) == (True, "en", version, State.COUNTED)
    assert report.page_title == "POEMS syndrome"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_spanish_page_is_stored_with_its_language_and_version(hub, client):
    spanish, version, _ = hub["es"]
    page = client.get(spanish.get_absolute_url()).content.decode()
    action = page.split('<form method="post" action="')[1].split('"')[0]
    response = client.post(
        action,
        {"page": f"conditions.condition:{spanish.pk}", "version": version.pk, "helpful": "no", "reason": "missing"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303 and response["Location"].startswith("/es/")
    report = Feedback.objects.get()
    assert (report.language, report.object_id, report.publication, report.state) == ("es", spanish.pk, version, "open")


def test_the_version_read_is_kept_when_a_newer_one_goes_live(hub, answer):
    english, old, en_user = hub["en"]
    new = record_publication(english, en_user.author)
    answer(english, old)
    answer(english, new, address="192.0.2.2")
    assert sorted(Feedback.objects.values_list("publication_id", flat=True)) == sorted([old.pk, new.pk])


def test_no_version_named_stores_the_live_one(hub, answer):
    english, version, _ = hub["en"]
    answer(english)
    assert Feedback.objects.get().publication == version


@pytest.mark.parametrize(
    "fields",
    [
        {"page": "conditions.condition:999999"},
        {"page": "auth.user:1"},
        {"page": "not a page"},
        {"helpful": "maybe"},
        {"reason": "<script>"},
        {"version": "abc"},
    ],
)
def test_bad_answers_are_a_clear_400(hub, client, fields):
    english, version, _ = hub["en"]
    data = {"page": f"conditions.condition:{english.pk}", "version": version.pk, "helpful": "no", **fields}
    response = client.post("/feedback/", data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400
    assert "Your answer was not sent" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_version_of_another_page_is_refused(hub, answer, make_condition, make_author):
    english, _, _ = hub["en"]
    other = make_condition()
    assert answer(english, record_publication(other, make_author())).status_code == 400


def test_a_draft_or_scheduled_page_takes_no_answers(answer, make_condition):
    assert answer(make_condition(status="draft", published_at=None)).status_code == 400


def test_only_a_post_from_a_page_of_this_site_is_taken(hub, answer, client):
    english, version, _ = hub["en"]
    assert answer(english, version, origin="https://evil.example").status_code == 403
    assert answer(english, version, origin="null").status_code == 403
    assert answer(english, version, origin=None).status_code == 403  # neither Origin nor Referer
    data = {"page": f"conditions.condition:{english.pk}", "helpful": "yes"}
    from_page = client.post("/feedback/", data, HTTP_REFERER=f"http://testserver{english.get_absolute_url()}")
    assert from_page.status_code == 303
    elsewhere = client.post("/feedback/", data, HTTP_REFERER="https://evil.example/poems")
    assert elsewhere.status_code == 403
    assert client.get("/feedback/").status_code == 405
    assert Feedback.objects.count() == 1


def test_the_honeypot_is_thanked_and_forgotten(hub, answer):
    english, version, _ = hub["en"]
    response = answer(english, version, website="http://spam.example")
    assert response.status_code == 303
    assert not Feedback.objects.exists()


def test_size_limits(hub, answer, client):
    english, version, _ = hub["en"]
    too_long = answer(english, version, text="x" * 501)
    assert too_long.status_code == 400 and "500 characters" in too_long.content.decode()
    body = client.post(
        "/feedback/",
        {"page": f"conditions.condition:{english.pk}", "helpful": "no", "other": "y" * 5000},
        HTTP_ORIGIN="http://testserver",
    )
    assert body.status_code == 400
    assert not Feedback.objects.exists()


def test_the_same_answer_again_is_counted_not_stored(hub, answer):
    english, version, _ = hub["en"]
    for _ in range(3):
        answer(english, version, reason="out_of_date", text="Old dose")
    answer(english, version, reason="out_of_date", text="Old dose", address="192.0.2.99")
    answer(english, version, reason="missing", text="Old dose")
    reports = Feedback.objects.order_by("pk")
    assert [(r.repeats, r.reason) for r in reports] == [(3, "out_of_date"), (1, "out_of_date"), (1, "missing")]


def test_a_flood_from_one_address_is_limited(hub, answer, settings):
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 5
    cache.clear()
    english, version, _ = hub["en"]
    codes = [answer(english, version, text=f"message {n}").status_code for n in range(8)]
    assert codes == [303] * 5 + [429] * 3
    assert Feedback.objects.count() == 5
    # Another address is still heard.
    assert answer(english, version, text="hello", address="198.51.100.1").status_code == 303


def test_a_flood_from_many_addresses_is_limited(hub, answer, settings):
    settings.FEEDBACK_LIMIT_GLOBAL = 20
    cache.clear()
    english, version, _ = hub["en"]
    codes = [answer(english, version, text=f"n {n}", address=f"10.0.0.{n}").status_code for n in range(30)]
    assert codes.count(303) == 20 and codes[20:] == [429] * 10
    assert Feedback.objects.count() == 20


def test_personal_data_never_reaches_the_database(hub, answer):
    english, version, _ = hub["en"]
    text = (
        "I'm Jane, born 04/05/1961, NHS 943 476 5919, call 020 7946 0123 or jane@example.org, "
        "I live at SW1A 1AA. Mi DNI 12345678Z. The dose of 20 mg in D47.2 seems wrong."
    )
    answer(english, version, reason="medical_error", text=text)
    report = Feedback.objects.get()
    for secret in ("04/05/1961", "943 476 5919", "020 7946 0123", "jane@example.org", "SW1A 1AA", "12345678Z"):
        assert secret not in report.text
    assert "20 mg" in report.text and "D47.2" in report.text
    assert report.removed == {"date_of_birth": 1, "nhs": 1, "phone": 1, "email": 1, "postcode": 1, "dni_nie": 1}


def test_a_reason_comes_only_with_no(hub, answer):
    english, version, _ = hub["en"]
    answer(english, version, helpful="yes", reason=Reason.MEDICAL_ERROR)
    report = Feedback.objects.get()
    assert report.reason == "" and report.state == State.COUNTED and report.due_at is None


def test_a_malformed_request_is_a_400_not_a_500(hub, client):
    english, _, _ = hub["en"]
    response = client.generic(
        "POST",
        "/feedback/",
        b"page=conditions.condition%3A" + str(english.pk).encode() + b"&helpful=%FF%FE&text=%00",
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()
