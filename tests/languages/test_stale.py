"""Translations stay medically true: sign-off per language, and a translation knows when its
source changed (stale), tells patients so, and catches up."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conditions.models import Condition, ConditionCode
from portal.codes.systems import CodeSystem
from portal.models import Publication, Status
from portal.publishing import signoff, working_copies
from portal.publishing.translations import translate
from tests.forms import change_url, client_for, form_of

EN_SUMMARY = "A rare condition of the blood and nerves."
ES_SUMMARY = "Una enfermedad rara de la sangre y los nervios."


@pytest.fixture
def reviewers(django_user_model, make_author):
    """An English-only reviewer, and a reviewer who reviews in Spanish (and English)."""
    group = Group.objects.get(name="Medical reviewers")
    made = {}
    for name, languages in [("english", ["en"]), ("spanish", ["en", "es"])]:
        user = django_user_model.objects.create_user(f"{name}-reviewer", password="pw-123-reviewer", is_staff=True)
        user.groups.add(group)
        make_author(name=f"Dr {name.title()}", credentials="MD", user=user, reviews_in=languages)
        made[name] = user
    return made


@pytest.fixture
def hub(make_condition, reviewers):
    """The English hub, published with its record, and its Spanish version, approved by the
    Spanish reviewer from that published version."""
    source = make_condition(name="POEMS syndrome", slug="poems-syndrome", summary=EN_SUMMARY)
    signoff.record_publication(source, None)
    version = translate(source, "es")
    version.name, version.slug, version.summary, version.status = (
        "Síndrome POEMS",
        "sindrome-poems",
        ES_SUMMARY,
        "in_review",
    )
    version.save()
    signoff.publish(version, reviewers["spanish"])
    version.refresh_from_db()
    return source, version


def _change_source(source, reviewer, summary: str, unaffected: str = "") -> None:
    snapshot = working_copies.capture(source)
    snapshot["records"][0]["fields"]["summary"] = summary
    copy = working_copies.save_copy(source, snapshot, None)
    working_copies.submit(copy)
    signoff.publish(source, reviewer, translations_unaffected=unaffected)


def test_a_spanish_version_records_the_source_version_it_was_approved_against(hub):
    source, version = hub
    assert version.is_published and version.stale_since is None
    assert version.source_publication == working_copies.publications_of(source).first()


@pytest.mark.parametrize("path", ["code", "sign-off screen", "publish button", "list action"])
def test_a_reviewer_without_spanish_cannot_approve_a_spanish_page_by_any_path(client, make_condition, reviewers, path):
    source = make_condition(name="Organomegaly", slug="organomegaly")
    version = translate(source, "es")
    version.status = Status.IN_REVIEW
    version.save()
    english = reviewers["english"]
    refusal = "it needs a medical reviewer who reviews in Español"
    if path == "code":
        with pytest.raises(signoff.SignOffRefused, match=refusal):
            signoff.publish(version, english)
    elif path == "sign-off screen":
        url = change_url(version).removesuffix("change/") + "sign-off/"
        page = client_for(english).post(url, {"_approve": "1"}, follow=True).content.decode()
        assert refusal in page
    elif path == "publish button":
        web = client_for(english)
        data = form_of(web, change_url(version), "condition")
        page = web.post(change_url(version), {**data, "_workflow": "publish"}, follow=True).content.decode()
        assert refusal in page
    else:
        url = change_url(version).removesuffix(f"{version.pk}/change/")
        page = (
            client_for(english)
            .post(url, {"action": "publish_now", "_selected_action": [version.pk]}, follow=True)
            .content.decode()
        )
        assert refusal in page
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW
    signoff.publish(version, reviewers["spanish"])  # a reviewer who reviews in Spanish may
    version.refresh_from_db()
    assert version.is_published


def test_patients_see_the_reviewer_of_the_version_they_read(client, hub):
    spanish_page = client.get("/es/condiciones/sindrome-poems/").content.decode()
    assert "Dr Spanish" in spanish_page and "Dr English" not in spanish_page


def test_a_change_to_the_source_marks_its_translation_stale_and_patients_are_told(client, hub, reviewers):
    source, version = hub
    translated_from = version.source_publication
    assert "stale-notice" not in client.get("/es/condiciones/sindrome-poems/").content.decode()

    _change_source(source, reviewers["spanish"], "A rare condition: the dose of a medicine changed.")

    version.refresh_from_db()
    assert version.stale_since is not None and version.source_publication == translated_from
    assert version.is_published  # it stays live: removing it would leave patients with nothing
    page = client.get("/es/condiciones/sindrome-poems/").content.decode()
    notice = page[page.index('class="stale-notice"') :][:600]
    assert "La página en inglés se actualizó el" in notice
    assert 'href="/conditions/poems-syndrome/" hreflang="en"' in notice
    assert "stale-notice" not in client.get("/conditions/poems-syndrome/").content.decode()


def test_a_change_that_does_not_affect_translations_leaves_them_fresh_with_the_reason_kept(client, hub, reviewers):
    source, version = hub
    _change_source(source, reviewers["spanish"], EN_SUMMARY.replace("blood", "blood,"), unaffected="A comma.")

    version.refresh_from_db()
    latest = working_copies.publications_of(source).first()
    assert version.stale_since is None and version.source_publication == latest
    assert "Translations unaffected: A comma." in latest.note
    assert "stale-notice" not in client.get("/es/condiciones/sindrome-poems/").content.decode()


def test_the_reason_can_be_given_on_the_sign_off_screen(hub, reviewers):
    source, version = hub
    snapshot = working_copies.capture(source)
    snapshot["records"][0]["fields"]["summary"] = EN_SUMMARY + " "
    working_copies.submit(working_copies.save_copy(source, snapshot, None))
    url = change_url(source).removesuffix("change/") + "sign-off/"
    screen = client_for(reviewers["spanish"]).get(url).content.decode()
    assert 'name="translations_unaffected"' in screen

    client_for(reviewers["spanish"]).post(url, {"_approve": "1", "translations_unaffected": "Spacing only."})

    version.refresh_from_db()
    assert version.stale_since is None


def test_editors_and_reviewers_see_what_is_stale_and_what_changed(hub, reviewers, editor):
    source, version = hub
    _change_source(source, reviewers["spanish"], "A rare condition: a new warning about infections.")
    web = client_for(editor)

    item = web.get(change_url(version)).content.decode()
    assert "stale since" in item and "See what changed, beside this translation" in item
    listed = web.get("/admin/conditions/condition/?translation=stale").content.decode()
    assert "Síndrome POEMS" in listed
    table = web.get("/admin/translations/").content.decode()
    assert "stale since" in table
    queue = client_for(reviewers["spanish"]).get("/admin/").content.decode()
    assert "Translations whose source changed (1)" in queue

    changes = web.get(change_url(version).removesuffix("change/") + "source-changes/").content.decode()
    assert "<ins>new</ins>" in changes or "new warning" in changes
    assert ES_SUMMARY in changes  # beside the translation as it is now


def test_catching_up_clears_the_mark_and_records_the_new_source_version(client, hub, reviewers, approve):
    source, version = hub
    _change_source(source, reviewers["spanish"], "A rare condition: a new warning about infections.")
    snapshot = working_copies.capture(version)
    snapshot["records"][0]["fields"]["summary"] = "Una enfermedad rara: un aviso nuevo sobre infecciones."
    working_copies.submit(working_copies.save_copy(version, snapshot, None))

    signoff.publish(version, reviewers["spanish"])

    version.refresh_from_db()
    assert version.stale_since is None
    assert version.source_publication == working_copies.publications_of(source).first()
    page = client.get("/es/condiciones/sindrome-poems/").content.decode()
    assert "aviso nuevo" in page and "stale-notice" not in page


def test_a_treatments_medications_follow_the_source_when_it_goes_live(hub, reviewers, make_medication):
    source, version = hub
    old, new = (
        make_medication(name="gabapentin", slug="gabapentin"),
        make_medication(name="pregabalin", slug="pregabalin"),
    )
    treatment = source.treatments.create(name="Nerve pain", category="symptom_relief")
    treatment.medications.add(old)
    version.treatments.create(name="Dolor nervioso", category="symptom_relief").medications.add(old)

    treatment.medications.set([new])
    _change_source(source, reviewers["spanish"], EN_SUMMARY + " Updated.")

    assert [m.slug for m in version.treatments.get().medications.all()] == ["pregabalin"]


def test_approving_a_source_for_the_first_time_is_not_blocked_by_its_translations(make_condition, reviewers):
    source = make_condition(name="Endocrinopathy", slug="endocrinopathy", status=Status.IN_REVIEW, published_at=None)
    version = translate(source, "es")
    signoff.publish(source, reviewers["english"])
    version.refresh_from_db()
    assert Condition.objects.get(pk=source.pk).is_published and version.status == Status.DRAFT
    assert Publication.objects.filter(object_id=source.pk).exists()


def test_health_records_and_apps_are_told_a_translation_is_stale(client, hub, reviewers):
    source, version = hub
    ConditionCode.objects.create(condition=source, system=CodeSystem.ICD10CM, code="D47.Z9")
    fresh = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"}).json()
    assert fresh["translationStatus"] == "current" and fresh["sourceVersion"]["stale_since"] is None
    assert client.get("/api/v1/conditions/poems-syndrome").json()["translationStatus"] == "source"

    _change_source(source, reviewers["spanish"], "A rare condition: a new warning about infections.")

    stale = client.get("/api/v1/conditions/sindrome-poems", {"lang": "es"}).json()
    assert stale["translationStatus"] == "stale" and stale["sourceVersion"]["stale_since"]
    assert stale["sourceVersion"]["published_at"] == fresh["sourceVersion"]["published_at"]
    listed = client.get("/api/v1/conditions", {"lang": "es"}).json()
    assert [item["translationStatus"] for item in listed["items"]] == ["stale"]
    feed = client.get(
        "/infobutton/",
        {
            "mainSearchCriteria.v.c": "D47.Z9",
            "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.90",
            "informationRecipient.languageCode.c": "es",
            "knowledgeResponseType": "application/json",
        },
    ).json()["feed"]
    [entry] = feed["entry"]
    assert entry["translationStatus"]["_value"] == "stale" and entry["staleSince"]["_value"]


def test_the_api_list_of_stale_translations_costs_the_same_queries(
    client, django_assert_num_queries, hub, make_condition, reviewers
):
    def count() -> int:

        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/conditions", {"lang": "es"})
        return len(queries)

    before = count()
    for index in range(5):
        other = make_condition(name=f"Other {index}", slug=f"other-{index}")
        signoff.record_publication(other, None)
        version = translate(other, "es")
        version.slug, version.status = f"otra-{index}", Status.IN_REVIEW
        version.save()
        signoff.publish(version, reviewers["spanish"])
    assert count() == before
