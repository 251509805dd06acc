"""Benchmark: how long the public pages take with a realistic amount of content.

Creates a throw-away test database (on DATABASE_URL's server, or SQLite), loads the demo
content plus 5,000 articles and a hub with 100 curated guides, then times each page
in-process (no network, page cache off) and prints median and 95th-percentile times and
query counts. Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python bench/pages.py [--write]

--write replaces bench/results.md with the table.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 30
PAGES = [
    ("home", "/"),
    ("conditions A–Z", "/conditions/"),
    ("POEMS hub (100 curated guides)", "/conditions/poems-syndrome/"),
    ("medications A–Z", "/medications/"),
    ("medication page", "/medications/gabapentin/"),
    ("compare 2 medications", "/medications/compare/?m=spironolactone&m=furosemide"),
    ("articles list, page 1 of 250", "/articles/"),
    ("article page", "/articles/lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks/"),
    ("search: brand name", "/search/?q=neurontin"),
    ("search: typo", "/search/?q=gabapentine"),
    ("search: common word, 5,000 hits", "/search/?q=fluid"),
    ("sitemap.xml", "/sitemap.xml"),
    ("Atom feed", "/feeds/articles/"),
]


def load_content() -> None:
    from articles.models import Article, CuratedGuide
    from conditions.models import Condition
    from portal.models import Author
    from portal.search import engine as search
    from tests.conftest import create_generated_articles

    call_command("load_demo", verbosity=0)
    create_generated_articles(
        Author.objects.first(),
        5000,
        published_at=lambda index: timezone.now() - timezone.timedelta(days=1 + index % 300),
    )
    hub = Condition.objects.get(slug="poems-syndrome")
    generated = Article.objects.filter(slug__startswith="generated-").order_by("pk")[:100]
    CuratedGuide.objects.bulk_create(
        CuratedGuide(condition=hub, article=article, position=100 + index) for index, article in enumerate(generated)
    )
    hub.articles.add(*Article.objects.filter(slug__startswith="generated-").order_by("-pk")[:100])
    search.rebuild()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def measure() -> list[tuple[str, float, float, int, int]]:
    client = Client()
    rows = []
    for label, url in PAGES:
        client.get(url)  # warm the process-level caches once
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        rows.append(
            (
                label,
                statistics.median(timings),
                timings[int(len(timings) * 0.95) - 1],
                len(queries),
                len(response.content),
            )
        )
    return rows


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_content()
        rows = measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    lines = [
        f"Database: {connection.vendor}; Python {sys.version.split()[0]}; {RUNS} requests per page, in-process, "
        "page cache off; demo content + 5,000 articles, POEMS hub with 100 extra curated guides.",
        "",
        "| page | median ms | p95 ms | queries | KiB |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {label} | {median:.1f} | {p95:.1f} | {queries} | {size / 1024:.0f} |"
            for label, median, p95, queries, size in rows
        ),
    ]
    print("\n".join(lines))
    if "--write" in sys.argv:
        header = "# Page benchmark\n\nProduced by `python bench/pages.py --write` (see the script's docstring).\n\n"
        (ROOT / "bench" / "results.md").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
