import datetime

import pytest
from django.utils import timezone

from conditions.models import Treatment
from portal.models import Status

FUTURE = timezone.now() + datetime.timedelta(days=7)


def test_brand_slug_redirects_permanently_to_the_generic(client, make_medication):
    make_medication(slug="gabapentin", name="gabapentin", brands=("Neurontin",))

    response = client.get("/medications/neurontin/")

    assert response.status_code == 301
    assert response["Location"] == "/medications/gabapentin/"


def test_brand_of_an_unpublished_generic_is_a_404(client, make_medication):
    make_medication(slug="gabapentin", status=Status.DRAFT, brands=("Neurontin",))

    assert client.get("/medications/neurontin/").status_code == 404
    assert client.get("/medications/gabapentin/").status_code == 404


def test_medication_page_shows_what_a_patient_needs(client, make_medication, make_condition, make_article):
    medication = make_medication(
        slug="spironolactone",
        name="spironolactone",
        drug_class="potassium-sparing diuretic",
        brands=("Aldactone",),
        side_effects="- Dizziness",
        warnings="- High potassium",
        dosing="25 mg once a day",
        last_reviewed=datetime.date(2025, 10, 18),
    )
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome")
    Treatment.objects.create(condition=hub, name="Fluid", category="supportive_care").medications.add(medication)
    make_article(title="Comparing diuretics").medications.add(medication)
    make_article(title="Draft about it", status=Status.DRAFT).medications.add(medication)

    html = client.get("/medications/spironolactone/").content.decode()

    assert "<h1>Spironolactone</h1>" in html
    assert "Brand names: Aldactone" in html
    assert "Potassium-sparing diuretic" in html and "Prescription only" in html
    assert '<a href="/conditions/poems-syndrome/">POEMS syndrome</a>' in html
    assert "<li>Dizziness</li>" in html and "<li>High potassium</li>" in html and "25 mg once a day" in html
    assert "Comparing diuretics" in html and "Draft about it" not in html
    assert 'Page last reviewed: <time datetime="2025-10-18">18 October 2025</time>' in html
    assert 'Next review due: <time datetime="2028-10-18">18 October 2028</time>' in html


@pytest.mark.parametrize("count", [5, 100])
def test_medication_page_query_count_does_not_grow(
    client, django_assert_num_queries, make_medication, make_condition, make_article, count
):
    medication = make_medication(brands=tuple(f"Brand{i}" for i in range(count)))
    for _ in range(count):
        Treatment.objects.create(condition=make_condition(), name="T", category="monitoring").medications.add(
            medication
        )
        make_article().medications.add(medication)

    # 1 medication with reviewer, 2 brand names, 3 its codes, 4 conditions it treats,
    # 5 articles with authors, 6 published glossary terms, 7 the other medications for "compare with…",
    # 8 the medication's published language versions (hreflang).
    with django_assert_num_queries(8):
        response = client.get(medication.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_a_to_z_lists_brands_pointing_to_the_generic(client, django_assert_num_queries, make_medication, count):
    for index in range(count):
        make_medication(slug=f"drug-{index:03d}", name=f"drug-{index:03d}", brands=(f"Brand {index:03d}",))
    make_medication(name="hidden-drug", status=Status.DRAFT, brands=("Hidden brand",))

    # 1 published medications, 2 their brand names.
    with django_assert_num_queries(2):
        html = client.get("/medications/").content.decode()

    assert '<a href="/medications/drug-007/">Brand 007</a> <span class="brand-of">(brand of drug-007)</span>' in html
    assert html.count('href="/medications/drug-') == 2 * count
    assert "hidden" not in html.lower()


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_unpublished_medication_is_a_404(client, make_medication, unpublished):
    medication = make_medication(**unpublished)

    assert client.get(medication.get_absolute_url()).status_code == 404


def test_unknown_medication_is_a_404(client, db):
    assert client.get("/medications/nothing-here/").status_code == 404
