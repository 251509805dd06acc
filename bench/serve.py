"""Throughput of the public pages on the production stack, as a ratio of a trivial Django view.

Starts, in one run and in a temporary folder, everything it measures and nothing shared:

- its own PostgreSQL (initdb, port 55532; as root it runs as the `postgres` account) and its
  own Redis (port 56479), never the machine's services on 5432 and 6379;
- the portal under the repository's gunicorn.conf.py with production settings (DEBUG=0,
  HTTPS=0 on loopback, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1), twice: with the Redis
  page cache (port 58101) and with PAGE_CACHE_SECONDS=0 (port 58102);
- a trivial view returning 1 KB (bench/trivial.py: Security and Common middleware only)
  under the same gunicorn.conf.py (port 58100): the ceiling.

The corpus is the demo content, --articles generated articles and --hub-guides extra
curated guides on the POEMS hub. Then, for --rounds rounds, it loads each page cached and
uncached with wrk (Debian's package: `apt-get install wrk`) for --seconds each, interleaved
(trivial, then each page uncached then cached, then trivial again), and prints req/s, p50,
p99, errors and the ratio to the trivial view of the same round.

--baseline REF also serves the code of a git commit (exported with `git archive` into the
temporary folder; same database, its own cache key prefix) beside this tree, so "before"
and "after" are measured in the same run. Usage:

    .venv/bin/python bench/serve.py [--articles 50000] [--hub-guides 500] [--seconds 5] [--rounds 2]
                                    [--baseline main] [--write]

--write appends the table to bench/results.md.
"""

import argparse
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
from pathlib import Path

from processes import as_postgres, port_is_free, wait_for_port  # bench/processes.py

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT, REDIS_PORT = 55532, 56479
TRIVIAL_PORT, CACHED_PORT, UNCACHED_PORT = 58100, 58101, 58102
BASELINE_CACHED_PORT, BASELINE_UNCACHED_PORT = 58103, 58104
WORKERS = "2"
PAGES = [
    ("POEMS hub", "/conditions/poems-syndrome/"),
    ("medication page", "/medications/gabapentin/"),
    ("article page", "/articles/lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks/"),
    ("articles list", "/articles/"),
    ("home", "/"),
    ("search", "/search/?q=neurontin"),
]


class Stack:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.pgdata = workdir / "pgdata"
        self.postgres = False
        self.processes: list[subprocess.Popen] = []
        self.env = {
            "PATH": os.environ["PATH"],
            "DEBUG": "0",
            "HTTPS": "0",  # plain HTTP on loopback; start-up warns about it
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_WORKERS": WORKERS,
            "LOG_LEVEL": "warning",
        }

    def start_services(self) -> None:
        for port in (PG_PORT, REDIS_PORT, TRIVIAL_PORT, CACHED_PORT, UNCACHED_PORT, BASELINE_CACHED_PORT):
            if not port_is_free(port):
                raise SystemExit(f"port {port} is taken: is another bench/serve.py running?")
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(as_postgres(initdb), check=True, stdout=subprocess.DEVNULL)
        options = f"-p {PG_PORT} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.workdir / "postgres.log")]
        subprocess.run(as_postgres([*pg_ctl, "-o", options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        self.postgres = True
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "portal"], check=True
        )
        self.processes.append(
            subprocess.Popen(
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                cwd=self.workdir,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for_port(REDIS_PORT)

    def load_corpus(self, articles: int, hub_guides: int) -> float:
        start = time.monotonic()
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
            self.run([sys.executable, "manage.py", *command, "-v0"])
        self.run([sys.executable, __file__, "--load-corpus", str(articles), str(hub_guides)])
        return time.monotonic() - start

    def run(self, command: list[str], extra_env: dict | None = None) -> None:
        subprocess.run(command, cwd=ROOT, env={**self.env, **(extra_env or {})}, check=True)

    def start_gunicorn(self, port: int, app: str, extra_env: dict, cwd: Path = ROOT) -> None:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", **extra_env}
        env["GUNICORN_CONTROL_SOCKET"] = str(self.workdir / f"gunicorn-{port}.ctl")
        log = open(self.workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", app, "-c", "gunicorn.conf.py"],
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_for_port(port)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    process.terminate()
                process.wait(30)
        if self.postgres:
            pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
            subprocess.run(as_postgres(pg_ctl), check=False, stdout=subprocess.DEVNULL)


def load_corpus_here(articles: int, hub_guides: int) -> None:
    """Run inside a child process with the stack's environment: generated articles, extra guides, search."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, CuratedGuide
    from conditions.models import Condition
    from portal import search
    from portal.models import Author
    from tests.conftest import create_generated_articles

    start = time.monotonic()
    create_generated_articles(
        Author.objects.first(),
        articles,
        published_at=lambda index: timezone.now() - timezone.timedelta(days=1 + index % 300),
    )
    hub = Condition.objects.get(slug="poems-syndrome")
    generated = Article.objects.filter(slug__startswith="generated-").order_by("pk")[:hub_guides]
    CuratedGuide.objects.bulk_create(
        CuratedGuide(condition=hub, article=article, position=100 + index) for index, article in enumerate(generated)
    )
    inserted = time.monotonic()
    search.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"corpus: {articles} articles inserted in {inserted - start:.1f} s, "
        f"search index rebuilt in {time.monotonic() - inserted:.1f} s",
        flush=True,
    )


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


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, seconds: int, connections: int, headers: dict | None = None) -> dict:
    header_options = [option for name, value in (headers or {}).items() for option in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *header_options]
        + [f"http://127.0.0.1:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    return {"rps": requests, "p50": p50, "p99": p99, "errors": errors}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--hub-guides", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--baseline", metavar="REF", help="also serve this git commit, for before and after")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--load-corpus", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_corpus:
        load_corpus_here(*args.load_corpus)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    stack = Stack(workdir)
    loads = []
    try:
        stack.start_services()
        corpus_seconds = stack.load_corpus(args.articles, args.hub_guides)
        stack.start_gunicorn(TRIVIAL_PORT, "bench.trivial:application", {"DJANGO_SETTINGS_MODULE": "bench.trivial"})
        stack.start_gunicorn(CACHED_PORT, "config.wsgi", {})
        stack.start_gunicorn(UNCACHED_PORT, "config.wsgi", {"PAGE_CACHE_SECONDS": "0"})
        servers = [("uncached", UNCACHED_PORT), ("cached", CACHED_PORT)]
        if args.baseline:
            baseline = export_commit(args.baseline, workdir / "baseline")
            before = {"CACHE_KEY_PREFIX": "baseline"}
            stack.start_gunicorn(BASELINE_CACHED_PORT, "config.wsgi", before, cwd=workdir / "baseline")
            stack.start_gunicorn(
                BASELINE_UNCACHED_PORT, "config.wsgi", {**before, "PAGE_CACHE_SECONDS": "0"}, cwd=workdir / "baseline"
            )
            servers = [
                (f"uncached, {baseline}", BASELINE_UNCACHED_PORT),
                ("uncached", UNCACHED_PORT),
                (f"cached, {baseline}", BASELINE_CACHED_PORT),
                ("cached", CACHED_PORT),
            ]
        sizes, conditional = {}, {}
        for _label, path in PAGES:  # warm every worker and the cache; check that the cache answers
            for _ in range(4):
                for _mode, port in servers:
                    status, headers, body = fetch(port, path)
                    assert status == 200, (path, port, status)
            assert headers.get("X-Cache") == "hit", (path, headers)
            sizes[path] = len(body)
            validator = {k: v for k, v in (("If-None-Match", headers.get("ETag")),) if v}
            conditional[path] = (validator, fetch(CACHED_PORT, path, validator)[0]) if validator else None
        assert fetch(TRIVIAL_PORT, "/")[0] == 200

        results: dict[tuple[str, str], list[dict]] = {}
        for round_number in range(args.rounds):
            loads.append(load_average())
            trivial = [wrk(TRIVIAL_PORT, "/", args.seconds, args.connections)]
            for label, path in PAGES:
                for mode, port in servers if round_number % 2 == 0 else reversed(servers):
                    results.setdefault((label, mode), []).append(wrk(port, path, args.seconds, args.connections))
            hub = PAGES[0][1]
            if conditional[hub]:
                run = wrk(CACHED_PORT, hub, args.seconds, args.connections, conditional[hub][0])
                results.setdefault((PAGES[0][0], "cached, 304"), []).append(run)
            trivial.append(wrk(TRIVIAL_PORT, "/", args.seconds, args.connections))
            results.setdefault(("trivial", ""), []).extend(trivial)
            loads.append(load_average())
            print(f"round {round_number + 1} of {args.rounds} done; load average {loads[-1]}", flush=True)
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    ceiling = statistics.mean(r["rps"] for r in results[("trivial", "")])

    def row(label: str, mode: str, runs: list[dict], size: int | None) -> str:
        rps = statistics.mean(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = max(r["p99"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        kib = f"{size / 1024:.0f}" if size is not None else ""
        return f"| {label} | {mode} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {rps / ceiling:.3f} | {kib} |"

    lines = [
        f"`bench/serve.py --articles {args.articles} --hub-guides {args.hub_guides} --seconds {args.seconds} "
        f"--rounds {args.rounds} --connections {args.connections}"
        f"{' --baseline ' + args.baseline if args.baseline else ''}`: {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, PostgreSQL 15 and Redis on loopback, gunicorn.conf.py with {WORKERS} workers, "
        f"wrk -t2 -c{args.connections}, {args.seconds} s per case, {args.rounds} interleaved rounds. "
        f"Corpus (demo + {args.articles:,} articles, {args.hub_guides} extra guides on the hub) loaded in "
        f"{corpus_seconds:.0f} s. Load average (1/5/15 min) at each round's start and end: {'; '.join(loads)}.",
        "",
        "| page | page cache | req/s | p50 ms | p99 ms | errors | ratio to trivial | KiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        row("trivial view (1 KB)", "", results[("trivial", "")], 1024),
        *(row(label, mode, results[(label, mode)], sizes[path]) for label, path in PAGES for mode, _port in servers),
        *(
            row(PAGES[0][0], "cached, If-None-Match: 304", results[(PAGES[0][0], "cached, 304")], 0)
            for _ in [1]
            if (PAGES[0][0], "cached, 304") in results
        ),
        "",
        "Conditional GET on the cached pages (If-None-Match with the ETag served): "
        + ", ".join(f"{label} {conditional[path][1] if conditional[path] else 'no ETag'}" for label, path in PAGES)
        + ".",
    ]
    print("\n".join(lines))
    if args.write:
        with open(ROOT / "bench" / "results.md", "a", encoding="utf-8") as results_file:
            results_file.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
