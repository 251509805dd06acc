"""Editors translate an item: a draft linked to its source, with its own text and the source's facts."""

import pytest

from conditions.models import CareTeamMember, Condition, ConditionCode, Specialty
from portal.models import Status
from portal.publishing.translations import TranslationRefused, coverage, translate
from tests.languages.test_content import spanish


@pytest.fixture
def hub(make_condition, make_medication):
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome", overview="## About\n\nRare.")
    gabapentin = make_medication(name="gabapentin", slug="gabapentin")
    hub.treatments.create(name="Gabapentin for nerve pain", category="symptom_relief").medications.add(gabapentin)
    CareTeamMember.objects.create(condition=hub, specialty=Specialty.objects.create(name="Neurology"), focus="Nerves")
    ConditionCode.objects.create(condition=hub, system="icd10cm", code="D47.Z9")
    return hub


def test_translate_starts_a_draft_copy_with_the_text_holding_parts(hub):
    version = translate(hub, "es")

    assert (version.language, version.translation_of, version.status) == ("es", hub, Status.DRAFT)
    assert (version.name, version.slug, version.overview) == (hub.name, hub.slug, hub.overview)
    assert version.reviewed_by is None and version.published_at is None
    treatment = version.treatments.get()
    assert treatment.name == "Gabapentin for nerve pain"
    assert [m.slug for m in treatment.medications.all()] == ["gabapentin"]
    assert version.care_team.get().focus == "Nerves"
    # Codes are the source's: not copied, so they cannot differ.
    assert not version.codes.exists()
    assert [code.code for code in version.source.codes.all()] == ["D47.Z9"]


def test_translating_again_or_from_the_translation_gives_the_same_version(hub):
    version = translate(hub, "es")
    assert translate(hub, "es") == version
    assert translate(version, "es") == version
    assert Condition.objects.filter(language="es").count() == 1


@pytest.mark.parametrize("language", ["en", "fr", ""])
def test_only_into_the_other_languages(hub, language):
    with pytest.raises(TranslationRefused):
        translate(hub, language)


def test_a_draft_translation_is_not_public(client, hub):
    translate(hub, "es")
    assert client.get("/es/condiciones/poems-syndrome/").status_code == 404
    assert "poems-syndrome" in client.get("/es/condiciones/").content.decode()  # the English one, marked
    assert 'hreflang="es"' not in client.get("/conditions/poems-syndrome/").content.decode()


def test_the_admin_translate_button_creates_the_draft_and_opens_it(client, editor, hub):
    client.force_login(editor)
    page = client.get(f"/admin/conditions/condition/{hub.pk}/change/").content.decode()
    url = f"/admin/conditions/condition/{hub.pk}/translate/es/"
    assert f'formaction="{url}"' in page and "Translate into Español" in page

    assert client.get(url).status_code == 405  # a link followed by a crawler creates nothing
    response = client.post(url)
    version = Condition.objects.get(language="es")
    assert response.status_code == 302 and response["Location"] == f"/admin/conditions/condition/{version.pk}/change/"

    form = client.get(response["Location"]).content.decode()
    assert "Translation of" in form or "POEMS syndrome</a> (published)" in form
    assert "Open the Español version" in client.get(f"/admin/conditions/condition/{hub.pk}/change/").content.decode()
    # The source's facts are not editable on the translation's page.
    assert "codes-TOTAL_FORMS" not in form and "relations-TOTAL_FORMS" not in form
    assert "treatments-TOTAL_FORMS" in form


def test_translate_needs_change_permission(client, django_user_model, hub):
    visitor = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(visitor)
    assert client.post(f"/admin/conditions/condition/{hub.pk}/translate/es/").status_code == 403
    assert not Condition.objects.filter(language="es").exists()


def test_the_language_filter_lists_one_language(client, editor, hub):
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    client.force_login(editor)
    page = client.get("/admin/conditions/condition/?language=es").content.decode()
    assert "Síndrome POEMS" in page and ">POEMS syndrome<" not in page


def test_the_table_of_items_and_languages_shows_what_is_missing(client, editor, hub, make_condition):
    make_condition(name="Organomegaly", slug="organomegaly")
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    rows = {row.source.slug: [cell.state for cell in row.cells] for row in coverage(Condition)}
    assert rows == {"poems-syndrome": ["published", "published"], "organomegaly": ["published", "missing"]}

    client.force_login(editor)
    page = client.get("/admin/translations/").content.decode()
    assert "Síndrome POEMS" in page and "missing" in page
