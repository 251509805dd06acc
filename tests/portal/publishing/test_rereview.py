"""Re-review when it matters: a clinically significant change to a medication sends the pages
that show it (the guide that links to it, the hub that lists it) to their reviewers' queue, in
the same transaction; a typo fix does not; "mark as reviewed" or a new sign-off clears it."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from conditions.models import Treatment
from medications.models import BrandName
from portal.models import PageDependency, SourceChange, Status
from portal.pages.record import record_all
from portal.publishing import signoff, working_copies
from portal.publishing.translations import translate
from tests.forms import client_for

DOSING = "Usually 25 mg once a day."


@pytest.fixture
def reviewers(django_user_model, make_author):
    """The hub's and the guide's reviewers (English), a Spanish reviewer, and the reviewer who
    approves the medicine's change."""
    group = Group.objects.get(name="Medical reviewers")
    made = {}
    for name, languages in [("hub", ["en"]), ("guide", ["en"]), ("spanish", ["es"]), ("approver", ["en"])]:
        user = django_user_model.objects.create_user(f"{name}-reviewer", password="pw-123-reviewer", is_staff=True)
        user.groups.add(group)
        made[name] = (user, make_author(name=f"Dr {name.title()}", credentials="MD", user=user, reviews_in=languages))
    return made


@pytest.fixture
def site(make_condition, make_medication, make_article, make_curated_guide, reviewers):
    spironolactone = make_medication(name="spironolactone", slug="spironolactone", dosing=DOSING)
    BrandName.objects.create(medication=spironolactone, name="Aldactone")
    signoff.record_publication(spironolactone, None)
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome", reviewed_by=reviewers["hub"][1])
    Treatment.objects.create(condition=hub, name="Fluid build-up", category="supportive").medications.add(
        spironolactone
    )
    guide = make_article(
        title="Diuretics compared",
        slug="diuretics-compared",
        body="[Spironolactone](medication:spironolactone) keeps potassium in.",
        reviewed_by=reviewers["guide"][1],
    )
    unrelated = make_article(title="Sleeping well", slug="sleeping-well", reviewed_by=reviewers["guide"][1])
    make_curated_guide(hub, guide)
    record_all()
    return {"medication": spironolactone, "hub": hub, "guide": guide, "unrelated": unrelated}


def _change(item, user, significant: bool = False, **fields) -> None:
    snapshot = working_copies.capture(item)
    snapshot["records"][0]["fields"].update(fields)
    copy = working_copies.save_copy(item, snapshot, None)
    working_copies.submit(copy)
    signoff.publish(item, user, clinically_significant=significant)


def _queued() -> dict[str, str]:
    return {entry.title: entry.reviewer.name for entry in SourceChange.objects.pending().select_related("reviewer")}


def test_each_live_page_records_what_it_shows(site):
    hub_keys = set(PageDependency.objects.of(site["hub"]).values_list("key", flat=True))
    guide_keys = set(PageDependency.objects.of(site["guide"]).values_list("key", flat=True))
    medication = f"medication-{site['medication'].pk}"
    assert {medication, f"article-{site['guide'].pk}", f"condition-{site['hub'].pk}"} <= hub_keys
    assert medication in guide_keys
    assert medication not in PageDependency.objects.of(site["unrelated"]).values_list("key", flat=True)


def test_a_dosing_change_puts_the_guide_and_the_hub_in_their_reviewers_queue(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    assert _queued() == {"POEMS syndrome": "Dr Hub", "Diuretics compared": "Dr Guide"}
    entry = SourceChange.objects.get(title="Diuretics compared")
    assert entry.fields == ["dosing"] and entry.changed_title == "spironolactone"
    assert entry.publication == working_copies.publications_of(site["medication"]).first()


def test_a_new_brand_name_is_a_clinical_change(site, reviewers):
    snapshot = working_copies.capture(site["medication"])
    brand = dict(snapshot["records"][1])
    snapshot["records"].append(
        {**brand, "pk": None, "fields": {**brand["fields"], "name": "Carospir", "slug": "carospir"}}
    )
    copy = working_copies.save_copy(site["medication"], snapshot, None)
    working_copies.submit(copy)
    signoff.publish(site["medication"], reviewers["approver"][0])
    assert [entry.fields for entry in SourceChange.objects.pending()] == [["brand_names"], ["brand_names"]]


def test_a_typo_fix_in_the_summary_queues_nothing(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], summary="Spironolactone is a water tablet.")
    assert _queued() == {}


def test_a_change_the_reviewer_marks_significant_queues_the_pages(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], significant=True, summary="Now for heart failure too.")
    assert _queued() == {"POEMS syndrome": "Dr Hub", "Diuretics compared": "Dr Guide"}
    assert SourceChange.objects.filter(marked_significant=True, fields=[]).count() == 2


@pytest.mark.parametrize(
    ("field", "text", "marked"), [("warnings", "Can raise potassium.", False), ("summary", "For the heart.", True)]
)
def test_a_scheduled_significant_change_queues_the_pages_when_it_goes_live(site, reviewers, field, text, marked):
    medication = site["medication"]
    snapshot = working_copies.capture(medication)
    snapshot["records"][0]["fields"][field] = text
    working_copies.submit(working_copies.save_copy(medication, snapshot, None))
    later = timezone.now() + datetime.timedelta(hours=1)
    signoff.publish(medication, reviewers["approver"][0], go_live_at=later, clinically_significant=marked)
    assert _queued() == {}
    signoff.publish_scheduled(now=later + datetime.timedelta(minutes=1))
    assert _queued() == {"POEMS syndrome": "Dr Hub", "Diuretics compared": "Dr Guide"}


def test_a_new_sign_off_of_the_page_clears_it(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    _change(site["guide"], reviewers["hub"][0], body=site["guide"].body + " Checked against the new dose.")
    assert _queued() == {"POEMS syndrome": "Dr Hub"}
    cleared = SourceChange.objects.get(title="Diuretics compared")
    assert cleared.cleared_at is not None and cleared.cleared_by == reviewers["hub"][0]


def test_the_record_follows_the_version_that_went_live(site, reviewers, make_medication):
    furosemide = make_medication(name="furosemide", slug="furosemide")
    _change(site["guide"], reviewers["hub"][0], body="[Furosemide](medication:furosemide) only.")
    keys = set(PageDependency.objects.of(site["guide"]).values_list("key", flat=True))
    assert f"medication-{furosemide.pk}" in keys and f"medication-{site['medication'].pk}" not in keys


def test_a_spanish_page_that_shows_the_medicine_goes_to_the_spanish_reviewer(site, reviewers, make_article):
    source = make_article(title="Fluid tablets", slug="fluid-tablets")
    version = translate(source, "es")
    version.title, version.slug, version.status = "Pastillas para el líquido", "pastillas-liquido", Status.IN_REVIEW
    version.body = "La [espironolactona](medication:spironolactone) retiene el potasio."
    version.save()
    signoff.publish(version, reviewers["spanish"][0])
    assert f"medication-{site['medication'].pk}" in PageDependency.objects.of(version).values_list("key", flat=True)

    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    entry = SourceChange.objects.get(object_id=version.pk, language="es")
    assert entry.reviewer.name == "Dr Spanish" and entry.title == "Pastillas para el líquido"


def test_the_medicines_own_translation_is_not_queued_here(site, reviewers):
    version = translate(site["medication"], "es")
    version.name, version.slug, version.status = "espironolactona", "espironolactona", Status.IN_REVIEW
    version.save()
    signoff.publish(version, reviewers["spanish"][0])
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    assert not SourceChange.objects.filter(object_id=version.pk, content_type__model="medication").exists()
    version.refresh_from_db()
    assert version.stale_since is not None  # its own queue: translations whose source changed


def test_record_dependencies_rebuilds_every_live_page(site):
    PageDependency.objects.all().delete()
    out = io.StringIO()
    call_command("record_dependencies", stdout=out)
    assert out.getvalue() == "Recorded what 4 live pages show.\n"
    assert PageDependency.objects.of(site["hub"]).exists() and PageDependency.objects.of(site["guide"]).exists()


# The reviewer's queue in the admin.


def test_the_hub_reviewer_sees_the_hub_in_their_queue_with_the_medicines_differences(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    web = client_for(reviewers["hub"][0])
    home = web.get(reverse("admin:index")).content.decode()
    assert "Pages whose sources changed (1):" in home
    assert "POEMS syndrome</a>: “spironolactone” changed (typical dosing)" in home
    assert "Diuretics compared" not in home  # the guide's reviewer's, not theirs

    entry = SourceChange.objects.get(title="POEMS syndrome")
    page = web.get(reverse("admin-source-change", args=[entry.pk])).content.decode()
    assert "Clinical fields changed: typical dosing." in page
    assert "<del>25</del>" in page and "<ins>50</ins>" in page
    assert "Mark as reviewed" in page


def test_mark_as_reviewed_clears_the_page_from_the_queue(site, reviewers):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    entry = SourceChange.objects.get(title="POEMS syndrome")
    web = client_for(reviewers["hub"][0])
    response = web.post(reverse("admin-source-change", args=[entry.pk]), follow=True)
    assert "“POEMS syndrome”: marked as reviewed against the change to “spironolactone”." in response.content.decode()
    assert "Pages whose sources changed" not in response.content.decode()
    assert _queued() == {"Diuretics compared": "Dr Guide"}
    entry.refresh_from_db()
    assert entry.cleared_by == reviewers["hub"][0]


def test_only_a_reviewer_of_the_page_may_mark_it_reviewed(site, reviewers, editor):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    hub_entry = SourceChange.objects.get(title="POEMS syndrome")
    url = reverse("admin-source-change", args=[hub_entry.pk])
    assert client_for(editor).post(url).status_code == 403
    assert client_for(reviewers["spanish"][0]).post(url).status_code == 403  # reviews in Spanish only
    assert client_for(reviewers["hub"][0]).get(url.replace(str(hub_entry.pk), "999999")).status_code == 404
    assert _queued() == {"POEMS syndrome": "Dr Hub", "Diuretics compared": "Dr Guide"}


def test_the_queue_shows_hostile_titles_as_text(site, reviewers, make_article):
    make_article(
        title="<script>alert(1)</script> water",
        slug="hostile",
        body="[it](medication:spironolactone)",
        reviewed_by=reviewers["hub"][1],
    )
    record_all()
    _change(site["medication"], reviewers["approver"][0], dosing="<img src=x onerror=alert(1)> 50 mg")
    web = client_for(reviewers["hub"][0])
    home = web.get(reverse("admin:index")).content.decode()
    assert "<script>alert(1)</script>" not in home and "&lt;script&gt;alert(1)&lt;/script&gt; water" in home
    entry = SourceChange.objects.get(title__endswith="water")
    page = web.get(reverse("admin-source-change", args=[entry.pk])).content.decode()
    assert "<img src=x" not in page and "<script>alert(1)" not in page


def test_the_queue_costs_the_same_queries_however_many_pages_wait(site, reviewers, make_article):
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    web = client_for(reviewers["hub"][0])
    web.get(reverse("admin:index"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert web.get(reverse("admin:index")).status_code == 200
        return len(captured)

    one = queries()
    for number in range(6):
        make_article(slug=f"more-{number}", body="[it](medication:spironolactone)", reviewed_by=reviewers["hub"][1])
    record_all()
    _change(site["medication"], reviewers["approver"][0], dosing="Usually 75 mg once a day.")
    assert SourceChange.objects.for_reviewer(reviewers["hub"][1]).count() == 8
    assert queries() == one


def test_the_sign_off_screen_says_which_pages_follow_and_takes_the_reviewers_mark(site, reviewers):
    medication = site["medication"]
    snapshot = working_copies.capture(medication)
    snapshot["records"][0]["fields"]["summary"] = "Also used for heart failure."
    working_copies.submit(working_copies.save_copy(medication, snapshot, None))
    web = client_for(reviewers["approver"][0])
    url = reverse("admin:medications_medication_signoff", args=[medication.pk])
    page = web.get(url).content.decode()
    assert "Clinically significant change" in page
    assert "puts the 2 other live pages that show this item in their medical reviewers' queue" in page
    assert "A change to any of these always counts: typical dosing, serious warnings, common side effects" in page
    web.post(url, {"_approve": "1", "clinically_significant": "1"})
    assert _queued() == {"POEMS syndrome": "Dr Hub", "Diuretics compared": "Dr Guide"}


# The API.


def test_the_api_says_a_page_awaits_re_review_and_since_when(client, site, reviewers, settings):
    settings.PAGE_CACHE_SECONDS = 60  # answers are cached: entering and leaving the queue reach them at once
    guide, hub = "/api/v1/articles/diuretics-compared", "/api/v1/conditions/poems-syndrome"
    assert client.get(guide).json()["sourceChanged"] is None
    assert client.get(hub).json()["sourceChanged"] is None

    _change(site["medication"], reviewers["approver"][0], dosing="Usually 50 mg once a day.")
    entry = SourceChange.objects.get(title="POEMS syndrome")
    answer = client.get(hub)
    assert answer["X-Cache"] == "miss"
    since = parse_datetime(answer.json()["sourceChanged"])
    assert abs(since - entry.created_at) < datetime.timedelta(milliseconds=1)  # JSON keeps milliseconds
    assert client.get(guide).json()["sourceChanged"] is not None
    assert client.get("/api/v1/medications/spironolactone").json()["sourceChanged"] is None

    client_for(reviewers["hub"][0]).post(reverse("admin-source-change", args=[entry.pk]))
    assert client.get(hub).json()["sourceChanged"] is None
    assert client.get(guide).json()["sourceChanged"] is not None
