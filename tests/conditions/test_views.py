import datetime
import re

import pytest
from django.utils import timezone

from conditions.models import ConditionRelation, Specialty, Treatment
from portal.models import Status

FUTURE = timezone.now() + datetime.timedelta(days=7)


def _hub_with(make_condition, make_medication, make_article, make_curated_guide, count: int):
    """A hub with `count` curated guides, treatments (each with a branded medication) and components."""
    hub = make_condition(overview="## About\n\nText.")
    for index in range(count):
        make_curated_guide(hub, make_article(), position=index)
        treatment = Treatment.objects.create(condition=hub, name=f"T{index}", category="symptom_relief")
        treatment.medications.add(make_medication(brands=(f"Brand{index}",)))
        ConditionRelation.objects.create(condition=hub, related=make_condition(), position=index)
        make_article().conditions.add(hub)
    specialty = Specialty.objects.create(name=f"Specialty for {hub.slug}")
    hub.care_team.create(specialty=specialty)
    return hub


@pytest.mark.parametrize("count", [5, 100])
def test_hub_query_count_does_not_grow_with_items(
    client, django_assert_num_queries, make_condition, make_medication, make_article, make_curated_guide, count
):
    hub = _hub_with(make_condition, make_medication, make_article, make_curated_guide, count)

    # 1 condition with its reviewer, 2 its codes, 3 care team with specialties, 4 published components,
    # 5 treatments, 6 their published medications, 7 those medications' brand names,
    # 8 published curated guides with article and author, 9 published glossary terms,
    # 10 "more on this topic" with authors, 11 the hub's published language versions (hreflang).
    with django_assert_num_queries(11):
        response = client.get(hub.get_absolute_url())

    assert response.status_code == 200


@pytest.fixture
def demo_hub(client, db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    html = client.get("/conditions/poems-syndrome/").content.decode()
    return html[html.index("<main") :]


def test_hub_shows_its_sections_in_the_designed_order(demo_hub):
    markers = [
        "<h1>POEMS syndrome",
        "Also known as: Polyneuropathy, organomegaly",
        "a small clone of abnormal plasma cells",  # summary
        "Usually adults in their 40s to 60s",
        "Your care team",
        "What it is made up of",
        "What happens in POEMS syndrome",  # the overview
        "Treatment and symptom management",
        'id="guides-heading"',
        'id="more-heading"',
        "Page last reviewed:",
    ]
    positions = [demo_hub.index(marker) for marker in markers]

    assert positions == sorted(positions)


def test_hub_lists_components_with_definitions_and_treatments_with_brands(demo_hub):
    assert '<a href="/conditions/polyneuropathy/">Polyneuropathy</a>' in demo_hub
    assert "The nerve-damage part of POEMS syndrome" in demo_hub
    assert '<a href="/medications/gabapentin/">gabapentin</a> (Neurontin)' in demo_hub
    assert '<a href="/medications/spironolactone/">spironolactone</a> (Aldactone)' in demo_hub
    assert '<time datetime="2025-10-01">1 October 2025</time>' in demo_hub


def test_hub_curated_guides_come_first_in_order_and_are_not_repeated(demo_hub):
    guides = demo_hub[demo_hub.index('id="guides-heading"') : demo_hub.index('id="more-heading"')]
    more = demo_hub[demo_hub.index('id="more-heading"') : demo_hub.index("Page last reviewed:")]
    titles = re.findall(r'<h3><a href="/articles/[^"]+/">([^<]+)</a></h3>', guides)

    assert titles[0] == "Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks"
    assert len(titles) == 5
    assert "Ruaridh Wood" in guides and '<time datetime="2025-10-18">18 October 2025</time>' in guides
    assert "Understanding Your Serum Protein Electrophoresis Results" in more
    assert not any(title in more for title in titles)


def test_hub_never_shows_unpublished_guides_or_components(demo_hub):
    assert "Bortezomib and Nerve Pain" not in demo_hub  # a curated draft
    assert "VEGF and POEMS Syndrome: New Research" not in demo_hub  # a curated, scheduled article


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_unpublished_items_are_absent_from_the_hub(
    client, make_condition, make_article, make_medication, make_curated_guide, unpublished
):
    hub = make_condition()
    make_curated_guide(hub, make_article(title="Hidden curated", **unpublished))
    make_article(title="Hidden linked", **unpublished).conditions.add(hub)
    ConditionRelation.objects.create(condition=hub, related=make_condition(name="Hidden part", **unpublished))
    treatment = Treatment.objects.create(condition=hub, name="Visible treatment", category="monitoring")
    treatment.medications.add(make_medication(name="hiddenmab", **unpublished))

    html = client.get(hub.get_absolute_url()).content.decode()

    assert "Visible treatment" in html
    for hidden in ["Hidden curated", "Hidden linked", "Hidden part", "hiddenmab"]:
        assert hidden not in html


@pytest.mark.parametrize(
    "unpublished", [{"status": Status.DRAFT}, {"status": Status.ARCHIVED}, {"published_at": FUTURE}]
)
def test_an_unpublished_condition_is_a_404_and_missing_from_the_a_to_z(client, make_condition, unpublished):
    condition = make_condition(name="Secret condition", **unpublished)

    assert client.get(condition.get_absolute_url()).status_code == 404
    assert "Secret condition" not in client.get("/conditions/").content.decode()


def test_staff_preview_a_draft_with_a_banner_and_no_caching(admin_client, make_condition):
    condition = make_condition(status=Status.DRAFT)

    response = admin_client.get(condition.get_absolute_url())

    assert response.status_code == 200
    assert "This page is not public" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_staff_see_a_published_page_without_the_preview_banner(admin_client, make_condition):
    response = admin_client.get(make_condition().get_absolute_url())

    assert "This page is not public" not in response.content.decode()


def test_unknown_condition_is_a_friendly_404(client, db):
    response = client.get("/conditions/no-such-thing/")

    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


def test_a_to_z_groups_by_letter_and_lists_aliases(client, make_condition):
    make_condition(name="POEMS syndrome", also_known_as="Crow–Fukase syndrome")
    make_condition(name="Polyneuropathy")
    make_condition(name="Endocrinopathy")

    html = client.get("/conditions/").content.decode()

    assert html.index('<h2 id="letter-E">E</h2>') < html.index('<h2 id="letter-P">P</h2>')
    assert html.index(">POEMS syndrome<") < html.index(">Polyneuropathy<")
    assert "Also known as: Crow–Fukase syndrome" in html


@pytest.mark.parametrize("count", [10, 200])
def test_a_to_z_query_count_does_not_grow(client, django_assert_num_queries, make_condition, count):
    for _ in range(count):
        make_condition()

    with django_assert_num_queries(1):  # 1 published conditions
        response = client.get("/conditions/")

    assert response.content.decode().count('<li><a href="/conditions/condition-') == count
