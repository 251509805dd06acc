"""The page cache cannot be used against the site, and a content change cannot be lost on its way."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from portal.caching import backend as cache_backend
from portal.caching import generation as cache_generation
from portal.caching import store as page_store
from portal.models import Status
from tests.processes import free_port


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


def test_a_made_up_session_cookie_is_served_from_the_cache(client, caching, make_article):
    article = make_article(title="Cached for everyone")
    client.get(article.get_absolute_url())
    intruder = Client()
    intruder.cookies["sessionid"] = "made-up-session-key-123"
    intruder.cookies[page_store.SIGNED_IN_COOKIE] = "1:forged-signature"

    response = intruder.get(article.get_absolute_url())

    assert response["X-Cache"] == "hit"


def _log_in(client: Client, django_user_model) -> None:
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "the-right-password"})
    assert response.status_code == 302


def test_a_signed_in_editor_skips_the_cache_until_signing_out(client, caching, make_article, django_user_model):
    article = make_article(title="Shared page")
    Client().get(article.get_absolute_url())

    _log_in(client, django_user_model)
    assert page_store.SIGNED_IN_COOKIE in client.cookies
    signed_in = client.get(article.get_absolute_url())
    client.post("/admin/logout/")
    signed_out = client.get(article.get_absolute_url())

    assert "X-Cache" not in signed_in
    assert client.cookies[page_store.SIGNED_IN_COOKIE].value == ""
    assert signed_out["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "tracking", ["utm_source=newsletter", "fbclid=abc123", "gclid=x&utm_medium=email", "_=1732665600", "nonsense"]
)
def test_tracking_and_unknown_parameters_are_served_the_page_without_them(client, caching, make_article, tracking):
    make_article(title="Listed guide")
    first = client.get("/articles/")

    response = client.get(f"/articles/?{tracking}")

    assert response["X-Cache"] == "hit" and response.content == first.content


def test_parameters_a_view_reads_are_pages_of_their_own(client, caching, make_article):
    for index in range(25):
        make_article(title=f"Guide {index:02d}")
    client.get("/articles/")

    second_page = client.get("/articles/?page=2&utm_source=x")

    assert second_page["X-Cache"] == "miss" and "Page 2 of 2" in second_page.content.decode()
    assert client.get("/articles/?utm_source=y&page=2")["X-Cache"] == "hit"


def test_one_address_stores_a_bounded_number_of_variants(client, caching, make_article):
    caching.PAGE_CACHE_VARIANTS_PER_PATH = 3
    make_article(title="Salt guide")
    for word in ["salt", "water", "kidney", "sodium", "fluid"]:
        client.get("/search/", {"q": word})

    again = [client.get("/search/", {"q": word}).get("X-Cache") for word in ["salt", "water", "kidney", "sodium"]]

    assert again == ["hit", "hit", "hit", None]
    assert client.get("/search/", {"q": "sodium"}).status_code == 200
    assert client.get("/search/")["X-Cache"] in {"miss", "hit"}  # the address itself is always stored


@pytest.fixture
def private_redis(tmp_path, settings):
    """A redis-server of this test's own, never the machine's shared one, as the page cache."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server program")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backend.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache_backend.ResilientRedisCache._down_until = 0.0
    yield redis.Redis(port=port)
    process.terminate()
    process.wait(10)
    cache_backend.ResilientRedisCache._down_until = 0.0
    cache_backend.ResilientRedisCache._last_warning = 0.0


def test_an_archive_during_a_redis_blip_is_not_lost(
    client, private_redis, make_article, caplog, django_capture_on_commit_callbacks
):
    article = make_article(title="Withdrawn advice")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    # A blip: Redis answers reads but not writes, so the new generation does not arrive.
    private_redis.execute_command("CLIENT", "PAUSE", "20000", "WRITE")
    try:
        with caplog.at_level(logging.WARNING, logger="portal.caching.backend"):
            with django_capture_on_commit_callbacks(execute=True):
                article.status = Status.ARCHIVED
                article.save()
            assert "content change did not reach the cache" in caplog.text
            assert any(record.levelno == logging.ERROR for record in caplog.records)

            # Another server, which saw no error, still finds the old generation in Redis...
            cache_backend.ResilientRedisCache._down_until = 0.0
            time.sleep(cache_generation.DATABASE_GENERATION_SECONDS)
            # ...but the database's generation has moved: the withdrawn page is not served.
            assert client.get(article.get_absolute_url()).status_code == 404
    finally:
        private_redis.execute_command("CLIENT", "UNPAUSE")

    deadline = time.monotonic() + 10
    while "content change reached the cache" not in caplog.text:
        assert time.monotonic() < deadline, "the change was never sent again"
        time.sleep(0.1)
