"""The image library on an S3-compatible object store, over HTTP: moto's standalone server
stands in for the production store. Uploads and renditions live in the bucket, never on the
app server's disk, and another server (a second storage instance, and on PostgreSQL a second
process) finds the same rendition there."""

import hashlib
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from images.models import Image, Rendition
from tests.images.conftest import image_bytes
from tests.processes import STRONG_KEY, free_port, run_manage

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (requirements.txt)")
pytest.importorskip("moto.server", reason="moto[server] is not installed (requirements-dev.txt)")

BUCKET = "portal-media-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_S3_REGION_NAME": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = int(os.environ.get("TEST_S3_PORT", "0")) or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


def _storage_options(endpoint: str) -> dict:
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "location": "media",
        "default_acl": None,
        "querystring_auth": False,
        "file_overwrite": False,
        "addressing_style": "path",
    }


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    client = _client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path  # nothing may land here
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _storage_options(s3_endpoint)},
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _upload(admin_client):
    return admin_client.post(
        "/admin/images/image/add/",
        {
            "file": SimpleUploadedFile("rash.jpg", image_bytes((1000, 600)), content_type="image/jpeg"),
            "title": "Rash on the forearm",
            "slug": "rash-forearm",
            "purpose": "informative",
            "credit": "Health portal project",
            "licence": "cc-by-4.0",
            "skin_tone": "IV",
        },
    )


@pytest.mark.django_db
def test_uploads_and_renditions_live_in_the_bucket(admin_client, client, bucket, tmp_path, s3_endpoint):
    assert _upload(admin_client).status_code == 302
    image = Image.objects.get(slug="rash-forearm")
    assert _keys(bucket) == {f"media/{image.file.name}"}

    response = client.get(image.rendition_url(400, "webp"))
    served = b"".join(response.streaming_content)

    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    made = Rendition.objects.get(image=image)
    assert f"media/{made.file.name}" in _keys(bucket)
    stored = bucket.get_object(Bucket=BUCKET, Key=f"media/{made.file.name}")["Body"].read()
    assert stored == served
    assert not any(path.is_file() for path in tmp_path.rglob("*"))

    # Another server: a storage of its own, built from the same settings, finds the same file.
    from storages.backends.s3 import S3Storage

    with S3Storage(**_storage_options(s3_endpoint)).open(made.file.name, "rb") as elsewhere:
        assert elsewhere.read() == served
    again = client.get(image.rendition_url(400, "webp"))
    assert b"".join(again.streaming_content) == served
    assert Rendition.objects.filter(image=image).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process shares the database on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_second_process_serves_the_rendition_the_first_made(admin_client, client, bucket, s3_endpoint):
    _upload(admin_client)
    image = Image.objects.get(slug="rash-forearm")
    first = b"".join(client.get(image.rendition_url(800)).streaming_content)
    settings = connection.settings_dict
    database = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    script = (
        "import hashlib; from django.test import Client; from images.models import Image; "
        "image = Image.objects.get(slug='rash-forearm'); "
        "response = Client().get(image.rendition_url(800)); "
        "print(response.status_code, hashlib.sha256(b''.join(response.streaming_content)).hexdigest(), "
        "image.renditions.count())"
    )

    result = run_manage(
        "shell",
        "-c",
        script,
        env={
            "DATABASE_URL": database,
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "testserver",
            "HTTPS": "0",
            "MEDIA_ROOT": "/nonexistent-media-root",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_ADDRESSING_STYLE": "path",
            **CREDENTIALS,
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["200", hashlib.sha256(first).hexdigest(), "1"]
