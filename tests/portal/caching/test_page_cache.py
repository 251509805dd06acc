"""Anonymous public pages come from the shared cache; any content change is visible at once."""

import datetime
import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.caching import backend as cache_backend
from portal.models import Status
from tests.processes import free_port


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


def test_a_second_anonymous_visit_is_served_from_the_cache(client, caching, make_article, django_assert_num_queries):
    article = make_article(title="Cached guide")
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_save_is_visible_at_once(client, caching, make_article):
    article = make_article(title="Before the edit")
    client.get(article.get_absolute_url())
    client.get("/articles/")

    article.title = "After the edit"
    article.save()

    assert "After the edit" in client.get(article.get_absolute_url()).content.decode()
    assert "After the edit" in client.get("/articles/").content.decode()


def test_a_curated_list_change_is_visible_at_once(client, caching, make_condition, make_article, make_curated_guide):
    hub = make_condition()
    client.get(hub.get_absolute_url())

    make_curated_guide(hub, make_article(title="Newly curated"))

    assert "Newly curated" in client.get(hub.get_absolute_url()).content.decode()


def test_archiving_removes_a_page_at_once(client, caching, make_article):
    article = make_article(title="Soon archived")
    client.get(article.get_absolute_url())

    article.status = Status.ARCHIVED
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_are_never_served_from_or_into_the_cache(admin_client, client, caching, make_article):
    draft = make_article(title="Draft in preview", status=Status.DRAFT)
    published = make_article(title="Public page")

    for _ in range(2):
        preview = admin_client.get(draft.get_absolute_url())
        staff_view = admin_client.get(published.get_absolute_url())
        assert "X-Cache" not in preview and "X-Cache" not in staff_view
    anonymous = client.get(draft.get_absolute_url())

    assert anonymous.status_code == 404 and "X-Cache" not in anonymous


def test_admin_and_health_are_never_cached(client, caching, db):
    for url in ["/healthz", "/admin/login/"]:
        client.get(url)
        assert "X-Cache" not in client.get(url), url


def test_a_scheduled_item_appears_within_the_cache_bound(client, caching, make_article):
    caching.PAGE_CACHE_SECONDS = 1
    make_article(title="Scheduled soon", published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert "Scheduled soon" not in client.get("/articles/").content.decode()

    time.sleep(2.1)

    assert "Scheduled soon" in client.get("/articles/").content.decode()


def _redis_cache(settings, port: int) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backend.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache_backend.ResilientRedisCache._down_until = 0.0


def test_pages_are_served_while_redis_is_down(client, caching, make_article, caplog):
    _redis_cache(caching, free_port())  # nothing listens there
    article = make_article(title="Still served")

    with caplog.at_level(logging.WARNING, logger="portal.caching.backend"):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200 and "Still served" in response.content.decode()
    assert "cache unavailable" in caplog.text


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program")
def test_caching_resumes_when_redis_comes_back(client, caching, make_article, monkeypatch, tmp_path):
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]

    def start_redis() -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL)
        for _ in range(50):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return process
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    monkeypatch.setattr(cache_backend, "_RETRY_AFTER", 0.2)
    _redis_cache(caching, port)
    redis = start_redis()
    article = make_article(title="Resilient page")
    try:
        assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
        assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

        redis.terminate()
        redis.wait(10)
        time.sleep(caching.PAGE_CACHE_LOCAL_MS / 1000 + 0.05)  # what this process keeps is trusted that long
        down = client.get(article.get_absolute_url())
        assert down.status_code == 200 and down.get("X-Cache") != "hit"

        redis = start_redis()
        time.sleep(0.3)
        client.get(article.get_absolute_url())  # finds Redis again, stores the page
        assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    finally:
        redis.terminate()
        redis.wait(10)


def test_a_page_stored_between_the_save_and_the_commit_is_forgotten_when_the_change_is_committed(
    client, caching, make_article, django_capture_on_commit_callbacks
):
    """Another server may render the page from the rows as they were before the commit."""
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Changed"
        article.save()
        assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
        assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
