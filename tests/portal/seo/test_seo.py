"""What search engines and feed readers see."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import Status

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
FUTURE = timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def _json_ld(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(block)


def test_condition_page_json_ld(client, demo):
    data = _json_ld(client.get("/conditions/poems-syndrome/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["about"]["name"] == "POEMS syndrome"
    assert "Crow–Fukase syndrome" in data["about"]["alternateName"]
    assert data["lastReviewed"] == "2025-10-01"
    assert data["reviewedBy"]["@type"] == "Person" and data["reviewedBy"]["name"] == "Dr Amira Haddad"
    crumbs = data["breadcrumb"]["itemListElement"]
    assert data["breadcrumb"]["@type"] == "BreadcrumbList"
    assert [crumb["name"] for crumb in crumbs] == ["Home", "Conditions", "POEMS syndrome"]
    assert crumbs[-1]["item"] == "http://testserver/conditions/poems-syndrome/"


def test_medication_page_json_ld(client, demo):
    data = _json_ld(client.get("/medications/gabapentin/").content.decode())
    drug = data["about"]

    assert data["@type"] == "MedicalWebPage"
    assert drug["@type"] == "Drug"
    assert drug["nonProprietaryName"] == "gabapentin"
    assert drug["proprietaryName"] == ["Neurontin"]
    assert drug["drugClass"] == {"@type": "DrugClass", "name": "gabapentinoid"}
    assert drug["prescriptionStatus"] == "https://schema.org/PrescriptionOnly"


def test_article_page_json_ld(client, demo):
    html = client.get("/articles/lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks/").content.decode()
    data = _json_ld(html)

    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks"
    assert data["author"]["name"] == "Ruaridh Wood"
    assert data["datePublished"] == "2025-10-18"
    assert {item["@type"] for item in data["about"]} == {"MedicalCondition", "Drug"}


def test_json_ld_cannot_break_out_of_its_script(client, make_condition):
    condition = make_condition(name="Evil </script><script>alert(1)</script>", slug="evil")

    html = client.get(condition.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert _json_ld(html)["about"]["name"] == condition.name


def test_every_page_has_canonical_description_and_open_graph(client, demo):
    for url in ["/", "/conditions/", "/conditions/poems-syndrome/", "/medications/gabapentin/", "/articles/"]:
        html = client.get(url + "?utm_source=x").content.decode()
        assert f'<link rel="canonical" href="http://testserver{url}">' in html, url
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html), url
        for prop in ["og:title", "og:description", "og:url", "og:type", "og:site_name"]:
            assert f'<meta property="{prop}"' in html, (url, prop)
    hub = client.get("/conditions/poems-syndrome/").content.decode()
    assert '<meta property="og:title" content="POEMS syndrome">' in hub


def test_sitemap_lists_only_published_pages_with_last_modified(client, demo, make_article):
    make_article(slug="scheduled-one", published_at=FUTURE)
    make_article(slug="archived-one", status=Status.ARCHIVED)

    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
        for url in root.findall("s:url", SITEMAP_NS)
    }

    assert response.status_code == 200
    assert "http://testserver/conditions/poems-syndrome/" in entries
    assert "http://testserver/medications/gabapentin/" in entries
    assert entries["http://testserver/conditions/poems-syndrome/"] is not None
    assert not any(
        slug in loc
        for loc in entries
        for slug in ["bortezomib-and-nerve-pain", "vegf-and-poems", "scheduled-one", "archived-one"]
    )


def test_robots_txt_keeps_crawlers_out_of_editing(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /markdownx/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_answers_with_the_site_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert "max-age=" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 200


def test_every_page_names_its_icons(client, db):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in html
    assert re.search(r'<link rel="icon" href="/static/portal/favicon[.0-9a-f]*\.svg" type="image/svg\+xml">', html)


def test_feed_is_valid_atom_with_published_articles_only(client, demo, django_assert_max_num_queries):
    # 1 the latest published articles with their authors.
    with django_assert_max_num_queries(1):
        response = client.get("/feeds/articles/")
    root = ET.fromstring(response.content)
    titles = [entry.find("a:title", ATOM_NS).text for entry in root.findall("a:entry", ATOM_NS)]

    assert response["Content-Type"].startswith("application/atom+xml")
    assert titles[0] == "Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks"
    assert len(titles) == 7
    assert "Bortezomib and Nerve Pain: What We Know" not in titles
    assert "VEGF and POEMS Syndrome: New Research" not in titles


def test_preview_pages_ask_not_to_be_indexed(admin_client, make_article):
    article = make_article(status=Status.DRAFT)

    response = admin_client.get(article.get_absolute_url())

    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_related_guides_share_conditions_or_tags(client, make_article, make_condition):
    hub = make_condition()
    article = make_article(title="Main")
    article.conditions.add(hub)
    article.tags.add("fluid")
    make_article(title="Shares both").conditions.add(hub)
    Article = type(article)
    Article.objects.get(title="Shares both").tags.add("fluid")
    make_article(title="Shares a tag").tags.add("fluid")
    make_article(title="Shares nothing")
    make_article(title="Draft sibling", status=Status.DRAFT).conditions.add(hub)

    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index("Related guides") :]

    assert related.index("Shares both") < related.index("Shares a tag")
    assert "Shares nothing" not in related and "Draft sibling" not in related


def test_json_ld_carries_clinical_codes(client, demo):
    condition = _json_ld(client.get("/conditions/poems-syndrome/").content.decode())["about"]
    drug = _json_ld(client.get("/medications/gabapentin/").content.decode())["about"]

    assert condition["code"] == [{"@type": "MedicalCode", "code": "D47.Z9", "codingSystem": "ICD-10-CM"}]
    assert drug["rxcui"] == "25480"
    assert drug["code"] == [{"@type": "MedicalCode", "code": "N03AX12", "codingSystem": "ATC"}]
