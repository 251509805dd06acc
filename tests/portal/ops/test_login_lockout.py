"""Admin log-in lock-out (django-axes): counted in the database, per username and per address."""

import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from portal.caching.backend import ResilientRedisCache
from tests.processes import free_port

LOCKED = "Too many failed log-in attempts"


@pytest.fixture
def editor(django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)


def _log_in(client: Client, password: str, username: str = "editor"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_a_successful_log_in_before_the_limit_works(client, editor):
    _log_in(client, "wrong")

    response = _log_in(client, "the-right-password")

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "_auth_user_id" in client.session


def test_an_account_is_locked_after_repeated_failures_from_any_address(editor):
    for index in range(3):
        response = _log_in(_from(f"10.0.0.{index}"), "wrong")
        assert response.status_code in {200, 429}
    browser = _from("10.9.9.9")

    refused = _log_in(browser, "the-right-password")

    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert "_auth_user_id" not in browser.session


def test_an_address_is_locked_after_failures_on_many_usernames(editor, django_user_model):
    django_user_model.objects.create_user("reviewer", password="another-right-password", is_staff=True)
    attacker = _from("10.1.2.3")
    for username in ("alice", "bob", "carol"):
        _log_in(attacker, "guess", username=username)

    refused = _log_in(attacker, "another-right-password", username="reviewer")

    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert _log_in(_from("10.1.2.4"), "another-right-password", username="reviewer").status_code == 302


def test_look_alike_usernames_share_the_failure_count(django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 2
    django_user_model.objects.create_user("admin", password="the-right-password", is_staff=True)
    for address in ("10.0.0.1", "10.0.0.2"):
        _log_in(_from(address), "wrong", username="ADMIN")

    response = _log_in(_from("10.9.8.7"), "the-right-password", username="\uff41dmin")

    assert response.status_code == 429 and LOCKED in response.content.decode()


@pytest.fixture
def redis_down(settings):
    """The page cache pointed at a port where nothing listens: Redis is down."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backend.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    ResilientRedisCache._down_until = 0.0
    ResilientRedisCache._last_warning = 0.0


def test_with_redis_down_fifty_wrong_passwords_still_lock_the_account(editor, redis_down, settings):
    settings.AXES_FAILURE_LIMIT = 5
    attacker = _from("10.6.6.6")
    cache.set("probe", 1)
    assert cache.get("probe") is None  # the cache really is unreachable

    statuses = {_log_in(attacker, f"wrong-{attempt}").status_code for attempt in range(50)}
    refused = _log_in(attacker, "the-right-password")

    assert statuses == {200, 429}
    assert refused.status_code == 429 and "_auth_user_id" not in attacker.session


def test_the_count_survives_the_cache_being_emptied(client, editor):
    for _ in range(3):
        _log_in(client, "wrong")

    cache.clear()

    assert _log_in(_from("10.3.3.3"), "the-right-password").status_code == 429


def test_every_failed_and_locked_log_in_is_logged(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(4):
            _log_in(client, "wrong")

    messages = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    failures = [message for message in messages if "login failure by" in message]
    assert len(failures) == 4
    assert all("editor" in message and "127.0.0.1" in message for message in failures)
    assert any("Locking out" in message for message in messages)
    assert "wrong" not in " ".join(messages)  # never the password


def test_an_operator_unlocks_an_account_with_a_command(client, editor):
    for _ in range(3):
        _log_in(client, "wrong")
    assert _log_in(_from("10.4.4.4"), "the-right-password").status_code == 429

    call_command("axes_reset_username", "editor", verbosity=0)

    assert _log_in(_from("10.4.4.4"), "the-right-password").status_code == 302
