"""The production entry point (config.wsgi.application) answers a current stored page before
Django handles the request, with the headers Django sent; everything else reaches Django."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from portal.caching import store as page_store
from portal.models import Status


@pytest.fixture
def serve(settings):
    """GET (or `method`) through the WSGI application gunicorn runs: (status, headers, body, reached Django)."""
    from config.wsgi import application

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    reached = []

    def django_saw(**kwargs):
        reached.append(True)

    request_started.connect(django_saw)

    def get(path: str, method: str = "get", **extra):
        reached.clear()
        environ = getattr(RequestFactory(), method)(path, **extra).environ
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status.split()[0]), headers=dict(headers))

        response = application(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            getattr(response, "close", lambda: None)()
        return answer["status"], answer["headers"], body, bool(reached)

    yield get
    request_started.disconnect(django_saw)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


def test_a_stored_page_is_answered_without_django(serve, make_article, django_assert_num_queries):
    article = make_article(title="Answered in front")
    status, stored_headers, stored_body, reached = serve(article.get_absolute_url())
    assert status == 200 and reached and stored_headers["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        status, headers, body, reached = serve(article.get_absolute_url())

    assert status == 200 and not reached and headers["X-Cache"] == "hit"
    assert body == stored_body and b"Answered in front" in body
    assert headers["Content-Length"] == str(len(body))
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "ETag"):
        assert headers[name] == stored_headers[name], name
    assert headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_a_conditional_get_is_answered_304_in_front(serve, make_article):
    article = make_article(title="Not modified in front")
    _status, first, _body, _reached = serve(article.get_absolute_url())

    status, headers, body, reached = serve(article.get_absolute_url(), headers={"If-None-Match": first["ETag"]})

    assert status == 304 and body == b"" and not reached
    assert headers["ETag"] == first["ETag"] and headers["Cache-Control"].startswith("public")
    assert "Content-Length" not in headers and "Content-Security-Policy" not in headers


def test_a_head_request_for_a_stored_page_gets_its_headers_and_no_body(serve, make_article, django_assert_num_queries):
    article = make_article(title="Headers only")
    serve(article.get_absolute_url())  # stored
    _status, get_headers, get_body, _reached = serve(article.get_absolute_url())

    with django_assert_num_queries(0):
        status, headers, body, reached = serve(article.get_absolute_url(), method="head")

    assert status == 200 and not reached and headers["X-Cache"] == "hit"
    assert body == b""  # gunicorn: "WSGI app sent body bytes on a no-body response" otherwise
    assert headers == get_headers  # Content-Length too: the length of the page a GET gets
    assert headers["Content-Length"] == str(len(get_body))


def test_a_head_request_django_answers_gets_no_body(serve, make_article):
    article = make_article(title="Not stored yet")

    status, headers, body, reached = serve(article.get_absolute_url(), method="head")
    _status, _headers, get_body, _reached = serve(article.get_absolute_url())

    assert status == 200 and reached and body == b""
    assert b"Not stored yet" in get_body
    assert serve("/no-such-page/", method="head")[2] == b""  # an error page has no body either


def test_a_conditional_head_request_is_answered_304_in_front(serve, make_article):
    article = make_article(title="Not modified, headers only")
    _status, first, _body, _reached = serve(article.get_absolute_url())

    status, headers, body, reached = serve(
        article.get_absolute_url(), method="head", headers={"If-None-Match": first["ETag"]}
    )

    assert status == 304 and body == b"" and not reached
    assert headers["ETag"] == first["ETag"]


def test_archiving_reaches_the_front_at_once(serve, make_article):
    article = make_article(title="Withdrawn")
    serve(article.get_absolute_url())
    serve(article.get_absolute_url())

    article.status = Status.ARCHIVED
    article.save()

    status, _headers, body, reached = serve(article.get_absolute_url())
    assert status == 404 and reached and b"Withdrawn" not in body


@pytest.mark.parametrize(
    "extra",
    [
        {"headers": {"Cookie": f"{page_store.SIGNED_IN_COOKIE}=1:forged"}},
        {"headers": {"X-Forwarded-Proto": "https"}},
        {"secure": True},
        {"data": {"q": "\x00"}},
        {"headers": {"Host": "elsewhere.example"}},
    ],
    ids=["signed-in-cookie", "forwarded-https", "https", "nul-in-query", "other-host"],
)
def test_what_the_front_cannot_vouch_for_goes_to_django(serve, settings, make_article, extra):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = False
    article = make_article(title="Stored for plain http on testserver")
    serve(article.get_absolute_url())

    status, _headers, _body, reached = serve(article.get_absolute_url(), **extra)

    assert reached  # Django checks the cookie's signature, the scheme, the host, the NUL
    assert status in {200, 400}


def test_a_visitor_with_a_session_gets_the_page_but_not_marked_public(serve, make_article):
    article = make_article(title="Session cookie")
    serve(article.get_absolute_url())

    status, headers, _body, reached = serve(article.get_absolute_url(), headers={"Cookie": "sessionid=abc"})

    assert status == 200 and not reached and headers["X-Cache"] == "hit"
    assert "Cache-Control" not in headers


def test_unknown_parameters_are_served_the_stored_page_in_front(serve, make_article):
    article = make_article(title="Tracked")
    serve(article.get_absolute_url())

    status, headers, _body, reached = serve(article.get_absolute_url(), data={"utm_source": "newsletter"})

    assert status == 200 and not reached and headers["X-Cache"] == "hit"


def test_a_host_the_site_does_not_serve_is_answered_400_not_500(serve, make_article):
    article = make_article(title="Our host only")

    status, _headers, body, _reached = serve(article.get_absolute_url(), headers={"Host": "elsewhere.example"})

    assert status == 400 and b"Our host only" not in body
