"""Small, strict readers for settings that come from the environment.

A variable that is absent falls back to a safe default; one that is present but
malformed stops start-up with a message naming it, rather than being guessed at.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
_REDIS_SCHEMES = {"redis", "rediss", "unix"}


def env_database(name: str, default: str, conn_max_age: int) -> dict:
    """A database from a URL, with persistent, health-checked connections."""
    url = os.environ.get(name) or default
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host:5432/portal.")
    if scheme != "sqlite":
        # PostgreSQL's JIT compiles a plan it guesses costly (a search matching 50,000
        # documents) for longer than the query then runs: 270 ms of a 370 ms search. The
        # site's queries are short, so its sessions turn it off.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def env_redis_url(name: str) -> str:
    url = os.environ.get(name, "").strip()
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if url and scheme not in _REDIS_SCHEMES:
        raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or unix:// URL; got scheme {scheme!r}.")
    return url
