"""The main part of a public page is rendered once per content generation: the same page as
rendered every time, a change visible at once, and nothing rendered for staff kept."""

import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from portal.admin_urls import admin_url
from portal.caching import backend as cache_backend
from portal.models import Status
from portal.publishing import working_copies


@pytest.fixture
def once(settings):
    settings.RENDERED_ONCE_SECONDS = 60
    return settings


@pytest.fixture
def pages(make_condition, make_medication, make_article, make_curated_guide, make_term):
    hub = make_condition(
        name="Rendered once syndrome", overview="A hub that links [gabapentin](medication:gabapentin)."
    )
    medication = make_medication(name="gabapentin", slug="gabapentin", brands=("Neurontin",))
    article = make_article(title="A guide rendered once", body="## One\n\nText.\n\n## Two\n\nMore.\n\n## Three\n")
    article.conditions.add(hub)
    article.medications.add(medication)
    make_curated_guide(hub, article, note="Start here")
    make_term(term="neuropathy")
    return {
        "hub": hub.get_absolute_url(),
        "medication": medication.get_absolute_url(),
        "article": article.get_absolute_url(),
        "articles list": "/articles/",
        "home": "/",
        "search": "/search/?q=guide",
        "conditions A–Z": "/conditions/",
        "medications A–Z": "/medications/",
        "glossary A–Z": "/glossary/",
    }, article


PAGES = ["hub", "medication", "article", "articles list", "home", "search"]
LISTS = ["conditions A–Z", "medications A–Z", "glossary A–Z"]


@pytest.mark.parametrize("page", PAGES + LISTS)
def test_a_page_rendered_once_is_the_page_rendered_every_time(
    client, settings, pages, page, django_assert_max_num_queries
):
    urls, _article = pages
    settings.RENDERED_ONCE_SECONDS = 0
    every_time = client.get(urls[page])
    settings.RENDERED_ONCE_SECONDS = 60

    first = client.get(urls[page])
    with django_assert_max_num_queries(2):  # the item itself, for its title; the rest is kept
        again = client.get(urls[page])

    assert every_time.status_code == first.status_code == again.status_code == 200
    assert every_time.content == first.content == again.content


@pytest.mark.parametrize("page", PAGES)
def test_an_edit_is_on_every_page_at_once(client, once, pages, page):
    urls, article = pages
    assert "A guide rendered once" in client.get(urls[page]).content.decode()

    article.title = "A guide edited since"
    article.summary = "What changed."
    article.save()

    html = client.get(urls[page]).content.decode()
    assert "A guide edited since" in html and "A guide rendered once" not in html


def test_a_renamed_condition_is_in_the_a_to_z_at_once(client, once, pages, make_condition):
    urls, _article = pages
    condition = make_condition(name="Before the rename")
    assert "Before the rename" in client.get(urls["conditions A–Z"]).content.decode()

    condition.name = "After the rename"
    condition.save()

    html = client.get(urls["conditions A–Z"]).content.decode()
    assert "After the rename" in html and "Before the rename" not in html


def test_an_archived_article_leaves_the_lists_at_once(client, once, pages):
    urls, article = pages
    for page in PAGES:
        client.get(urls[page])

    article.status = Status.ARCHIVED
    article.save()

    assert client.get(urls["article"]).status_code == 404
    for page in ("hub", "medication", "articles list", "home", "search"):
        assert "A guide rendered once" not in client.get(urls[page]).content.decode(), page


def test_a_working_copy_shown_to_staff_is_never_kept(client, admin_client, once, pages):
    urls, article = pages
    snapshot = working_copies.capture(article)
    snapshot["records"][0]["fields"]["title"] = "Not signed off yet"
    working_copies.save_copy(article, snapshot, None)

    preview = admin_client.get(admin_url(article, "preview"))
    assert "Not signed off yet" in preview.content.decode()

    for page in PAGES:
        html = client.get(urls[page]).content.decode()
        assert "Not signed off yet" not in html and "A guide rendered once" in html, page


def test_a_draft_previewed_by_staff_is_never_kept(client, admin_client, once, make_article):
    draft = make_article(title="Draft only", status=Status.DRAFT)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200  # a preview

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Draft only" not in client.get("/articles/").content.decode()


def test_a_change_made_on_another_server_is_seen_within_the_bound(client, once, pages):
    urls, article = pages
    client.get(urls["article"])

    Article.objects.filter(pk=article.pk).update(title="Changed elsewhere")  # no signal in this process
    cache.set(cache_backend.GENERATION_KEY, "set-by-another-server", None)  # what that server's signal does
    time.sleep(once.PAGE_CACHE_LOCAL_MS / 1000 + 0.05)

    assert "Changed elsewhere" in client.get(urls["article"]).content.decode()


def test_a_scheduled_article_joins_the_list_within_the_bound(client, once, make_article):
    once.RENDERED_ONCE_SECONDS = 1
    make_article(
        title="Soon public", summary="Scheduled.", published_at=timezone.now() + timezone.timedelta(seconds=0.5)
    )
    assert "Soon public" not in client.get("/articles/").content.decode()

    time.sleep(1.1)

    assert "Soon public" in client.get("/articles/").content.decode()


def test_each_host_gets_its_own_addresses(client, once, settings, pages):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    urls, _article = pages
    client.get(urls["article"])

    html = client.get(urls["article"], headers={"Host": "www.example.org"}).content.decode()

    assert "http://www.example.org/" in html and "http://testserver/" not in html
