"""The real settings, with a test secret and a fast password hasher.

DATABASE_URL and REDIS_URL still come from the environment, so the suite runs
against SQLite by default and against PostgreSQL in CI.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-7f3a9c2e1b8d4f6a0e5c")
# The test client speaks plain HTTP; the tests about HTTPS turn it on themselves.
os.environ.setdefault("HTTPS", "0")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Page caching is switched on by the tests about it, not behind every other test's back.
PAGE_CACHE_SECONDS = 0
# So is rendering pages' main parts once per content generation (tests/portal/caching/test_render_once.py).
RENDERED_ONCE_SECONDS = 0
# A fourth content type, for the test that the core discovers content types (tests/test_architecture.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.leaflets"]  # noqa: F405
# Uploaded images (the demo's drawings, the library's tests) go to a folder of the run's own,
# never to the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
