"""Production settings come from the environment only, and bad values stop start-up."""

import pytest

from tests.processes import STRONG_KEY

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "health.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://health.example.org",
    "HTTPS": "1",
    "BEHIND_TLS_PROXY": "1",
    "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def test_check_deploy_reports_nothing_for_a_production_environment(manage):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


REQUIRED_ONLY = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "health.example.org"}


def test_check_deploy_is_clean_with_only_the_required_variables(manage):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=REQUIRED_ONLY)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


_REQUEST = (
    "import config.wsgi;"
    "from django.test import Client;"
    "plain = Client().get('/robots.txt');"
    "secure = Client().get('/robots.txt', secure=True);"
    "print(plain.status_code, plain.get('Location'), secure.get('Strict-Transport-Security'))"
)


def test_https_protections_are_on_when_debug_is_off(manage):
    result = manage("shell", "-c", _REQUEST, env={**REQUIRED_ONLY, "ALLOWED_HOSTS": "testserver"})

    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line == "301 https://testserver/robots.txt max-age=31536000; includeSubDomains; preload", result.stderr
    assert "HTTPS=0" not in result.stdout


def test_https_off_must_be_said_and_is_warned_about_at_start_up(manage):
    result = manage("shell", "-c", _REQUEST, env={**REQUIRED_ONLY, "ALLOWED_HOSTS": "testserver", "HTTPS": "0"})

    assert result.stdout.strip().splitlines()[-1] == "200 None None", result.stderr
    assert '"level": "WARNING"' in result.stdout and "HTTPS=0: cookies are sent over plain HTTP" in result.stdout
    assert manage("check", "--deploy", "--fail-level", "WARNING", env={**REQUIRED_ONLY, "HTTPS": "0"}).returncode != 0


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY is too weak"),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"HTTPS": "2"}, "HTTPS must be one of"),
        ({"DATABASE_URL": "mysql://db/portal"}, "DATABASE_URL must be a postgres:// or sqlite:// URL"),
        ({"DATABASE_URL": "postgres://db.internal:5432/"}, "DATABASE_URL must name a database"),
        ({"REDIS_URL": "http://cache.internal"}, "REDIS_URL must be a redis://"),
        ({"DATABASE_CONN_MAX_AGE": "forever"}, "DATABASE_CONN_MAX_AGE must be a whole number"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be at least 1"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be"),
    ],
)
def test_a_missing_or_bad_variable_stops_start_up_naming_it(manage, changes, named):
    result = manage("check", env={**PRODUCTION, **changes})

    assert result.returncode != 0
    assert named in result.stderr


def test_secrets_are_not_echoed_in_error_messages(manage):
    result = manage("check", env={**PRODUCTION, "REDIS_URL": "http://user:hunter2-secret@cache"})

    assert "hunter2-secret" not in result.stderr


def test_without_any_variable_development_still_needs_debug_on(manage):
    assert manage("check", env={}).returncode != 0
    assert manage("check", env={"DEBUG": "1"}).returncode == 0


def test_postgresql_sessions_run_without_jit(monkeypatch):
    from portal.ops.env import env_database

    monkeypatch.setenv("DB_FOR_TEST", "postgres://portal@db.example:5432/portal?options=-c%20statement_timeout%3D5000")

    options = env_database("DB_FOR_TEST", default="", conn_max_age=0)["OPTIONS"]["options"]

    assert options == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.django_db
def test_the_site_database_session_has_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
