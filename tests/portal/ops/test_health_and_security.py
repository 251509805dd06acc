import pytest
from django.test import Client

from tests.processes import STRONG_KEY


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_dead(manage):
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    result = manage(
        "shell",
        "-c",
        script,
        env={
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "postgres://nobody:secret-password@127.0.0.1:9/portal",
        },
    )

    assert result.stdout.strip().splitlines()[-1] == '503 {"status": "unavailable", "database": "unavailable"}'
    assert '"level": "WARNING", "logger": "portal.pages.views", "message": "health check failed' in result.stdout
    assert "secret-password" not in result.stdout


def test_security_headers_on_public_pages(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]

    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_allows_inline_styles_but_no_inline_scripts(admin_client):
    policy = admin_client.get("/admin/").headers["Content-Security-Policy"]

    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_hsts_and_secure_cookies_behind_tls(settings, db):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/?tag=%00",
        "/articles/?kind=%00",
        "/medications/compare/?m=%00&m=gabapentin",
        "/search/?q=a&page=%00",
        "/search/?q=a%00b",
        "/tags/x/?page=1%00",
        "/conditions/?%00=1",
    ],
)
def test_null_bytes_in_the_address_get_a_400_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "The address contains a character we cannot use" in response.content.decode()


def test_a_null_byte_in_a_cookie_gets_a_400(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00x"

    assert client.get("/admin/").status_code == 400


def test_a_host_the_site_does_not_serve_gets_the_400_page(db):
    response = Client(raise_request_exception=False).get("/articles/", headers={"Host": "elsewhere.example"})

    assert response.status_code == 400
    assert b'rel="canonical"' not in response.content
