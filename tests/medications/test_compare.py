import re

import pytest
from django.core.exceptions import ValidationError

from conditions.models import Treatment
from portal.models import Status


@pytest.fixture
def diuretics(make_medication, make_condition, make_article):
    spironolactone = make_medication(
        slug="spironolactone",
        name="spironolactone",
        drug_class="potassium-sparing diuretic",
        brands=("Aldactone",),
        side_effects="- Breast tenderness",
        warnings="- High potassium",
        dosing="25–100 mg a day",
    )
    furosemide = make_medication(
        slug="furosemide", name="furosemide", drug_class="loop diuretic", brands=("Lasix",), dosing="20–80 mg"
    )
    hub = make_condition(slug="poems-syndrome", name="POEMS syndrome")
    Treatment.objects.create(condition=hub, name="Fluid", category="supportive_care").medications.add(spironolactone)
    comparison = make_article(title="Spironolactone or furosemide?", kind="drug_comparison")
    comparison.medications.add(spironolactone, furosemide)
    make_article(title="Draft comparison", kind="drug_comparison", status=Status.DRAFT).medications.add(furosemide)
    make_medication(slug="secretmab", name="secretmab", status=Status.DRAFT)
    return spironolactone, furosemide


def test_two_medications_side_by_side(client, diuretics, django_assert_max_num_queries):
    # 1 all medications (the picker and the chosen ones), 2 their brands, 3 the conditions the
    # chosen ones treat, 4 comparison articles.
    with django_assert_max_num_queries(4):
        response = client.get("/medications/compare/?m=spironolactone&m=furosemide")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Compare spironolactone and furosemide</h1>" in html
    for expected in [
        "Potassium-sparing diuretic",
        "Loop diuretic",
        "Aldactone",
        "Lasix",
        '<a href="/conditions/poems-syndrome/">POEMS syndrome</a>',
        "Prescription only",
        "<li>Breast tenderness</li>",
        "<li>High potassium</li>",
        "25–100 mg a day",
        "Spironolactone or furosemide?",
    ]:
        assert expected in html, expected
    assert "Draft comparison" not in html
    assert "secretmab" not in html  # not even offered in the picker


def test_brand_slugs_can_be_compared(client, diuretics):
    response = client.get("/medications/compare/", {"m": ["aldactone", "lasix"]})

    assert response.status_code == 200
    assert "Compare spironolactone and furosemide" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"m": ["spironolactone"]}, 400, "Choose between 2 and 4 medications"),
        ({"m": ["spironolactone"] * 2}, 400, "only once"),
        ({"m": ["spironolactone", "aldactone"]}, 400, "the same medicine"),
        ({"m": ["a", "b", "c", "d", "e"]}, 400, "Choose between 2 and 4 medications"),
        ({"m": ["spironolactone", "no-such-drug"]}, 404, "no published page for: no-such-drug"),
        ({"m": ["spironolactone", "secretmab"]}, 404, "no published page for: secretmab"),
        ({"m": ["spironolactone", "<script>"]}, 404, "no published page for"),
    ],
)
def test_bad_choices_get_a_helpful_page(client, diuretics, query, status, message):
    response = client.get("/medications/compare/", query)
    html = response.content.decode()

    assert response.status_code == status
    assert message in html
    assert "Choose 2 to 4 medications" in html  # the picker, to try again
    assert "<script>" not in html.split("<main", 1)[1]


def test_the_picker_and_the_compare_with_entry(client, diuretics):
    picker = client.get("/medications/compare/").content.decode()
    page = client.get("/medications/spironolactone/").content.decode()

    assert 'name="m" value="furosemide"' in picker
    assert '<input type="hidden" name="m" value="spironolactone">' in page
    assert '<option value="furosemide">Furosemide</option>' in page


def test_compare_is_not_a_medication_address(make_medication):
    with pytest.raises(ValidationError):
        make_medication(slug="other", name="other").__class__(slug="compare", name="x", summary="y").full_clean()


def _ticked(html: str) -> list[str]:
    """The slugs the "compare a different set" form sends as it stands."""
    form = html.split('class="compare-picker"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<input type="checkbox" name="m" value="([^"]+)"[^>]* checked>', form)


def test_a_brand_in_the_comparison_is_ticked_as_its_generic_and_resubmits_unchanged(client, diuretics):
    first = client.get("/medications/compare/", {"m": ["furosemide", "aldactone"]})
    ticked = _ticked(first.content.decode())

    assert sorted(ticked) == ["furosemide", "spironolactone"]
    again = client.get("/medications/compare/", {"m": ticked})
    html = again.content.decode()
    assert again.status_code == 200
    assert "you chose" not in html
    assert "<h1>Compare furosemide and spironolactone</h1>" in html


def test_a_brand_alone_is_still_ticked_as_its_generic(client, diuretics):
    response = client.get("/medications/compare/", {"m": ["aldactone"]})

    assert response.status_code == 400
    assert _ticked(response.content.decode()) == ["spironolactone"]
