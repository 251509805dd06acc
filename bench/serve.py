"""The public pages on the production stack: throughput against a trivial Django view, search
latency under load, page and CSS sizes, worker memory, and latency against corpus size.

Starts, in one run and in a temporary folder, everything it measures and nothing shared:

- its own PostgreSQL (initdb, port 55532; as root it runs as the `postgres` account) and its
  own Redis (port 56479), never the machine's services on 5432 and 6379;
- the portal under the repository's gunicorn.conf.py with production settings (DEBUG=0,
  HTTPS=0 on loopback, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1), four times: with the
  Redis page cache (port 58101, "cached"), with PAGE_CACHE_SECONDS=0 (port 58102,
  "uncached": each page's main part is still rendered once per content generation,
  portal/caching/render_once.py) and with RENDERED_ONCE_SECONDS=0 too (port 58106, "rendered every
  time": what a page costs to render from the database), and with production settings
  naming only DATABASE_URL (port 58107, "uncached, no Redis": each worker's local-memory
  cache, no page cache, parts rendered once);
- a trivial view returning 1 KB (bench/trivial.py: Security and Common middleware only)
  under the same gunicorn.conf.py (port 58100): the ceiling.

--port-offset N shifts every one of these ports (and 58103-58105 below) by N, so two runs,
or a run beside someone else's, never meet. Each gunicorn runs as `serve.py --serve-app`:
see serve_app() for why.

The corpus is the demo content, --articles generated articles, --hub-guides extra curated
guides on the POEMS hub and exactly 5 curated guides (demo articles) on the polyneuropathy
hub. The load generator is wrk (Debian's package: `apt-get install wrk`) on loopback,
through bench/wrk.py and bench/wrk.lua for p95 and runs of an exact number of requests.

--only picks the parts, in this order (default: all of them):

- corpus: loads the articles in steps (0, 5,000, 20,000 and --articles, added to the same
  database, search index rebuilt and VACUUM ANALYZE after each) and at each step measures
  p50 and p95 of eight pages rendered every time with 2 connections: does a page slow down as the
  corpus grows? Draws docs/performance.svg (p95 against corpus size). Without this part
  the articles are loaded in one step.
- ratios: for --rounds rounds, each page cached and uncached for --seconds each,
  interleaved (trivial, then each page uncached then cached, then trivial again): req/s,
  p50, p99, errors and the ratio to the trivial view of the same round. --baseline REF also
  serves the code of a git commit (exported with `git archive`; same database, its own cache
  key prefix; ports 58103 and 58104), so "before" and "after" are measured in the same run.
- search: p50, p95 and p99 of four searches (brand name, typo, a word every generated
  article has, a condition) without the page cache, rendered every time and as served
  (rendered once per content generation and query), at 1 connection and at --connections,
  against the goal p95 < 50 ms.
- sizes: bytes of both hubs' HTML and of the stylesheets each links, against the goals
  (HTML < 60 KB, CSS < 25 KB).
- memory: RSS of each worker of a fresh uncached server (port 58105, GUNICORN_MAX_REQUESTS=0
  so no worker is recycled mid-measurement), sampled every tenth of --memory-requests
  requests cycling over the public pages.
- edits: does a reviewer publishing changes cost the readers? A mix of 11 pages (both hubs,
  a medication, an article, the articles list, home, the three A–Z pages, an unrelated
  medication, a search), requested in turn on each connection through the page cache, for
  --seconds with no edits, then for --seconds while an editor process publishes one change
  every --edit-every seconds (`serve.py --edit-against PORT`, edit_here(): a new summary
  through a working copy and the medical sign-off, alternately to an article on the POEMS
  hub and to one no page of the mix shows). With --baseline, the same for that commit in the
  same run, its editor running its code (so the change goes through its invalidation).
  Reports req/s, p50, p95, p99 and the ratio to the trivial view of the same round, with
  edits / without (goals: req/s ≥ 0.9, p95 with edits ≤ p95 without / 0.9), and for each
  change: how long the sign-off took, whether the content generation was renewed, which
  pages showed the article and how long until they all showed the change.

How long, with the defaults on 2 cores: stack and demo 10 s, 50,000 articles loaded in 20 s
(or in steps by corpus: about 190 s with its measurements), ratios 6 min (9 with
--baseline), search 50 s, sizes 1 s, memory a few minutes (--memory-requests 20000 for a
quick look), edits 6 runs of --seconds a round with --baseline (4 without) plus a few
seconds' warming each: with --articles 5000 --seconds 30 --rounds 2 --baseline, 6.5 minutes
(8 with the stack and the corpus) on the loaded machine of the committed results.

Usage (--write appends a dated section per part, with the machine, to bench/results.md, and
writes docs/performance.svg; without it the plot goes to the temporary folder's parent):

    .venv/bin/python bench/serve.py [--only corpus,ratios,search,sizes,memory,edits] [--articles 50000]
        [--hub-guides 500] [--seconds 5] [--rounds 2] [--connections 16] [--memory-requests 100000]
        [--edit-every 10] [--baseline main] [--port-offset 0] [--write]
"""

import argparse
import datetime
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import plot  # bench/plot.py
import wrk  # bench/wrk.py
from processes import as_postgres, port_is_free, wait_for_port  # bench/processes.py

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PORTS = {
    "postgres": 55532,
    "redis": 56479,
    "trivial": 58100,
    "cached": 58101,
    "uncached": 58102,
    "baseline cached": 58103,
    "baseline uncached": 58104,
    "memory": 58105,
    "rendered every time": 58106,
    "uncached, no Redis": 58107,
}
WORKERS = "2"
PARTS = ["corpus", "ratios", "search", "sizes", "memory", "edits"]
CORPUS_STEPS = [0, 5_000, 20_000]  # then --articles
SMALL_HUB_SLUG = "polyneuropathy"
SMALL_HUB = ("hub, 5 guides", f"/conditions/{SMALL_HUB_SLUG}/")
BIG_HUB_PATH = "/conditions/poems-syndrome/"
ARTICLE = "/articles/lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks/"
PAGES = [
    # (label, path); the POEMS hub's label, with its number of guides, is added in main()
    SMALL_HUB,
    ("medication page", "/medications/gabapentin/"),
    ("article page", ARTICLE),
    ("articles list", "/articles/"),
    ("home", "/"),
    ("search", "/search/?q=neurontin"),
    ("conditions A–Z", "/conditions/"),
    ("medications A–Z", "/medications/"),
    ("glossary A–Z", "/glossary/"),
]
SEARCHES = [
    ("brand name", "neurontin"),
    ("typo", "gabapentn"),
    ("common word, in every generated article", "fluid"),
    ("condition name", "poems"),
]
CORPUS_PAGES = [
    ("POEMS hub (5 guides)", BIG_HUB_PATH),
    ("medication page", "/medications/gabapentin/"),
    ("article page", ARTICLE),
    ("articles list, page 1", "/articles/"),
    ("conditions A–Z", "/conditions/"),
    ("home", "/"),
    ("search: neurontin", "/search/?q=neurontin"),
    ("search: fluid, a common word", "/search/?q=fluid"),
]
CORPUS_CONNECTIONS = 2
# The edits part: what a reader asks for while reviewers publish changes, requested in turn.
EDIT_MIX = [
    ("POEMS hub", BIG_HUB_PATH),
    SMALL_HUB,
    ("medication page", "/medications/gabapentin/"),
    ("article page", ARTICLE),
    ("articles list", "/articles/"),
    ("home", "/"),
    ("conditions A–Z", "/conditions/"),
    ("medications A–Z", "/medications/"),
    ("glossary A–Z", "/glossary/"),
    ("an unrelated medication", "/medications/levocetirizine/"),
    ("search", "/search/?q=neurontin"),
]
EDIT_FIRST_AFTER = 1.0  # seconds from the start of a run to its first change
FRESH_WITHIN = 10.0  # seconds the editor waits for every page showing a change to show it
REVISION = re.compile(r"^Revision [0-9a-f]{8}\. ")  # what the editor puts before a summary
# No page cache, and the main part of each page rendered for every request (not once per
# content generation, portal/caching/render_once.py): what a page costs to render from the database.
RENDERED_EVERY_TIME = {"PAGE_CACHE_SECONDS": "0", "RENDERED_ONCE_SECONDS": "0"}
# Production settings with only DATABASE_URL: each worker's local-memory cache, no page cache.
NO_REDIS = {"REDIS_URL": ""}


class Stack:
    def __init__(self, workdir: Path, port_offset: int):
        self.workdir = workdir
        self.ports = {name: port + port_offset for name, port in PORTS.items()}
        self.pgdata = workdir / "pgdata"
        self.postgres = False
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.servers: dict[str, tuple[dict, Path]] = {}  # name: (its extra environment, its code)
        self.baseline = ""  # the short hash of --baseline once its servers are up
        self.env = {
            "PATH": os.environ["PATH"],
            "DEBUG": "0",
            "HTTPS": "0",  # plain HTTP on loopback; start-up warns about it
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_WORKERS": WORKERS,
            "LOG_LEVEL": "warning",
        }

    def start_services(self) -> None:
        for port in self.ports.values():
            if not port_is_free(port):
                raise SystemExit(f"port {port} is taken: is another bench/serve.py running? (see --port-offset)")
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(as_postgres(initdb), check=True, stdout=subprocess.DEVNULL)
        pg_port = self.ports["postgres"]
        options = f"-p {pg_port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.workdir / "postgres.log")]
        subprocess.run(as_postgres([*pg_ctl, "-o", options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        self.postgres = True
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "portal"], check=True
        )
        redis = ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", ""]
        self.processes.append(
            ("redis", subprocess.Popen([*redis, "--appendonly", "no"], cwd=self.workdir, stdout=subprocess.DEVNULL))
        )
        wait_for_port(self.ports["redis"])

    def load_demo(self) -> None:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
            self.run([sys.executable, "manage.py", *command, "-v0"])

    def add_articles(self, start: int, stop: int) -> None:
        self.run([sys.executable, __file__, "--add-articles", str(start), str(stop)])

    def curate(self, hub_guides: int) -> None:
        self.run([sys.executable, __file__, "--curate", str(hub_guides)])

    def run(self, command: list[str], extra_env: dict | None = None) -> None:
        subprocess.run(command, cwd=ROOT, env={**self.env, **(extra_env or {})}, check=True)

    def start_gunicorn(self, name: str, app: str, extra_env: dict, cwd: Path = ROOT) -> subprocess.Popen:
        port = self.ports[name]
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", **extra_env}
        env["GUNICORN_CONTROL_SOCKET"] = str(self.workdir / f"gunicorn-{port}.ctl")
        log = open(self.workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-app", app],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((f"gunicorn {name} on port {port}", process))
        self.servers[name] = (extra_env, cwd)
        wait_for_port(port)
        return process

    def start_baseline(self, ref: str) -> str:
        """The code of `ref` served cached and uncached (same database, its own cache key
        prefix), once for every part that compares with it; its short hash."""
        if not self.baseline:
            self.baseline = export_commit(ref, self.workdir / "baseline")
            before = {"CACHE_KEY_PREFIX": "baseline"}
            code = self.workdir / "baseline"
            self.start_gunicorn("baseline cached", "config.wsgi", before, cwd=code)
            self.start_gunicorn("baseline uncached", "config.wsgi", {**before, "PAGE_CACHE_SECONDS": "0"}, cwd=code)
        return self.baseline

    def postgres_version(self) -> str:
        return subprocess.run(
            [str(PG_BIN / "postgres"), "--version"], check=True, capture_output=True, text=True
        ).stdout.strip()

    def stop(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is not None:  # before its time: say so, a killed server explains failed requests
                print(f"{name} had exited, status {process.returncode}", file=sys.stderr)
            else:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    process.terminate()
                process.wait(30)
        if self.postgres:
            pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
            subprocess.run(as_postgres(pg_ctl), check=False, stdout=subprocess.DEVNULL)


def _django(code: Path = ROOT) -> None:
    """Inside a child process with the stack's environment, on the code in `code`."""
    sys.path.insert(0, str(code))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def add_articles_here(start: int, stop: int) -> None:
    """Generated articles start..stop-1 (the tests' fluid-balance article, in bulk, no signals),
    then the search index rebuilt and VACUUM ANALYZE, as after a real import."""
    _django()
    from django.db import connection
    from django.utils import timezone

    from portal.models import Author
    from portal.search import engine as search
    from tests.conftest import create_generated_articles

    began = time.monotonic()
    create_generated_articles(
        Author.objects.first(),
        stop - start,
        published_at=lambda index: timezone.now() - timezone.timedelta(days=1 + index % 300),
        start=start,
    )
    inserted = time.monotonic()
    search.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"corpus: articles {start:,} to {stop:,} inserted in {inserted - began:.1f} s, "
        f"search index rebuilt and VACUUM ANALYZE in {time.monotonic() - inserted:.1f} s",
        flush=True,
    )


def curate_here(hub_guides: int) -> None:
    """The POEMS hub gets `hub_guides` more curated guides (generated articles); the
    polyneuropathy hub exactly 5 (published demo articles)."""
    _django()
    from articles.models import Article, CuratedGuide
    from conditions.models import Condition

    poems = Condition.objects.get(slug="poems-syndrome")
    generated = Article.objects.filter(slug__startswith="generated-").order_by("pk")[:hub_guides]
    CuratedGuide.objects.bulk_create(
        CuratedGuide(condition=poems, article=article, position=100 + index) for index, article in enumerate(generated)
    )
    small = Condition.objects.get(slug=SMALL_HUB_SLUG)
    CuratedGuide.objects.filter(condition=small).delete()
    demo = Article.objects.published().exclude(slug__startswith="generated-").order_by("pk")[:5]
    CuratedGuide.objects.bulk_create(
        CuratedGuide(condition=small, article=article, position=index) for index, article in enumerate(demo, start=1)
    )


def edit_here(port: int, every: float, seconds: float, setup: bool) -> None:
    """The editor of the edits part, run in the code and environment of the server on `port`
    (so its changes go through that code's invalidation, to the same database and Redis).

    Every `every` seconds for `seconds` (the first EDIT_FIRST_AFTER in) it publishes one change
    as a reviewer would: a working copy of an article with a new summary, saved and submitted
    by one account and approved by another through the medical sign-off
    (portal.publishing.signoff.publish), alternately to the lenalidomide guide (on the POEMS
    hub, and the article page of the mix) and to a generated article that no page of the mix
    shows. For each change it prints one JSON line: how long the sign-off took, whether the
    content generation was renewed, and how long until every page that showed the article
    (among the mix and the article's own page, as served on `port`) showed the change.
    With `setup`, it creates the two accounts and publishes one change to each article: no
    page shows a summary the editor did not write after that.
    """
    _django(Path.cwd())
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from articles.models import Article, CuratedGuide
    from portal.caching.backend import GENERATION_KEY
    from portal.models import Author, ContentGeneration
    from portal.publishing import signoff, working_copies

    users = get_user_model()
    editor, _created = users.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    reviewer = users.objects.filter(username="bench-reviewer").first()
    if reviewer is None:
        reviewer = users.objects.create_superuser("bench-reviewer", password=secrets.token_urlsafe())
        Author.objects.create(
            slug="bench-reviewer", name="Dr Bench Reviewer", credentials="MD", user=reviewer, reviews_in=["en"]
        )
    shown = Article.objects.get(slug=ARTICLE.strip("/").split("/")[-1])
    unrelated = (
        Article.objects.filter(slug__startswith="generated-")
        .exclude(pk__in=CuratedGuide.objects.values("article"))
        .order_by("published_at", "pk")
        .first()
    )
    articles = [("on the POEMS hub", shown.pk), ("unrelated", unrelated.pk)]
    mix = [path for _label, path in EDIT_MIX]

    def generation() -> tuple:
        return cache.get(GENERATION_KEY), ContentGeneration.objects.filter(pk=1).values_list("number").first()

    def showing(marker: str, paths: list[str]) -> list[str]:
        return [path for path in paths if marker in fetch(port, path)[2].decode()]

    def publish_change(which: str, pk: int) -> dict:
        article = Article.objects.get(pk=pk)
        paths = [*mix, *([] if article.get_absolute_url() in mix else [article.get_absolute_url()])]
        was = REVISION.match(article.summary)
        before = showing(was.group(), paths) if was else [article.get_absolute_url()]
        marker = f"Revision {secrets.token_hex(4)}."
        snapshot = working_copies.capture(article)
        fields = snapshot["records"][0]["fields"]
        fields["summary"] = f"{marker} {REVISION.sub('', fields['summary'])}"
        working_copies.submit(working_copies.save_copy(article, snapshot, editor))
        generation_before, began, cpu = generation(), time.monotonic(), time.process_time()
        signoff.publish(article, reviewer, translations_unaffected="a summary reworded")
        published, cpu = time.monotonic(), time.process_time() - cpu
        renewed = generation() != generation_before
        fresh_after, waiting = 0.0, set(before)
        while waiting and time.monotonic() - published < FRESH_WITHIN:
            waiting -= set(showing(marker, sorted(waiting)))
            fresh_after = time.monotonic() - published
            time.sleep(0.05)
        return {
            "article": which,
            "sign_off_ms": (published - began) * 1000,
            "sign_off_cpu_ms": cpu * 1000,
            "renewed": renewed,
            "pages": before,
            "fresh_after": fresh_after,
            "stale": sorted(waiting),
        }

    if setup:
        for which, pk in articles:
            publish_change(which, pk)
        return
    print("ready", flush=True)
    start, count = time.monotonic(), 0
    while (due := start + EDIT_FIRST_AFTER + count * every) < start + seconds - 1:
        time.sleep(max(0.0, due - time.monotonic()))
        print(json.dumps(publish_change(*articles[count % len(articles)])), flush=True)
        count += 1


def serve_app(app: str) -> None:
    """gunicorn with the working directory's gunicorn.conf.py, started as this script: on a
    shared machine `pkill -f gunicorn` (someone restarting their own servers) once ended
    runs half-way; a command line without "gunicorn" in it is out of its reach."""
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", app, "-c", "gunicorn.conf.py"]
    run()


def export_commit(ref: str, target: Path) -> str:
    """The tree of `ref` in `target`, read from git without touching any work tree; its short hash."""
    target.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure_corpus(stack: Stack, args, pages: list) -> list[str]:
    """Latency of a few pages as the corpus grows: flat for the A–Z pages and lists, says the issue."""
    steps = sorted({step for step in CORPUS_STEPS if step < args.articles} | {args.articles})
    port = stack.ports["rendered every time"]
    latencies: dict[str, list[dict]] = {label: [] for label, _path in pages}
    loaded = 0
    for step in steps:
        if step > loaded:
            stack.add_articles(loaded, step)
            loaded = step
        for label, path in pages:
            for _ in range(2 * int(WORKERS)):
                assert fetch(port, path)[0] == 200, (path, step)
            latencies[label].append(wrk.run(port, path, args.seconds, CORPUS_CONNECTIONS))
        print(f"corpus: {step:,} articles measured; load average {load_average()}", flush=True)
    header = " | ".join(f"{step:,}" for step in steps)
    lines = [
        "p50 / p95 in ms, rendered every time (no page cache, RENDERED_ONCE_SECONDS=0), "
        f"wrk with {CORPUS_CONNECTIONS} connections for {args.seconds} s per page and "
        "step; columns: generated articles in the database (demo content beside them; search index rebuilt and "
        "VACUUM ANALYZE after each step; the POEMS hub has only its demo guides here).",
        "",
        f"| page | {header} | p95 at the largest / at the smallest |",
        "| --- |" + " ---: |" * (len(steps) + 1),
        *(
            f"| {label} | "
            + " | ".join(f"{r['p50']:.1f} / {r['p95']:.1f}" for r in runs)
            + f" | {runs[-1]['p95'] / max(runs[0]['p95'], 0.001):.1f}× |"
            for label, runs in latencies.items()
        ),
    ]
    svg = plot.line_chart(
        f"Latency against corpus size, rendered every time (p95, {CORPUS_CONNECTIONS} connections)",
        "generated articles in the database",
        "p95 latency, ms (logarithmic scale)",
        steps,
        {label: [r["p95"] for r in runs] for label, runs in latencies.items()},
        log_y=True,
    )
    target = ROOT / "docs" / "performance.svg" if args.write else stack.workdir.parent / "performance.svg"
    target.write_text(svg, encoding="utf-8")
    lines += ["", f"Plot: {target.relative_to(ROOT) if args.write else target}."]
    return lines


def measure_ratios(stack: Stack, args, pages: list) -> list[str]:
    """Throughput of each page cached and uncached, as a ratio of the trivial view in the same round."""
    servers = [
        ("rendered every time", stack.ports["rendered every time"]),
        ("uncached, no Redis", stack.ports["uncached, no Redis"]),
        ("uncached", stack.ports["uncached"]),
        ("cached", stack.ports["cached"]),
    ]
    if args.baseline:
        baseline = stack.start_baseline(args.baseline)
        servers = [
            (f"uncached, {baseline}", stack.ports["baseline uncached"]),
            ("rendered every time", stack.ports["rendered every time"]),
            ("uncached, no Redis", stack.ports["uncached, no Redis"]),
            ("uncached", stack.ports["uncached"]),
            (f"cached, {baseline}", stack.ports["baseline cached"]),
            ("cached", stack.ports["cached"]),
        ]
    sizes, conditional = {}, {}
    for label, path in pages:  # warm every worker and the cache; check that the cache answers
        for _ in range(4):
            for _mode, port in servers:
                status, headers, body = fetch(port, path)
                assert status == 200, (path, port, status)
        assert headers.get("X-Cache") == "hit", (path, headers)
        sizes[label] = len(body)
        validator = {k: v for k, v in (("If-None-Match", headers.get("ETag")),) if v}
        conditional[path] = (validator, fetch(stack.ports["cached"], path, validator)[0]) if validator else None
    trivial_port = stack.ports["trivial"]
    assert fetch(trivial_port, "/")[0] == 200

    hub_label, hub = pages[0]
    results: dict[tuple[str, str], list[dict]] = {}
    loads = []
    for round_number in range(args.rounds):
        loads.append(load_average())
        trivial = [wrk.run(trivial_port, "/", args.seconds, args.connections)]
        for label, path in pages:
            for mode, port in servers if round_number % 2 == 0 else reversed(servers):
                results.setdefault((label, mode), []).append(wrk.run(port, path, args.seconds, args.connections))
        if conditional[hub]:
            run = wrk.run(stack.ports["cached"], hub, args.seconds, args.connections, conditional[hub][0])
            results.setdefault((hub_label, "cached, If-None-Match: 304"), []).append(run)
        trivial.append(wrk.run(trivial_port, "/", args.seconds, args.connections))
        results.setdefault(("trivial view (1 KB)", ""), []).extend(trivial)
        loads.append(load_average())
        print(f"ratios: round {round_number + 1} of {args.rounds} done; load average {loads[-1]}", flush=True)

    ceiling = statistics.mean(r["rps"] for r in results[("trivial view (1 KB)", "")])
    sizes["trivial view (1 KB)"] = 1024

    def row(label: str, mode: str, runs: list[dict], size: int) -> str:
        rps = statistics.mean(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = max(r["p99"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        ratio = rps / ceiling
        return f"| {label} | {mode} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {ratio:.3f} | {size / 1024:.0f} |"

    return [
        f"gunicorn.conf.py with {WORKERS} workers, wrk -t2 -c{args.connections}, {args.seconds} s per case, "
        f"{args.rounds} interleaved rounds. Load average (1/5/15 min) at each round's start and end: "
        f"{'; '.join(loads)}. Errors: time-outs (no answer within 2 s) and non-2xx/3xx answers.",
        "",
        "| page | page cache | req/s | p50 ms | p99 ms | errors | ratio to trivial | KiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            row(label, mode, runs, 0 if "304" in mode else sizes[label])
            for (label, mode), runs in sorted(results.items(), key=lambda item: item[0][0] != "trivial view (1 KB)")
        ),
        "",
        "Conditional GET on the cached pages (If-None-Match with the ETag served): "
        + ", ".join(f"{label} {conditional[path][1] if conditional[path] else 'no ETag'}" for label, path in pages)
        + ".",
    ]


def start_editor(stack: Stack, server: str, args, setup: bool = False) -> subprocess.Popen:
    """`serve.py --edit-against PORT` (edit_here) with the code and environment of `server`."""
    extra_env, code = stack.servers[server]
    command = [sys.executable, str(Path(__file__).resolve()), "--edit-against", str(stack.ports[server])]
    command += ["--edit-every", str(args.edit_every), "--seconds", str(args.seconds)]
    command += ["--edit-setup"] if setup else []
    return subprocess.Popen(command, cwd=code, env={**stack.env, **extra_env}, stdout=subprocess.PIPE, text=True)


def warm(port: int, paths: list[str]) -> None:
    """Every page of `paths` stored and answered from the page cache, by every worker."""
    for _attempt in range(5):
        answers = [fetch(port, path) for path in paths for _ in range(2 * int(WORKERS))]
        assert all(status == 200 for status, _headers, _body in answers), (port, paths)
        if all(headers.get("X-Cache") == "hit" for _status, headers, _body in answers[-len(paths) :]):
            return
        time.sleep(1.1)  # a change seen late through the database's counter (DATABASE_GENERATION_SECONDS)
    raise RuntimeError(f"the pages on port {port} are not answered from the page cache")


def measure_edits(stack: Stack, args) -> list[str]:
    """The page mix through the page cache with no edits, then while an editor publishes one
    change every --edit-every seconds, for this code and --baseline's in the same run."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True)
    servers = [(f"this branch ({head.stdout.strip()})", "cached")]
    if args.baseline:
        servers.append((stack.start_baseline(args.baseline), "baseline cached"))
    setup = start_editor(stack, "cached", args, setup=True)
    if setup.wait(300):
        raise RuntimeError(f"the editor's set-up failed ({setup.returncode})")
    paths = [path for _label, path in EDIT_MIX]
    trivial_port = stack.ports["trivial"]
    runs: dict[tuple[str, bool], list[dict]] = {}
    trivial, edits, loads = [], [], []
    for round_number in range(args.rounds):
        loads.append(load_average())
        trivial.append(wrk.run(trivial_port, "/", args.seconds, args.connections))
        cases = [(code, server, editing) for code, server in servers for editing in (False, True)]
        for code, server, editing in cases if round_number % 2 == 0 else reversed(cases):
            port = stack.ports[server]
            warm(port, paths)
            load = load_average().split()[0]
            if not editing:
                run = wrk.run(port, "/", args.seconds, args.connections, cycle=paths)
            else:
                editor = start_editor(stack, server, args)
                if editor.stdout.readline().strip() != "ready":
                    raise RuntimeError(f"the editor for {code} did not start ({editor.wait()})")
                run = wrk.run(port, "/", args.seconds, args.connections, cycle=paths)
                output = editor.communicate(timeout=120)[0]
                if editor.returncode:
                    raise RuntimeError(f"the editor for {code} failed ({editor.returncode})")
                edits += [{"code": code, **json.loads(line)} for line in output.splitlines() if line.startswith("{")]
            runs.setdefault((code, editing), []).append({**run, "load": load, "round": round_number})
        trivial.append(wrk.run(trivial_port, "/", args.seconds, args.connections))
        loads.append(load_average())
        print(f"edits: round {round_number + 1} of {args.rounds} done; load average {loads[-1]}", flush=True)

    ceiling = statistics.mean(r["rps"] for r in trivial)
    # Each run against the trivial view of its own round (measured at the round's start and end).
    round_ceiling = [statistics.mean(r["rps"] for r in trivial[2 * n : 2 * n + 2]) for n in range(args.rounds)]
    labels = {path: label for label, path in EDIT_MIX}

    def each(some_runs: list[dict]) -> str:
        return ", ".join(f"{r['rps']:,.0f}" for r in some_runs)

    def summary(code: str, editing: bool) -> tuple[float, float]:
        return (
            statistics.mean(r["rps"] for r in runs[code, editing]),
            statistics.median(r["p95"] for r in runs[code, editing]),
        )

    lines = [
        f"The page mix: {len(paths)} pages requested in turn on every connection ("
        + ", ".join(f"{label} `{path}`" for label, path in EDIT_MIX)
        + f"), through the page cache. gunicorn.conf.py with {WORKERS} workers, wrk -t2 -c{args.connections}, "
        f"{args.seconds} s per run, {args.rounds} interleaved rounds, every page warmed and answered from the "
        'cache before each run. "with edits": an editor process (`serve.py --edit-against PORT`, in the code '
        "and environment of the server it edits for, so the same database and Redis) publishes one change every "
        f"{args.edit_every:g} s, the first {EDIT_FIRST_AFTER:g} s into the run, through the medical sign-off: a "
        "working copy of an article with a new summary, submitted by one account and approved by another "
        "(`portal.publishing.signoff.publish`), alternately to the lenalidomide guide (on the POEMS hub; the "
        "mix's article page) and to a generated article that no page of the mix shows. Load average (1/5/15 min) "
        f"at each round's start and end: {'; '.join(loads)}; the 1-minute load at each run's start is in the "
        "table. Errors: time-outs (no answer within 2 s) and non-2xx/3xx answers.",
        "",
        "| mix | code | edits | req/s | each run's req/s | p50 ms | p95 ms | p99 ms | errors | ratio to trivial "
        "| load |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| trivial view (1 KB) | | | {ceiling:,.0f} | {each(trivial)} "
        f"| {statistics.median(r['p50'] for r in trivial):.1f} | {statistics.median(r['p95'] for r in trivial):.1f} "
        f"| {max(r['p99'] for r in trivial):.1f} | {sum(r['errors'] for r in trivial)} | 1.000 | |",
    ]
    for (code, editing), code_runs in runs.items():
        rps, p95 = summary(code, editing)
        every = f"one every {args.edit_every:g} s" if editing else "none"
        lines.append(
            f"| {len(paths)} pages in turn | {code} | {every} "
            f"| {rps:,.0f} | {each(code_runs)} | {statistics.median(r['p50'] for r in code_runs):.1f} | {p95:.1f} "
            f"| {max(r['p99'] for r in code_runs):.1f} | {sum(r['errors'] for r in code_runs)} "
            f"| {statistics.mean(r['rps'] / round_ceiling[r['round']] for r in code_runs):.3f} "
            f"| {', '.join(r['load'] for r in code_runs)} |"
        )
    lines += [
        "",
        "| code | req/s with edits / without | ≥ 0.9 | p95 with edits ms | p95 without / 0.9 ms | met |",
        "| --- | ---: | --- | ---: | ---: | --- |",
    ]
    for code, _server in servers:
        (rps, p95), (rps_edits, p95_edits) = summary(code, False), summary(code, True)
        lines.append(
            f"| {code} | {rps_edits / rps:.3f} | {'yes' if rps_edits >= 0.9 * rps else 'no'} | {p95_edits:.1f} "
            f"| {p95 / 0.9:.1f} | {'yes' if p95_edits <= p95 / 0.9 else 'no'} |"
        )
    lines += [
        "",
        "The changes published during the runs. Sign-off: the time `signoff.publish` took, and the processor "
        "time the editor spent in it (taken from the servers on this machine). Renewed: whether the "
        "content generation (the shared cache's or the database's) moved, which refreshes every page. Pages "
        "showing it: those of the mix, and the article's own page, that showed the article's summary just "
        f"before; fresh after: the time until all of them showed the new summary (polled every 50 ms, at most "
        f"{FRESH_WITHIN:g} s).",
        "",
        "| code | article | sign-off ms | its CPU ms | content generation renewed | pages showing it | fresh after s "
        "| stale |",
        "| --- | --- | ---: | ---: | --- | --- | ---: | --- |",
    ]
    for e in edits:
        pages = "; ".join(labels.get(path, "its own page") for path in e["pages"])
        stale = "; ".join(labels.get(path, "its own page") for path in e["stale"]) or "none"
        lines.append(
            f"| {e['code']} | {e['article']} | {e['sign_off_ms']:.0f} | {e['sign_off_cpu_ms']:.0f} "
            f"| {'yes' if e['renewed'] else 'no'} | {pages} | {e['fresh_after']:.2f} | {stale} |"
        )
    return lines


def measure_search(stack: Stack, args) -> list[str]:
    """Search latency under load without the page cache: the issue's goal is p95 < 50 ms with
    50,000 articles. Each search twice: rendered every time (the search itself, as for a
    query nobody asked since the last change) and as served (results rendered once per
    content generation and query, as for a query asked again)."""
    servers = [("every time", stack.ports["rendered every time"]), ("as served", stack.ports["uncached"])]
    lines = [
        f'No page cache; wrk for {args.seconds} s per case; goal p95 < 50 ms. "every time": the results '
        'rendered for every request (RENDERED_ONCE_SECONDS=0), what a new search costs; "as served": '
        "results rendered once per content generation and query, what a repeated search costs.",
        "",
        "| search | query | rendered | connections | req/s | p50 ms | p95 ms | p99 ms | errors | p95 < 50 ms |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, query in SEARCHES:
        path = f"/search/?q={quote(query)}"
        for mode, port in servers:
            for _ in range(4):
                assert fetch(port, path)[0] == 200, path
            for connections in sorted({1, args.connections}):
                r = wrk.run(port, path, args.seconds, connections)
                lines.append(
                    f"| {label} | `{query}` | {mode} | {connections} | {r['rps']:,.0f} | {r['p50']:.1f} "
                    f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | {'yes' if r['p95'] < 50 else 'no'} |"
                )
        print(f"search: {query} done", flush=True)
    return lines


class _Stylesheets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split() and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def measure_sizes(stack: Stack, pages: list) -> list[str]:
    """Bytes a patient downloads for a hub: its HTML and every stylesheet it links."""
    port = stack.ports["uncached"]
    lines = [
        "Uncompressed bytes as served (gzip -6 of the same bytes beside them); KB = 1,000 bytes. "
        "Stylesheets: every `<link rel=stylesheet href>` in the page, fetched (their @imports are not followed).",
        "",
        "| what | bytes | gzip bytes | goal | met |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for label, path in pages:
        status, _headers, html = fetch(port, path)
        assert status == 200, path
        parser = _Stylesheets()
        parser.feed(html.decode())
        css = b""
        for href in parser.hrefs:
            link = urlsplit(href)
            status, _headers, body = fetch(port, link.path + (f"?{link.query}" if link.query else ""))
            assert status == 200, href
            css += body
        names = ", ".join(Path(urlsplit(href).path).name for href in parser.hrefs)
        for what, body, goal in ((f"{label}: HTML", html, 60_000), (f"{label}: CSS ({names})", css, 25_000)):
            met = "yes" if len(body) < goal else "no"
            lines.append(f"| {what} | {len(body):,} | {len(gzip.compress(body)):,} | < {goal // 1000} KB | {met} |")
    return lines


def worker_rss(master: int) -> dict[int, int]:
    """VmRSS in KiB of each child of the gunicorn master, by pid."""
    rss = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while we looked
            continue
        if int(fields["PPid"]) == master and "VmRSS" in fields:
            rss[int(fields["Pid"])] = int(fields["VmRSS"].split()[0])
    return rss


def measure_memory(stack: Stack, args, pages: list) -> list[str]:
    """Worker RSS over many requests on a fresh uncached server: steady, or growing (a leak)?"""
    master = stack.start_gunicorn("memory", "config.wsgi", {"PAGE_CACHE_SECONDS": "0", "GUNICORN_MAX_REQUESTS": "0"})
    port = stack.ports["memory"]
    cycle = [path for _label, path in pages]
    for path in cycle * 2 * int(WORKERS):  # past the first requests' imports and caches
        assert fetch(port, path)[0] == 200, path
    step = args.memory_requests // 10
    samples = [(0, worker_rss(master.pid))]
    errors, began = 0, time.monotonic()
    while samples[-1][0] < args.memory_requests:
        run = wrk.run(port, "/", 24 * 3600, args.connections, cycle=cycle, requests=step)
        errors += run["errors"]
        samples.append((samples[-1][0] + run["requests"], worker_rss(master.pid)))
        mib = ", ".join(f"{kib / 1024:.0f}" for kib in samples[-1][1].values())
        print(
            f"memory: {samples[-1][0]:,} of {args.memory_requests:,} requests, {run['rps']:.0f} req/s, "
            f"worker RSS MiB {mib}",
            flush=True,
        )
    workers = sorted(samples[0][1])
    lines = [
        f"Fresh uncached server, gunicorn.conf.py with {WORKERS} workers and GUNICORN_MAX_REQUESTS=0 (no worker "
        f"recycled mid-measurement), warmed with {len(cycle) * 2 * int(WORKERS)} requests first; then "
        f"{samples[-1][0]:,} requests from wrk -c{args.connections} cycling over {len(cycle)} paths "
        f"({', '.join(cycle)}) in {time.monotonic() - began:.0f} s, {errors} errors. "
        "RSS (VmRSS) of each worker in MiB after every tenth.",
        "",
        "| requests | " + " | ".join(f"worker {pid}" for pid in workers) + " |",
        "| ---: |" + " ---: |" * len(workers),
        *(
            f"| {count:,} | " + " | ".join(f"{rss[pid] / 1024:.1f}" if pid in rss else "gone" for pid in workers) + " |"
            for count, rss in samples
        ),
        "",
        "| worker | start MiB | end MiB | max MiB | growth MiB | growth | growth after the first tenth MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pid in workers:
        series = [rss[pid] / 1024 for _count, rss in samples if pid in rss]
        growth = series[-1] - series[0]
        lines.append(
            f"| {pid} | {series[0]:.1f} | {series[-1]:.1f} | {max(series):.1f} | {growth:+.1f} "
            f"| {growth / series[0]:+.1%} | {series[-1] - series[min(1, len(series) - 1)]:+.1f} |"
        )
    if replaced := set().union(*(rss for _count, rss in samples)) - set(workers):
        lines.append(f"\nWorkers replaced during the run (a crash or time-out): {sorted(replaced)}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma list of parts: {','.join(PARTS)}")
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--hub-guides", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--memory-requests", type=int, default=100_000)
    parser.add_argument("--edit-every", type=float, default=10.0, help="seconds between changes (edits)")
    parser.add_argument("--baseline", metavar="REF", help="also serve this git commit, for before and after")
    parser.add_argument("--port-offset", type=int, default=0, help="added to every port this script uses")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--add-articles", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--curate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-app", help=argparse.SUPPRESS)
    parser.add_argument("--edit-against", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--edit-setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_app:
        serve_app(args.serve_app)
        return
    if args.add_articles:
        add_articles_here(*args.add_articles)
        return
    if args.curate is not None:
        curate_here(args.curate)
        return
    if args.edit_against:
        edit_here(args.edit_against, args.edit_every, args.seconds, args.edit_setup)
        return
    parts = [part for part in PARTS if part in args.only.split(",")]
    if unknown := set(args.only.split(",")) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")

    pages = [(f"POEMS hub, {5 + args.hub_guides} guides", BIG_HUB_PATH), *PAGES]
    workdir = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    stack = Stack(workdir, args.port_offset)
    began = time.monotonic()
    try:
        stack.start_services()
        machine = (
            f"{os.cpu_count()} cores, load average {load_average()} at the start, Python {sys.version.split()[0]}, "
            f"{stack.postgres_version()} and Redis on loopback"
        )
        stack.load_demo()
        stack.start_gunicorn("trivial", "bench.trivial:application", {"DJANGO_SETTINGS_MODULE": "bench.trivial"})
        stack.start_gunicorn("cached", "config.wsgi", {})
        stack.start_gunicorn("uncached", "config.wsgi", {"PAGE_CACHE_SECONDS": "0"})
        stack.start_gunicorn("rendered every time", "config.wsgi", RENDERED_EVERY_TIME)
        stack.start_gunicorn("uncached, no Redis", "config.wsgi", NO_REDIS)
        print(f"stack up in {time.monotonic() - began:.0f} s", flush=True)
        measures = {
            "corpus": lambda: measure_corpus(stack, args, CORPUS_PAGES),
            "ratios": lambda: measure_ratios(stack, args, pages),
            "search": lambda: measure_search(stack, args),
            "sizes": lambda: measure_sizes(stack, pages[:2]),
            "memory": lambda: measure_memory(stack, args, pages),
            "edits": lambda: measure_edits(stack, args),
        }

        def run_part(part: str) -> None:
            started = time.monotonic()
            lines = measures[part]()
            seconds = time.monotonic() - started
            print(f"\n## {part} ({seconds:.0f} s)\n\n" + "\n".join(lines) + "\n", flush=True)
            if args.write:
                write_section(part, seconds, lines, machine, args)

        if "corpus" in parts:
            run_part("corpus")
        else:
            stack.add_articles(0, args.articles)
        stack.curate(args.hub_guides)  # after the corpus steps, which measure the POEMS hub without them
        for part in parts:
            if part != "corpus":
                run_part(part)
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"whole run: {time.monotonic() - began:.0f} s")


def write_section(part: str, seconds: float, lines: list[str], machine: str, args) -> None:
    """A dated section at the end of bench/results.md; earlier sections stay as they are."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["bench/serve.py", *sys.argv[1:]])
    with open(ROOT / "bench" / "results.md", "a", encoding="utf-8") as results_file:
        results_file.write(
            f"\n## {part}: {stamp}\n\n`{command}` ({seconds:.0f} s for this part). Machine: {machine}. "
            f"Corpus: demo + {args.articles:,} generated articles; hubs with 5 and {5 + args.hub_guides} "
            "curated guides.\n\n" + "\n".join(lines) + "\n"
        )


if __name__ == "__main__":
    main()
