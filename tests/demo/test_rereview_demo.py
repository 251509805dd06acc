"""Re-review on the demo content: a dosing change to spironolactone sends the diuretic
comparison guide and the POEMS hub, in English and in Spanish, to their reviewers; a typo
fixed in its summary sends nothing."""

import io

import pytest
from django.core.management import call_command

from medications.models import Medication
from portal.models import PageDependency, SourceChange
from portal.publishing import working_copies

GUIDE = "Spironolactone or Furosemide? Comparing Diuretics for Fluid Build-up"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Medication.objects.get(slug="spironolactone", language="en")


def _change(medication, approve, **fields) -> None:
    snapshot = working_copies.capture(medication)
    snapshot["records"][0]["fields"].update(fields)
    working_copies.save_copy(medication, snapshot, None)
    approve(medication)


def test_load_demo_records_what_every_live_page_shows(demo):
    assert PageDependency.objects.filter(key=f"medication-{demo.pk}").count() >= 4


def test_a_dosing_change_to_spironolactone_queues_the_guide_and_the_hubs_for_their_reviewers(demo, approve):
    _change(demo, approve, dosing=demo.dosing.replace("25", "50") + "\n\nTake it in the morning.")
    queued = {(entry.title, entry.language, entry.reviewer.name) for entry in SourceChange.objects.pending()}
    assert (GUIDE, "en", "Dr Amira Haddad") in queued
    assert ("POEMS syndrome", "en", "Dr Amira Haddad") in queued
    assert ("Síndrome POEMS", "es", "Dra. Inés Valdivia") in queued
    assert all(title != "spironolactone" and title != "espironolactona" for title, _language, _who in queued)


def test_a_typo_fix_in_its_summary_queues_nothing(demo, approve):
    _change(demo, approve, summary=demo.summary + " ")
    assert not SourceChange.objects.exists()
