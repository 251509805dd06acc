"""Two gunicorn servers sharing one PostgreSQL and one Redis behave as one site."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from articles.models import Article
from portal.caching.generation import DATABASE_GENERATION_SECONDS
from tests.forms import read_form
from tests.processes import ROOT, STRONG_KEY, free_port

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="the scale-out test needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser-like client: cookies kept, redirects not followed, errors returned as responses."""

    def __init__(self, jar: http.cookiejar.CookieJar | None = None):
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
        except urllib.error.URLError:
            return 0, {}, ""  # not listening (yet)


@pytest.fixture
def servers(tmp_path):
    settings = connection.settings_dict
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        ),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CACHE_KEY_PREFIX": f"scale-out-{os.getpid()}",
        "PAGE_CACHE_SECONDS": "60",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True
    )
    assert collect.returncode == 0, collect.stderr
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
            stdout=open(tmp_path / f"server-{port}.log", "w"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            for _ in range(100):
                if Browser().request(f"{url}/healthz")[0] == 200:
                    break
                time.sleep(0.2)
            else:
                pytest.fail(f"{url} did not start: {(tmp_path / f'server-{url[-5:]}.log').read_text()[-2000:]}")
        yield urls
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(20)


def test_two_app_servers_share_content_cache_and_sessions(servers, django_user_model, make_article, approve):
    first, second = servers
    # The servers run the production password hashers, not the suite's fast one.
    password = PBKDF2PasswordHasher().encode("a-long-enough-password", "scaleoutsalt")
    django_user_model.objects.create(username="operator", password=password, is_staff=True, is_superuser=True)
    article = make_article(title="Original title", slug="shared-guide")
    patient = Browser()

    assert patient.request(f"{second}/articles/shared-guide/")[1]["X-Cache"] == "miss"
    status, headers, html = patient.request(f"{second}/articles/shared-guide/")
    assert status == 200 and headers["X-Cache"] == "hit" and "Original title" in html

    editor = Browser()
    _, _, login_page = editor.request(f"{first}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)[1]
    status, headers, _ = editor.request(
        f"{first}/admin/login/?next=/admin/",
        {"username": "operator", "password": "a-long-enough-password", "csrfmiddlewaretoken": token},
    )
    assert status == 302 and headers["Location"] == "/admin/"

    status, _, _ = editor.request(f"{second}/admin/")
    assert status == 200, "a staff session made on one server works on the other"

    change_url = f"/admin/articles/article/{article.pk}/change/"
    _, _, form_html = editor.request(f"{first}{change_url}")
    form = read_form(form_html, "article_form")
    form["title"] = ["Updated on the first server"]
    status, _, _ = editor.request(f"{first}{change_url}", form)
    assert status == 302
    assert Article.objects.get(pk=article.pk).title == "Original title"  # a working copy until signed off
    status, headers, html = patient.request(f"{second}/articles/shared-guide/")
    assert status == 200 and "Original title" in html

    approve(Article.objects.get(pk=article.pk))  # signed off from a third process, with no cache of theirs
    assert Article.objects.get(pk=article.pk).title == "Updated on the first server"
    time.sleep(DATABASE_GENERATION_SECONDS + 0.2)  # the servers notice through the database within this bound

    status, headers, html = patient.request(f"{second}/articles/shared-guide/")
    assert status == 200 and "Updated on the first server" in html
    assert headers["X-Cache"] == "miss"


def test_app_servers_reconnect_after_the_database_drops_their_connections(servers, make_article):
    make_article(title="Still here after a restart", slug="after-restart")
    patient = Browser()
    for url in servers:
        assert patient.request(f"{url}/healthz")[0] == 200  # each server now holds a persistent connection

    # What a PostgreSQL restart does to its clients: every server-side connection is gone.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 2

    for url in servers:
        assert patient.request(f"{url}/healthz")[0] == 200
        status, _, html = patient.request(f"{url}/articles/after-restart/")
        assert status == 200 and "Still here after a restart" in html


def test_static_files_are_hashed_compressed_and_cached_for_long(servers):
    status, _, html = Browser().request(f"{servers[0]}/")
    stylesheet = re.search(r'href="(/static/portal/site\.[0-9a-f]{12}\.css)"', html)
    assert status == 200 and stylesheet, "the page links the hashed stylesheet"

    request = urllib.request.Request(f"{servers[0]}{stylesheet[1]}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
