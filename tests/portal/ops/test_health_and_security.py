import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

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


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, name: str, content: bytes, content_type: str):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/markdownx/upload/", {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def test_staff_can_upload_a_real_image(admin_client, media_root):
    response = _upload(admin_client, "chart.png", _png(), "image/png")

    assert response.status_code == 200
    assert response.json()["image_code"].startswith("![](/media/uploads/")
    [stored] = list((media_root / "uploads").iterdir())
    assert stored.suffix == ".png"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("x.gif", b"GIF89a<script>alert(1)</script>", "image/gif"),
        ("x.png", b"", "image/png"),
    ],
)
def test_disguised_files_are_refused(admin_client, media_root, name, content, content_type):
    response = _upload(admin_client, name, content, content_type)

    assert response.status_code == 400
    assert not (media_root / "uploads").exists()


def test_oversized_images_are_refused(admin_client, media_root, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 100

    response = _upload(admin_client, "big.png", _png((200, 200)), "image/png")

    assert response.status_code == 400
    assert "at most" in str(response.json())


def test_only_staff_may_upload(client, db, media_root):
    response = _upload(client, "chart.png", _png(), "image/png")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


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


def test_an_image_with_too_many_pixels_is_refused(admin_client, media_root):
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")

    response = _upload(admin_client, "huge.png", buffer.getvalue(), "image/png")

    assert response.status_code == 400 and "too many pixels" in str(response.json())


def test_a_null_byte_in_a_cookie_gets_a_400(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00x"

    assert client.get("/admin/").status_code == 400


def test_a_host_the_site_does_not_serve_gets_the_400_page(db):
    response = Client(raise_request_exception=False).get("/articles/", headers={"Host": "elsewhere.example"})

    assert response.status_code == 400
    assert b'rel="canonical"' not in response.content
