import io

import pytest
from django.core.management import call_command

from images.models import Image
from portal.models import Status
from tests.conftest import PAST, signed_off
from tests.images.conftest import image_bytes


@pytest.fixture
def old_upload(media_root):
    folder = media_root / "uploads"
    folder.mkdir()
    (folder / "abc123.jpg").write_bytes(image_bytes((640, 480)))
    (folder / "notes.jpg").write_bytes(b"<html>not an image</html>")
    return folder


def test_old_uploads_move_into_the_library_and_the_text_embeds_them(client, old_upload, db):
    from conditions.models import Condition

    condition = signed_off(
        Condition,
        name="Skin changes",
        slug="skin-changes",
        summary="Changes in the skin.",
        overview="Look:\n\n![Darker patches on the back](/media/uploads/abc123.jpg)\n",
        status=Status.PUBLISHED,
        published_at=PAST,
    )

    call_command("import_uploads", stdout=io.StringIO(), stderr=io.StringIO())

    image = Image.objects.get()
    assert (image.width, image.height, image.credit) == (640, 480, "")
    condition.refresh_from_db()
    assert f"![Darker patches on the back](image:{image.slug})" in condition.overview
    assert not (old_upload / "abc123.jpg").exists()
    assert (old_upload / "notes.jpg").exists()  # not an image: left for a person to look at
    page = client.get("/conditions/skin-changes/").content.decode()
    assert 'alt="Darker patches on the back"' in page and "/media/uploads/" not in page
