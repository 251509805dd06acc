import io

import pytest
from PIL import Image as PILImage

from images import processing
from images.models import Image, Licence


def image_bytes(size=(1600, 900), image_format="JPEG", color="teal", **save) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, image_format, **save)
    return buffer.getvalue()


class Upload(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.size = len(data)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_image(db, media_root):
    def make(slug="nerve-diagram", size=(1600, 900), **fields) -> Image:
        defaults = {"title": "Nerve diagram", "credit": "Health portal project", "licence": Licence.CC_BY}
        image = Image(slug=slug, **{**defaults, **fields})
        image.set_file(processing.clean_upload(Upload(image_bytes(size))))
        image.save()
        return image

    return make
