"""Check that the working-copy migration is lossless, backward and forward, on a populated
PostgreSQL database (the demo content plus 5,000 generated articles).

Run from the project folder:

    .venv/bin/python bench/migrations_check.py [postgres://postgres@127.0.0.1:5432]

It creates and drops its own database (`portal_migrations_check`), never touching others.
It exports all content, migrates `portal` back to before working copies, checks the
export is unchanged, migrates forward again and checks it once more.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432"
DATABASE = "portal_migrations_check"
BEFORE_WORKING_COPIES = "0007_search_kind_is_the_link_scheme"

os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("DEBUG", "1")  # the project's settings with a development key: nothing is served


def _admin_connection():
    import psycopg

    connection = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    return connection


def main() -> int:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    try:
        return _check()
    finally:
        from django.db import connections

        connections.close_all()
        with _admin_connection() as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def _check() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from bench.pages import load_content
    from portal.models import Publication
    from portal.ops.backup import export_content

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    load_content()
    print(f"loaded the demo and 5,000 articles in {time.monotonic() - started:.1f} s")
    before = export_content()
    publications = Publication.objects.count()

    started = time.monotonic()
    call_command("migrate", "portal", BEFORE_WORKING_COPIES, verbosity=0)
    backward = time.monotonic() - started
    after_backward = export_content()
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    forward = time.monotonic() - started
    after_forward = export_content()

    rows = len(json.loads(before))
    print(f"content export: {len(before):,} characters, {rows:,} rows")
    print(f"publications recorded before going back: {publications}")
    print(f"backward to {BEFORE_WORKING_COPIES}: {backward:.2f} s, content identical: {after_backward == before}")
    print(f"forward again: {forward:.2f} s, content identical: {after_forward == before}")
    return 0 if before == after_backward == after_forward else 1


if __name__ == "__main__":
    sys.exit(main())
