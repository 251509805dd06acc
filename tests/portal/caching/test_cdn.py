"""A cache in front is told which pages a change touched, by surrogate key, once the change
is committed: Varnish (xkey), Fastly and Cloudflare each get the request their API takes.
The purges go to a real HTTP server the test starts, which records what arrived."""

import http.server
import json
import threading

import pytest
from django.core.cache import cache

from medications.models import Medication
from portal.caching import cdn
from portal.publishing import working_copies


class Recorder(http.server.BaseHTTPRequestHandler):
    received: list
    status = 200

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append((self.command, self.path, self.headers, self.rfile.read(length)))
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def front():
    received = []
    handler = type("Handler", (Recorder,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received, handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


def _change(medication: Medication, django_capture_on_commit_callbacks, monkeypatch) -> list[str]:
    """Save a change and commit it; the keys the CDN was sent, once the purge thread is done."""
    threads = []
    original = cdn.purge
    monkeypatch.setattr(cdn, "purge", lambda keys: threads.append(original(keys)) or threads[-1])
    with django_capture_on_commit_callbacks(execute=True):
        medication.summary = "A summary the CDN must not keep."
        medication.save()
    for sent in threads:
        if sent is not None:
            assert sent.wait(10)
    return threads


def test_varnish_gets_a_purge_with_the_keys_of_the_pages_that_showed_the_change(
    client, caching, settings, front, make_medication, django_capture_on_commit_callbacks, monkeypatch
):
    address, received, _handler = front
    settings.CDN_PURGE, settings.CDN_PURGE_URLS = "varnish", [f"{address}/"]
    medication = make_medication(name="spironolactone", slug="spironolactone")
    page_keys = client.get(medication.get_absolute_url())["Surrogate-Key"].split()
    received.clear()

    _change(Medication.objects.get(pk=medication.pk), django_capture_on_commit_callbacks, monkeypatch)

    [(method, path, headers, _body)] = received
    assert (method, path) == ("PURGE", "/")
    assert f"medication-{medication.pk}" in headers["xkey-purge"].split()
    assert set(headers["xkey-purge"].split()) & set(page_keys)


def test_fastly_and_cloudflare_get_their_own_requests(
    caching, settings, front, make_medication, django_capture_on_commit_callbacks, monkeypatch
):
    address, received, _handler = front
    medication = make_medication(name="spironolactone", slug="spironolactone")
    settings.CDN_PURGE_API, settings.CDN_PURGE_TOKEN = address, "secret-token"

    settings.CDN_PURGE, settings.CDN_PURGE_SERVICE = "fastly", "service-1"
    _change(Medication.objects.get(pk=medication.pk), django_capture_on_commit_callbacks, monkeypatch)
    [(method, path, headers, _body)] = received
    assert (method, path) == ("POST", "/service/service-1/purge")
    assert headers["Fastly-Key"] == "secret-token"
    assert f"medication-{medication.pk}" in headers["Surrogate-Key"].split()

    received.clear()
    settings.CDN_PURGE, settings.CDN_PURGE_ZONE = "cloudflare", "zone-1"
    _change(Medication.objects.get(pk=medication.pk), django_capture_on_commit_callbacks, monkeypatch)
    [(method, path, headers, body)] = received
    assert (method, path) == ("POST", "/zones/zone-1/purge_cache")
    assert headers["Authorization"] == "Bearer secret-token"
    assert f"medication-{medication.pk}" in json.loads(body)["tags"]


def test_cloudflare_gets_at_most_thirty_tags_a_request(settings, front):
    address, received, _handler = front
    settings.CDN_PURGE_API, settings.CDN_PURGE_TOKEN, settings.CDN_PURGE_ZONE = address, "t", "zone-1"
    keys = [f"article-{number}" for number in range(75)]
    assert cdn.send("cloudflare", keys)
    sent = [json.loads(body)["tags"] for _m, _p, _h, body in received]
    assert [len(tags) for tags in sent] == [30, 30, 15]
    assert sorted(sum(sent, [])) == sorted(keys)


def test_a_cdn_that_fails_is_tried_again_then_logged(settings, front, caplog, monkeypatch):
    address, received, handler = front
    handler.status = 503
    monkeypatch.setattr(cdn.time, "sleep", lambda seconds: None)
    settings.CDN_PURGE_URLS = [f"{address}/"]
    assert cdn.send("varnish", ["medication-1"]) is False
    assert len(received) == cdn.ATTEMPTS
    assert "CDN purge failed" in caplog.text


def test_nothing_is_sent_when_no_cdn_is_configured(settings, front):
    _address, received, _handler = front
    settings.CDN_PURGE = ""
    assert cdn.purge({"medication-1"}) is None
    assert received == []


def test_a_working_copy_saved_sends_nothing(
    caching, settings, front, make_medication, django_user_model, django_capture_on_commit_callbacks
):
    address, received, _handler = front
    settings.CDN_PURGE, settings.CDN_PURGE_URLS = "varnish", [f"{address}/"]
    medication = make_medication(name="spironolactone", slug="spironolactone")
    editor = django_user_model.objects.create_superuser("cdn-editor", password="pw-cdn-123")
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = working_copies.capture(medication)
        snapshot["records"][0]["fields"]["summary"] = "Not reviewed yet."
        working_copies.save_copy(medication, snapshot, editor)
    assert received == []
