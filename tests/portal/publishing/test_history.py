"""History, differences, revert, stale forms and the record of who did what."""

import re

from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication
from portal.models import Status
from tests.forms import change_url, client_for, form_of


def history_url(obj) -> str:
    return change_url(obj).removesuffix("change/") + "history/"


def _save(client, obj, changes: dict):
    url = change_url(obj)
    data = form_of(client, url, obj._meta.model_name)
    data.update(changes)
    return client.post(url, data)


def test_history_lists_versions_with_who_and_when(reviewer, make_medication):
    client = client_for(reviewer)
    medication = make_medication(status=Status.DRAFT, published_at=None, dosing="300 mg at night")
    _save(client, medication, {"dosing": "300 mg three times a day"})
    _save(client, medication, {"_workflow": "review"})

    html = client.get(history_url(medication)).content.decode()

    assert html.count('name="from"') == 2
    assert "rhys" in html and "Marked as reviewed" in html


def test_differences_show_changed_fields_and_flag_changed_doses(reviewer, make_medication):
    client = client_for(reviewer)
    medication = make_medication(
        status=Status.DRAFT, published_at=None, dosing="Start at 300 mg at night.", summary="Eases nerve pain."
    )
    _save(client, medication, {"summary": "Eases nerve pain."})
    _save(client, medication, {"dosing": "Start at 600 mg at night."})
    older, newer = Version.objects.get_for_object(medication).order_by("pk")

    html = client.get(history_url(medication) + f"compare/?from={older.pk}&to={newer.pk}").content.decode()

    assert "Typical dosing" in html
    assert "<del>300</del>" in html and "<ins>600</ins>" in html
    assert "Numbers changed:</strong> 300 mg → 600 mg" in html
    assert "Summary" not in html.split("Typical dosing")[0].split("<h2>")[-1]


def test_compare_with_bad_versions_is_a_clear_400(reviewer, make_medication):
    medication = make_medication()

    response = client_for(reviewer).get(history_url(medication) + "compare/?from=abc&to=999999")

    assert response.status_code == 400
    assert "Choose two saved versions" in response.content.decode()


def test_revert_brings_back_deleted_curated_guides(reviewer, db):
    call_command("load_demo", verbosity=0)
    Condition.objects.filter(slug="poems-syndrome").update(status=Status.DRAFT)  # a draft is edited in place
    client = client_for(reviewer)
    poems = Condition.objects.get(slug="poems-syndrome")
    _save(client, poems, {})  # a first saved version, with all seven guides
    before = list(poems.curated_guides.values_list("article__slug", flat=True))
    _save(client, poems, {"curated_guides-0-DELETE": "on", "curated_guides-1-DELETE": "on", "treatments-0-name": "X"})
    assert poems.curated_guides.count() == len(before) - 2
    first_version = Version.objects.get_for_object(poems).order_by("pk").first()

    revert_url = history_url(poems) + f"{first_version.pk}/"
    data = form_of(client, revert_url, "condition")
    response = client.post(revert_url, data)

    assert response.status_code == 302
    assert list(poems.curated_guides.values_list("article__slug", flat=True)) == before
    assert poems.treatments.first().name != "X"
    latest = Version.objects.get_for_object(poems).first()
    assert "Reverted to previous version" in latest.revision.get_comment()
    assert latest.revision.user == reviewer


def test_a_stale_form_is_refused_and_nothing_is_overwritten(reviewer, editor, make_condition):
    condition = make_condition(status=Status.DRAFT, summary="Original summary.")
    first, second = client_for(editor), client_for(reviewer)
    url = change_url(condition)
    stale_first = form_of(first, url, "condition")
    stale_second = form_of(second, url, "condition")

    stale_second["summary"] = "The reviewer's summary."
    assert second.post(url, stale_second).status_code == 302
    stale_first["summary"] = "The editor's summary."
    refused = first.post(url, stale_first)

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "saved this page at" in html and "Your changes have not been saved" in html
    assert f'href="{url}" target="_blank">open the newer version' in html
    assert (
        "The editor&#x27;s summary." in html or "The editor's summary." in html
    )  # the editor's text is kept in the form
    condition.refresh_from_db()
    assert condition.summary == "The reviewer's summary."


def test_stale_inline_changes_are_refused_too(reviewer, db, approve):
    call_command("load_demo", verbosity=0)
    poems = Condition.objects.get(slug="poems-syndrome")
    first, second = client_for(reviewer), client_for(reviewer)
    url = change_url(poems)
    stale_first, stale_second = form_of(first, url, "condition"), form_of(second, url, "condition")

    stale_second["treatments-0-name"] = "Renamed by the first to save"
    assert second.post(url, stale_second).status_code == 302
    stale_first["curated_guides-0-DELETE"] = "on"
    refused = first.post(url, stale_first)

    assert refused.status_code == 200 and "Your changes have not been saved" in refused.content.decode()
    approve(poems)  # the working copy holds the first save only
    assert poems.curated_guides.count() == 7
    assert poems.treatments.first().name == "Renamed by the first to save"


def test_every_transition_is_recorded_with_who_and_when(reviewer, make_article):
    client = client_for(reviewer)
    article = make_article(status=Status.DRAFT)

    for action in ["publish", "review", "archive"]:
        _save(client, article, {"_workflow": action})

    messages = list(LogEntry.objects.filter(object_id=str(article.pk)).values_list("change_message", flat=True))
    comments = " ".join(v.revision.get_comment() for v in Version.objects.get_for_object(article))
    for done in ["Approved and published", "Marked as reviewed", "Archived"]:
        assert done in messages and done in comments
    assert all(v.revision.user == reviewer for v in Version.objects.get_for_object(article))
    history = client.get(history_url(article)).content.decode()
    assert "Approved and published" in history and "Archived" in history


def test_scheduling_through_the_form_is_recorded(reviewer, make_article):
    article = make_article(status=Status.DRAFT)

    _save(
        client_for(reviewer),
        article,
        {"status": "published", "published_at_0": "01/01/2099", "published_at_1": "09:00"},
    )

    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__startswith="Scheduled for").exists()


def test_changelist_actions_record_history(reviewer, make_medication):
    medication = make_medication(status=Status.DRAFT)

    client_for(reviewer).post(
        "/admin/medications/medication/", {"action": "publish_now", "_selected_action": [medication.pk]}
    )

    medication.refresh_from_db()
    assert medication.is_published
    assert Version.objects.get_for_object(medication).first().revision.get_comment() == "Approved and published"


def test_models_are_all_followed_by_history():
    import reversion

    for model, follows in [
        (Condition, {"care_team", "relations", "treatments", "curated_guides"}),
        (Medication, {"brand_names"}),
        (Article, {"sources"}),
    ]:
        assert follows <= set(reversion.revisions._get_options(model).follow), model


def test_history_page_has_revert_links(reviewer, make_condition):
    client = client_for(reviewer)
    condition = make_condition(status=Status.DRAFT, published_at=None)
    _save(client, condition, {})
    _save(client, condition, {"summary": "Second"})

    html = client.get(history_url(condition)).content.decode()

    assert len(re.findall(r"Review and revert to this version", html)) == 1


def test_demo_content_starts_with_a_version_to_compare_and_revert_to(reviewer, db):
    call_command("load_demo", verbosity=0)
    poems = Condition.objects.get(slug="poems-syndrome")

    [first] = Version.objects.get_for_object(poems)

    assert first.revision.get_comment() == "Demo content loaded"
    guide_versions = [v for v in first.revision.version_set.all() if v.content_type.model == "curatedguide"]
    assert len(guide_versions) == 7


def test_line_breaks_sent_by_browsers_do_not_count_as_changes(reviewer, make_medication):
    medication = make_medication(
        status=Status.DRAFT, published_at=None, body="First line.\n\nSecond line.", side_effects="- One\n- Two"
    )
    client = client_for(reviewer)
    data = form_of(client, change_url(medication), "medication")
    data = {key: [value.replace("\n", "\r\n") for value in values] for key, values in data.items()}

    client.post(change_url(medication), data)

    medication.refresh_from_db()
    assert medication.body == "First line.\n\nSecond line."
    entry = LogEntry.objects.filter(object_id=str(medication.pk)).latest("action_time")
    assert entry.get_change_message() == "No fields changed."


def test_publish_is_not_offered_for_a_live_page(reviewer, make_article):
    article = make_article(status=Status.PUBLISHED)

    html = client_for(reviewer).get(change_url(article)).content.decode()

    assert 'value="publish"' not in html and 'value="review"' in html and "View on site" in html


def test_opening_the_form_of_a_page_with_a_working_copy_adds_no_version(editor, reviewer, make_medication):
    medication = make_medication(dosing="300 mg at night")
    _save(client_for(editor), medication, {"dosing": "600 mg at night"})  # the working copy
    saved = Version.objects.get_for_object(medication).count()

    for user in (editor, reviewer, editor):
        assert client_for(user).get(change_url(medication)).status_code == 200

    assert Version.objects.get_for_object(medication).count() == saved
    html = client_for(reviewer).get(history_url(medication)).content.decode()
    assert html.count('name="from"') == saved


def test_one_save_of_a_working_copy_adds_one_version(editor, make_medication):
    medication = make_medication(dosing="300 mg at night")
    client = client_for(editor)
    _save(client, medication, {"dosing": "600 mg at night"})
    saved = Version.objects.get_for_object(medication).count()

    refused = _save(client, medication, {"dosing": "750 mg at night", "name": ""})
    response = _save(client, medication, {"dosing": "900 mg at night", "_continue": "1"})
    client.get(response["Location"])  # the form again, as the browser shows it after the save

    assert refused.status_code == 200 and "This field is required" in refused.content.decode()

    versions = Version.objects.get_for_object(medication).select_related("revision__user")
    assert versions.count() == saved + 1
    assert versions[0].revision.user == editor and "900 mg" in versions[0].field_dict["dosing"]
