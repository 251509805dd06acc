"""The demo in Spanish: the hub, its components, its treatments' medications, two guides and
the glossary, signed off by a reviewer who reviews in Spanish, every link working."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article
from conditions.models import Condition
from glossary.models import Term
from medications.models import Medication
from portal.publishing.references import broken_links


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_spanish_demo_is_published_and_signed_off_by_the_spanish_reviewer(demo):
    hub = Condition.objects.get(language="es", slug="sindrome-poems")
    assert hub.translation_of.slug == "poems-syndrome" and hub.is_published
    assert hub.reviewed_by.slug == "ines-valdivia"
    assert Condition.objects.filter(language="es").count() == 6  # the hub and its five components
    treated_with = {m.pk for t in hub.source.treatments.all() for m in t.medications.all()}
    assert treated_with <= set(Medication.objects.filter(language="es").values_list("translation_of", flat=True))
    assert Article.objects.filter(language="es").count() == 2
    assert Term.objects.filter(language="es").count() == Term.objects.filter(language="en").count()
    assert [t.name for t in hub.treatments.all()] != [t.name for t in hub.source.treatments.all()]
    assert all(member.specialty.language == "es" for member in hub.care_team.all())


def test_every_link_in_the_spanish_texts_works(demo):
    with translation.override("es"):
        assert broken_links() == []


def test_the_spanish_hub_is_in_spanish_with_its_facts_from_the_english_hub(client, demo):
    html = client.get("/es/condiciones/sindrome-poems/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<h1>Síndrome POEMS" in main
    assert 'href="/es/condiciones/polineuropatia/"' in main  # a component, in Spanish
    assert 'href="/es/medicamentos/lenalidomida/"' in main  # a treatment's medication, in Spanish
    assert "Revlimid" in main  # brand names are the source's
    assert "Inés Valdivia" in main
    assert "D47.Z9" in html  # the source's codes, in the JSON-LD
    # Guides without a Spanish version are shown in English, marked.
    marked = re.findall(r'<a href="(/articles/[^"]+)" lang="en">', main)
    assert marked and all(not path.startswith("/es/") for path in marked)
