"""What patients see: wording, the one disclaimer, the A–Z, comparison links, demo sources."""

import datetime

import pytest
from django.core.management import call_command

from articles.models import Source
from portal.models import Status


def test_search_with_no_results_speaks_to_patients(client, db):
    html = client.get("/search/", {"q": "zzzqqq"}).content.decode()

    assert "No published pages" not in html
    assert "We found nothing for “zzzqqq”" in html


def test_content_pages_show_one_disclaimer(client, make_condition, make_medication, make_article):
    for obj in (make_condition(), make_medication(), make_article()):
        html = client.get(obj.get_absolute_url()).content.decode()

        assert html.count("not medical advice") == 1, obj
        assert "does not replace advice" not in html


def test_an_alias_is_listed_under_its_own_letter_and_links_to_the_main_entry(client, make_condition):
    poems = make_condition(slug="poems-syndrome", name="POEMS syndrome", also_known_as="Crow–Fukase syndrome")

    html = client.get("/conditions/").content.decode()

    section_c = html.split('id="letter-C"')[1].split("</section>")[0]
    assert f'<a href="{poems.get_absolute_url()}">Crow–Fukase syndrome</a>' in section_c
    assert "another name for POEMS syndrome" in section_c


def test_compare_with_does_not_preselect_a_drug(client, make_medication):
    gabapentin = make_medication(slug="gabapentin", name="gabapentin")
    make_medication(slug="pregabalin", name="pregabalin")

    html = client.get(gabapentin.get_absolute_url()).content.decode()

    select = html.split('<select id="compare-with"')[1].split("</select>")[0]
    assert " required" in select.split(">")[0]
    assert '<option value="" selected>Choose a medication</option>' in select


def test_the_medications_list_links_the_comparison(client, make_medication):
    make_medication()

    html = client.get("/medications/").content.decode()

    assert 'href="/medications/compare/"' in html


@pytest.mark.django_db
def test_demo_sources_have_an_address_and_an_access_date():
    call_command("load_demo", verbosity=0)

    sources = list(Source.objects.all())
    assert sources
    assert all(source.url.startswith("https://") for source in sources)
    assert all(source.accessed_on == datetime.date(2025, 10, 18) for source in sources)


def test_a_staff_preview_of_a_draft_does_not_say_published(admin_client, make_article):
    article = make_article(status=Status.DRAFT, published_at=None)

    html = admin_client.get(article.get_absolute_url()).content.decode()

    assert "Published ." not in html
    assert "Not published yet." in html
