"""What the page cache stores and says over HTTP: raw bytes, one Redis round trip per hit,
conditional GET answered 304, and Cache-Control for a shared cache in front."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from portal.caching import backend as cache_backend
from portal.caching import generation as cache_generation
from portal.caching import local as local_memory
from portal.caching import store as page_store
from portal.models import Status
from tests.portal.caching.test_page_cache_abuse import private_redis  # noqa: F401 - a fixture


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


def test_a_page_is_stored_as_bytes_tagged_with_its_generation(client, caching, make_article):
    article = make_article(title="Stored as bytes")
    first = client.get(article.get_absolute_url())

    _path_key, key = page_store.page_keys(first.wsgi_request.META)
    _generation, stored = page_store.read_page(key)  # as bytes, with either backend

    assert isinstance(stored, bytes) and stored.startswith(page_store.PAGE_FORMAT + b"\n")
    generation, status, headers, content = page_store.decode_page(stored)
    assert generation == f"{cache_generation.current_generation()}:{cache_generation.database_generation()}"
    assert status == 200 and content == first.content
    assert headers["ETag"] == first["ETag"] and headers["Content-Type"] == first["Content-Type"]
    assert "Set-Cookie" not in headers and "X-Cache" not in headers


def test_a_page_of_an_older_generation_is_never_served(client, caching, make_article):
    article = make_article(title="Old generation")
    client.get(article.get_absolute_url())
    cache_generation.new_generation()  # as a change on another server would

    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_something_else_stored_under_a_page_key_is_a_miss(client, caching, make_article):
    article = make_article(title="Not a page")
    first = client.get(article.get_absolute_url())
    _path_key, key = page_store.page_keys(first.wsgi_request.META)
    cache.set(key, {"status": 200, "headers": [], "content": b"an old format"}, 60)
    local_memory.local_pages.clear()  # as another process, which has only the shared cache

    again = client.get(article.get_absolute_url())

    assert again["X-Cache"] == "miss" and again.content == first.content


def test_with_redis_the_page_is_raw_bytes_and_a_hit_is_one_round_trip_at_most(
    client,
    private_redis,  # noqa: F811
    make_article,
    settings,
):
    settings.PAGE_CACHE_LOCAL_MS = 200
    article = make_article(title="One round trip")
    client.get(article.get_absolute_url())
    [key] = [key for key in private_redis.keys("*") if b":page:" in key]
    assert private_redis.get(key).startswith(page_store.PAGE_FORMAT + b"\n")  # not a pickle

    private_redis.config_resetstat()
    from_memory = client.get(article.get_absolute_url())  # the generation was read just now
    assert from_memory["X-Cache"] == "hit"
    assert set(private_redis.info("commandstats")) <= {"cmdstat_config|resetstat"}

    time.sleep(0.25)
    private_redis.config_resetstat()
    hit = client.get(article.get_absolute_url())
    stats = private_redis.info("commandstats")

    assert hit["X-Cache"] == "hit"
    assert stats.pop("cmdstat_mget")["calls"] == 1
    assert not {name for name in stats if name not in {"cmdstat_info", "cmdstat_config|resetstat"}}, stats


def test_a_change_on_another_server_stops_pages_kept_in_memory_within_the_bound(client, caching, make_article):
    caching.PAGE_CACHE_LOCAL_MS = 200
    article = make_article(title="Kept in memory")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    cache.set(cache_backend.GENERATION_KEY, "moved-on-another-server", None)  # not through this process
    time.sleep(0.25)

    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_pages_kept_in_memory_are_bounded(caching):
    caching.PAGE_CACHE_LOCAL_BYTES = 10 * 1024
    pages = local_memory.LocalPages()
    for number in range(20):
        pages.put(f"page-{number}", "tag", (200, {}, b"x" * 1024))

    kept = [number for number in range(20) if pages.get(f"page-{number}", "tag") is not None]

    assert kept == list(range(15, 20))  # the most recent, within 10 KiB with their overhead
    assert pages.get("page-19", "another generation") is None


@pytest.mark.parametrize("cached", [True, False], ids=["page-cache", "no-page-cache"])
def test_a_conditional_get_with_the_etag_is_answered_304(client, settings, make_article, cached):
    settings.PAGE_CACHE_SECONDS = 60 if cached else 0
    cache.clear()
    article = make_article(title="Conditional")
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]

    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        not_modified = client.get(article.get_absolute_url(), headers={"If-None-Match": header})
        assert not_modified.status_code == 304, header
        assert not_modified.content == b"" and not_modified["ETag"] == etag
        assert not_modified["Cache-Control"] == first["Cache-Control"]
    changed = client.get(article.get_absolute_url(), headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content
    cache.clear()


def test_an_edit_changes_the_etag(client, caching, make_article):
    article = make_article(title="Before")
    etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "After"
    article.save()

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 200 and "After" in response.content.decode() and response["ETag"] != etag


def test_public_pages_tell_a_shared_cache_how_long_to_keep_them(client, caching, make_article):
    article = make_article(title="For the CDN")

    for response in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url()), client.get("/")):
        assert (
            response["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=300"
        )


def test_the_shared_lifetime_is_a_setting(client, caching, make_article):
    caching.SHARED_CACHE_SECONDS = 20
    article = make_article(title="Shorter")
    assert client.get(article.get_absolute_url())["Cache-Control"].startswith("public, max-age=0, s-maxage=20,")

    caching.SHARED_CACHE_SECONDS = 0
    cache.clear()
    assert "Cache-Control" not in client.get(article.get_absolute_url())


def test_never_public_for_a_session_staff_previews_admin_or_errors(admin_client, client, caching, make_article):
    draft = make_article(title="Draft", status=Status.DRAFT)
    published = make_article(title="Published")
    client.get(published.get_absolute_url())
    with_session = Client()
    with_session.cookies["sessionid"] = "some-session"

    responses = {
        "anonymous with a session cookie": with_session.get(published.get_absolute_url()),
        "staff": admin_client.get(published.get_absolute_url()),
        "preview": admin_client.get(draft.get_absolute_url()),
        "admin": admin_client.get("/admin/"),
        "admin log-in": client.get("/admin/login/"),
        "not found": client.get(draft.get_absolute_url()),
        "health": client.get("/healthz"),
    }

    for name, response in responses.items():
        assert "public" not in response.get("Cache-Control", ""), name
    assert "no-store" in responses["preview"]["Cache-Control"]
