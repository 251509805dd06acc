"""Uploads through the library's admin form: the file's real type decides, limits hold, and
nothing of the original's metadata is ever served."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from images.models import Image
from tests.images.conftest import image_bytes


def _add(client, name: str, content: bytes, content_type: str = "image/jpeg", **fields):
    data = {
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        "title": "Skin on the forearm",
        "slug": "skin-forearm",
        "purpose": "informative",
        "credit": "A clinic",
        "licence": "cc-by-4.0",
        "skin_tone": "V",
        **fields,
    }
    return client.post("/admin/images/image/add/", data)


def _errors(response) -> str:
    return " ".join(str(error) for error in response.context["adminform"].form.errors.get("file", []))


def _jpeg_with_gps() -> bytes:
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    buffer = io.BytesIO()
    thumbnail = io.BytesIO()
    PILImage.new("RGB", (64, 64), "red").save(thumbnail, "JPEG")
    PILImage.new("RGB", (1000, 700), "peru").save(buffer, "JPEG", exif=exif.tobytes(), icc_profile=b"\0" * 200)
    return buffer.getvalue()


def _png_bomb(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header promises 900 million pixels of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\0" + b"\0" * (width // 8 + 1)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def test_a_real_jpeg_is_added_without_any_of_its_metadata(admin_client, media_root):
    original = _jpeg_with_gps()
    assert b"SERIAL-12345" in original and PILImage.open(io.BytesIO(original)).getexif().get_ifd(0x8825)

    response = _add(admin_client, "IMG_0001.jpg", original)

    assert response.status_code == 302
    image = Image.objects.get(slug="skin-forearm")
    assert (image.format, image.width, image.height) == ("JPEG", 1000, 700)
    stored = image.file.read()
    assert b"SERIAL-12345" not in stored and b"PhoneMaker" not in stored
    with PILImage.open(io.BytesIO(stored)) as clean:
        assert not clean.getexif() and "icc_profile" not in clean.info and "exif" not in clean.info


def test_nothing_served_carries_the_location(admin_client, client, media_root):
    _add(admin_client, "photo.jpg", _jpeg_with_gps())
    image = Image.objects.get(slug="skin-forearm")

    for extension in ("jpg", "webp"):
        response = client.get(image.rendition_url(800, extension))
        body = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Content-Type"] == {"jpg": "image/jpeg", "webp": "image/webp"}[extension]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"SERIAL-12345" not in body and b"GPS" not in body
        with PILImage.open(io.BytesIO(body)) as served:
            assert not served.getexif() and served.width == 800


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg", "not a JPEG, PNG or WebP"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml",
         "SVG"),
        ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png", "not a JPEG"),
        ("x.gif", image_bytes((20, 20), "GIF"), "image/gif", "not a JPEG, PNG or WebP"),
        ("x.jpg", image_bytes((800, 600))[:3000], "image/jpeg", "damaged or incomplete"),
        ("bomb.png", _png_bomb(), "image/png", "more than 40 million pixels"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_whole_allowed_image_is_a_form_error(
    admin_client, media_root, name, content, content_type, message
):
    response = _add(admin_client, name, content, content_type)

    assert response.status_code == 200
    assert message in _errors(response)
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_a_file_over_the_size_limit_is_a_form_error(admin_client, media_root, settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024

    response = _add(admin_client, "big.png", b"\x89PNG" + b"\0" * (1024 * 1024 + 1), "image/png")

    assert "larger than 1 MB" in _errors(response)


def test_the_pixel_limit_is_a_setting(admin_client, media_root, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000

    response = _add(admin_client, "wide.png", image_bytes((2000, 1000), "PNG"), "image/png")

    assert "more than 1 million pixels" in _errors(response)


def test_a_png_keeps_its_transparency_and_a_webp_its_format(admin_client, media_root):
    buffer = io.BytesIO()
    PILImage.new("RGBA", (300, 200), (0, 128, 128, 100)).save(buffer, "PNG", pnginfo=None)
    _add(admin_client, "t.png", buffer.getvalue(), "image/png", slug="transparent")
    _add(admin_client, "w.webp", image_bytes((300, 200), "WEBP"), "image/webp", slug="webp-one")

    assert Image.objects.get(slug="transparent").format == "PNG"
    assert PILImage.open(Image.objects.get(slug="transparent").file).mode == "RGBA"
    assert Image.objects.get(slug="webp-one").format == "WEBP"


def test_an_unknown_rendition_is_a_404_not_a_new_file(client, make_image):
    image = make_image()

    assert client.get(f"/images/{image.slug}/{image.digest}/width-801.jpg").status_code == 404
    assert client.get(f"/images/{image.slug}/000000000000/width-800.jpg").status_code == 404
    assert client.get("/images/nothing/000000000000/width-800.jpg").status_code == 404
    assert not image.renditions.exists()


def test_a_rendition_is_made_once(client, make_image, django_assert_num_queries):
    image = make_image()
    url = image.rendition_url(400, "webp")

    first = b"".join(client.get(url).streaming_content)
    with django_assert_num_queries(2):  # the image, its rendition
        second = b"".join(client.get(url).streaming_content)

    assert first == second
    assert image.renditions.count() == 1
    assert client.get(url)["Cache-Control"] == "public, max-age=31536000, immutable"


def _markdown_upload(client, name: str, content: bytes, content_type: str):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/markdownx/upload/", {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def test_an_image_dropped_into_markdown_joins_the_library(admin_client, media_root):
    response = _markdown_upload(admin_client, "Nerve chart.png", image_bytes((300, 200), "PNG"), "image/png")

    assert response.status_code == 200
    assert response.json() == {"image_code": "![](image:nerve-chart)"}
    image = Image.objects.get(slug="nerve-chart")
    assert (image.title, image.credit, image.licence) == ("Nerve chart", "", "")


def test_a_disguised_file_dropped_into_markdown_is_refused(admin_client, media_root):
    response = _markdown_upload(admin_client, "x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")

    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP" in str(response.json())
    assert not Image.objects.exists()


def test_only_staff_may_upload(client, db, media_root):
    response = _markdown_upload(client, "chart.png", image_bytes((30, 20), "PNG"), "image/png")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Image.objects.exists()


def test_the_library_searches_and_filters(admin_client, make_image):
    make_image(slug="ok", title="Nerve diagram")
    make_image(slug="no-credit", title="Rash photograph", credit="")

    found = admin_client.get("/admin/images/image/", {"q": "rash"}).content.decode()
    missing = admin_client.get("/admin/images/image/", {"attribution": "missing"}).content.decode()

    assert "Rash photograph" in found and "Nerve diagram" not in found
    assert "Rash photograph" in missing and "Nerve diagram" not in missing
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', missing)


def test_editors_use_the_library_and_a_new_file_replaces_the_renditions(client, editor, media_root, make_image):
    from tests.forms import client_for

    image = make_image()
    client.get(image.rendition_url(400))
    old_file = image.renditions.get().file.name
    editors = client_for(editor)

    response = editors.post(
        f"/admin/images/image/{image.pk}/change/",
        {
            "file": SimpleUploadedFile("new.png", image_bytes((500, 500), "PNG", color="navy"), "image/png"),
            "title": image.title,
            "slug": image.slug,
            "purpose": "informative",
            "credit": image.credit,
            "licence": image.licence,
            "skin_tone": "",
        },
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.format, image.width) == ("PNG", 500)
    assert not image.renditions.exists()
    assert not (media_root / old_file).exists()


def test_staff_without_the_library_may_not_drop_images_into_markdown(client, django_user_model, media_root):
    from tests.forms import client_for

    staff = django_user_model.objects.create_user("visitor", password="pw-visitor-123", is_staff=True)

    response = _markdown_upload(client_for(staff), "chart.png", image_bytes((30, 20), "PNG"), "image/png")

    assert response.status_code == 403 and not Image.objects.exists()
