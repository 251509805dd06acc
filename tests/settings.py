"""The real settings, with a test secret and a fast password hasher.

DATABASE_URL and REDIS_URL still come from the environment, so the suite runs
against SQLite by default and against PostgreSQL in CI.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
