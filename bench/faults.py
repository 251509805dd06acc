"""Fault campaign: the site under load while PostgreSQL and Redis are stopped and started.

Starts its own PostgreSQL (initdb into a temporary folder, port 55432) and its own Redis
(port 56379), never the machine's shared ones, loads the demo content, and runs the
repository's gunicorn.conf.py in front of them (port 58000). Then, under a bounded load on
loopback (a few Python threads), it:

1. stops PostgreSQL, waits, starts it again;
2. stops Redis, waits, starts it again;
3. pauses Redis writes (a blip) while an editor's process archives a page, and times how
   long the withdrawn page is still served, several times over (--blips, 5 by default), each
   with another article: what bounds it is the once-a-second read of the database's content
   generation (portal/caching/generation.py), so one blip says little about the next;
4. compares worker recycling at max_requests 200 (a worker restarted every few seconds at
   this load) with what gunicorn.conf.py sets (read from it: 1,000,000 requests plus a
   jitter of up to 10%, so no worker restarts during the run).

For each fault it prints the requests and errors before, during and after, the recovery
time, and whether /healthz told the truth. Usage (as root it runs PostgreSQL as `postgres`):

    .venv/bin/python bench/faults.py [--blips N] [--write]   # --write replaces bench/faults.md

It takes some four minutes on 2 cores.
"""

import argparse
import http.client
import os
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from processes import as_postgres, wait_for_port  # bench/processes.py

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT, REDIS_PORT, WEB_PORT = 55432, 56379, 58000
THREADS = 4
OUTAGE_SECONDS = 8.0
SETTLE_SECONDS = 8.0
PAGES = [
    "/",
    "/conditions/poems-syndrome/",
    "/articles/",
    "/medications/gabapentin/",
    "/search/?q=neurontin",
    "/articles/?utm_source=campaign",
    "/search/?q=salt{n}",  # a new query each time: never from the cache once the cap is reached
]


@dataclass
class Sample:
    at: float
    status: int  # 0: no answer (refused, reset or timed out)


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    health: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, target: list[Sample], status: int) -> None:
        with self.lock:
            target.append(Sample(time.monotonic(), status))

    def between(self, target: list[Sample], start: float, end: float) -> list[Sample]:
        with self.lock:
            return [sample for sample in target if start <= sample.at < end]


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    return response.status


def load(recorder: Recorder, stop: threading.Event, offset: int) -> None:
    """One client thread: the pages in turn over a kept-alive connection, a new one after an error."""
    connection = None
    index = offset
    while not stop.is_set():
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=5)
        try:
            status = _get(connection, PAGES[index % len(PAGES)].format(n=index))
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = None
            time.sleep(0.05)
        recorder.add(recorder.samples, status)
        index += 1


def probe_health(recorder: Recorder, stop: threading.Event) -> None:
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=2)
        try:
            status = _get(connection, "/healthz")
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            connection.close()
        recorder.add(recorder.health, status)
        time.sleep(0.2)


class Services:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.pgdata = workdir / "pgdata"
        self.postgres = False
        self.redis: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.web_log = workdir / "gunicorn.log"
        self.env = {
            "PATH": os.environ["PATH"],
            "DEBUG": "0",
            "HTTPS": "0",  # plain HTTP on loopback; start-up warns about it
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_CONTROL_SOCKET": str(workdir / "gunicorn.ctl"),
        }

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(as_postgres(initdb), check=True, stdout=subprocess.DEVNULL)
        self.start_postgres()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "portal"], check=True
        )
        self.start_redis()
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
            self.manage(*command, "-v0")

    def manage(self, *args: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            check=True,
            capture_output=True,
            text=True,
        )

    def start_postgres(self) -> None:
        options = f"-p {PG_PORT} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.workdir / "postgres.log")]
        subprocess.run(as_postgres([*pg_ctl, "-o", options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        self.postgres = True

    def stop_postgres(self) -> None:
        if self.postgres:
            pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
            subprocess.run(as_postgres(pg_ctl), check=True, stdout=subprocess.DEVNULL)
        self.postgres = False

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(REDIS_PORT, 30)

    def stop_redis(self) -> None:
        self._stop(self.redis, signal.SIGTERM)
        self.redis = None

    def redis_command(self, *args: str) -> None:
        import redis

        redis.Redis(port=REDIS_PORT).execute_command(*args)

    def start_web(self, extra_env: dict | None = None) -> None:
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            stdout=open(self.web_log, "w"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(WEB_PORT, 30)
        time.sleep(1.0)

    def stop_web(self) -> None:
        if self.web is not None:
            os.killpg(self.web.pid, signal.SIGTERM)
            self.web.wait(30)
            self.web = None

    def stop_all(self) -> None:
        self.stop_web()
        self.stop_redis()
        self.stop_postgres()

    @staticmethod
    def _stop(process: subprocess.Popen | None, sig: int) -> None:
        if process is not None and process.poll() is None:
            process.send_signal(sig)
            process.wait(30)


def ok(status: int) -> bool:
    return 200 <= status < 400


def summarise(recorder: Recorder, name: str, t0: float, down: float, up: float, t_end: float, healthy_during: bool):
    before = recorder.between(recorder.samples, t0, down)
    during = recorder.between(recorder.samples, down, up)
    after = recorder.between(recorder.samples, up, t_end)
    errors_after = [sample for sample in after if not ok(sample.status)]
    recovery = (errors_after[-1].at - up) if errors_after else 0.0
    health_during = recorder.between(recorder.health, down + 1.0, up)
    health_after = recorder.between(recorder.health, up + recovery + 1.0, t_end)
    expected_during = 200 if healthy_during else 503
    truthful = (
        bool(health_during)
        and all(sample.status == expected_during for sample in health_during)
        and bool(health_after)
        and all(sample.status == 200 for sample in health_after)
    )
    statuses_during = sorted({sample.status for sample in during})
    return {
        "fault": name,
        "before": f"{len(before)} / {sum(not ok(s.status) for s in before)}",
        "during": f"{len(during)} / {sum(not ok(s.status) for s in during)}",
        "statuses during": ", ".join(str(status) for status in statuses_during),
        "after": f"{len(after)} / {len(errors_after)}",
        "recovery": f"{recovery:.1f} s",
        "healthz": (
            f"{'yes' if truthful else 'NO'} ({expected_during} during, 200 after; "
            f"seen {sorted({s.status for s in health_during})} then {sorted({s.status for s in health_after})})"
        ),
    }


def run_fault(services: Services, recorder: Recorder, name: str, stop, start, healthy_during: bool) -> dict:
    t0 = time.monotonic()
    time.sleep(SETTLE_SECONDS / 2)
    down = time.monotonic()
    stop()
    time.sleep(OUTAGE_SECONDS)
    start()
    up = time.monotonic()
    time.sleep(SETTLE_SECONDS)
    return summarise(recorder, name, t0, down, up, time.monotonic(), healthy_during)


ARCHIVE = (
    "import time; from django.db import transaction;"
    "from articles.models import Article; from portal.models import Status;"
    "a = Article.objects.get(slug='{slug}'); a.status = Status.ARCHIVED\n"
    "with transaction.atomic():\n"
    "    transaction.on_commit(lambda: print('committed', time.time(), flush=True))\n"
    "    a.save()"
)


def redis_blip_during_archive(services: Services) -> dict:
    """Redis answers reads but not writes for 10 s; meanwhile another process archives a page
    (the first published article: each blip withdraws another one)."""
    slug = services.manage(
        "shell", "-c", "from articles.models import Article; print(Article.objects.published().first().slug)"
    ).stdout.split()[-1]
    path = f"/articles/{slug}/"
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=5)
    for _ in range(4):
        _get(connection, path)  # cached
    seen: list[tuple[float, int]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append((time.time(), _get(connection, path)))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    services.redis_command("CLIENT", "PAUSE", "10000", "WRITE")
    watcher.start()
    archive = services.manage("shell", "-c", ARCHIVE.format(slug=slug))
    deadline = time.time() + 8
    while not any(status == 404 for _, status in seen) and time.time() < deadline:
        time.sleep(0.05)
    stop.set()
    watcher.join()
    services.redis_command("CLIENT", "UNPAUSE")
    committed = float(next(line for line in archive.stdout.splitlines() if line.startswith("committed")).split()[1])
    served = [at for at, status in seen if at >= committed and status == 200]
    gone = next((at for at, status in seen if status == 404), None)
    return {
        "article": slug,
        "served after the commit": len(served),
        "first 404 after the commit": gone - committed if gone else None,
        "ERROR logged by the editor's process": "yes" if "did not reach the cache" in archive.stdout else "no",
    }


def blip_rows(blips: list[dict]) -> list[dict]:
    return [
        {
            "blip": str(number),
            "withdrawn page served after the commit": f"{blip['served after the commit']} times",
            "first 404 after the commit": (
                f"{blip['first 404 after the commit']:.2f} s"
                if blip["first 404 after the commit"] is not None
                else "never (within 8 s)"
            ),
            "ERROR logged by the editor's process": blip["ERROR logged by the editor's process"],
        }
        for number, blip in enumerate(blips, 1)
    ]


def blip_summary(blips: list[dict]) -> str:
    times = [blip["first 404 after the commit"] for blip in blips]
    served = [blip["served after the commit"] for blip in blips]
    if None in times:
        return f"In {times.count(None)} of {len(blips)} blips the withdrawn page was still served 8 s after the commit."
    return (
        f"Over {len(blips)} blips the withdrawn page was gone {min(times):.2f} to {max(times):.2f} s after the"
        f" commit, after {min(served)} to {max(served)} more answers of it (the client waits 20 ms"
        " between requests)."
    )


HISTORY_HEADING = "### Across runs"
# docs/deploy.md: "no server serves withdrawn or changed content for more than about one second
# after the change is committed" (DATABASE_GENERATION_SECONDS, 1 s, plus the request that notices).
DOCUMENTED_BOUND_SECONDS = 1.1


def blip_history(previous_report: str, blips: list[dict]) -> list[str]:
    """This run's blips as one row under the rows of the runs before it (kept from the
    bench/faults.md this run replaces), and the range over all of them."""
    rows = []
    if HISTORY_HEADING in previous_report:
        section = previous_report.split(HISTORY_HEADING, 1)[1].split("\n#", 1)[0]
        rows = [
            line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| run ", "| ---"))
        ]
    times = [blip["first 404 after the commit"] for blip in blips]
    served = [blip["served after the commit"] for blip in blips]
    gone = f"{min(times):.2f} to {max(times):.2f} s" if None not in times else "not within 8 s"
    rows.append(f"| {time.strftime('%Y-%m-%d %H:%M')} | {len(blips)} | {gone} | {min(served)} to {max(served)} |")
    return [
        HISTORY_HEADING,
        "",
        "Each run of `bench/faults.py --write` adds its row here: the range to expect from a rerun.",
        "",
        "| run | blips | first 404 after the commit | withdrawn page served after the commit |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        _across(rows),
    ]


def _across(rows: list[str]) -> str:
    """The range of the first 404 over every run in the table, against the documented bound."""
    seconds = [float(value) for row in rows for value in re.findall(r"(\d+\.\d+) (?:to|s)", row.split("|")[3])]
    blips = sum(int(row.split("|")[2]) for row in rows)
    if not seconds or any("not within" in row for row in rows):
        return "In at least one run the withdrawn page outlived the 8 s the blip watches: the bound does not hold."
    verdict = "within" if max(seconds) <= DOCUMENTED_BOUND_SECONDS else "OVER"
    return (
        f"Over these {len(rows)} runs ({blips} blips) the withdrawn page was gone {min(seconds):.2f} to"
        f" {max(seconds):.2f} s after the commit: {verdict} the bound of docs/deploy.md, about one second"
        " (the database's counter read once a second, plus the request that notices)."
    )


def configured_recycling() -> str:
    """max_requests and its jitter as gunicorn.conf.py sets them for the server, whose
    environment (Services.env) sets neither."""
    names = ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER")
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.update(saved)
    return f"{conf['max_requests']:,} + up to {conf['max_requests_jitter']:,}"


def recycling(services: Services, seconds: float = 20.0) -> list[dict]:
    """max_requests 200, which recycles a worker every few seconds at this load, against
    gunicorn.conf.py's setting, which does not recycle one here."""
    rows = []
    for max_requests in ("200", None):
        services.stop_web()
        services.start_web({"GUNICORN_MAX_REQUESTS": max_requests} if max_requests else None)
        recorder, stop = Recorder(), threading.Event()
        threads = [threading.Thread(target=load, args=(recorder, stop, i)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        recycled = services.web_log.read_text().count("Booting worker") - 2
        label = max_requests or f"gunicorn.conf.py ({configured_recycling()})"
        rows.append(
            {
                "max_requests": label,
                "requests/s": f"{len(recorder.samples) / seconds:.0f}",
                "errors": str(sum(not ok(s.status) for s in recorder.samples)),
                "workers recycled per minute": f"{recycled * 60 / seconds:.0f}",
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row[key] for key in header) + " |" for row in rows]
    return "\n".join(lines)


def traceback_counts(log: Path) -> str:
    text = log.read_text(errors="replace")
    errors = text.count('"status_code": 500')
    tracebacks = text.count('"traceback": "Traceback')
    lines = text.count("\n")
    return f"{lines} log lines, {errors} server errors (500) logged, {tracebacks} of them with a traceback"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="replace bench/faults.md with the results")
    parser.add_argument("--blips", type=int, default=5, help="how many Redis blips during an archive (5)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    services = Services(workdir)
    try:
        services.init()
        services.start_web()
        recorder, stop = Recorder(), threading.Event()
        threads = [threading.Thread(target=load, args=(recorder, stop, i)) for i in range(THREADS)]
        threads.append(threading.Thread(target=probe_health, args=(recorder, stop)))
        for thread in threads:
            thread.start()
        try:
            faults = [
                run_fault(
                    services, recorder, "PostgreSQL stopped", services.stop_postgres, services.start_postgres, False
                ),
                run_fault(services, recorder, "Redis stopped", services.stop_redis, services.start_redis, True),
            ]
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        logs = traceback_counts(services.web_log)
        blips = [redis_blip_during_archive(services) for _ in range(args.blips)]
        recycle = recycling(services)
    finally:
        services.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    faults_md = ROOT / "bench" / "faults.md"
    previous = faults_md.read_text(encoding="utf-8") if faults_md.exists() else ""
    report = "\n".join(
        [
            "# Fault campaign",
            "",
            "Produced by `bench/faults.py` (see its docstring): private PostgreSQL 15 and Redis, the",
            f"repository's gunicorn.conf.py with 2 workers, {THREADS} client threads on loopback going",
            f"through {len(PAGES)} public pages (one with a tracking parameter, one a new search each",
            f"time), each outage {OUTAGE_SECONDS:.0f} s.",
            "Requests are `total / errors` (an error: no answer or a status of 500 or more);",
            "recovery is from the service's restart to the last error after it.",
            "",
            table(faults),
            "",
            f"Server log during both outages: {logs}: at most one traceback per distinct error",
            "per minute in each worker.",
            "",
            "## A Redis blip during an archive",
            "",
            "Redis answers reads but not writes (`CLIENT PAUSE WRITE`) while a separate process",
            "archives a cached article, as an editor's request would, and exits; one client asks",
            "for the article over and over. The new content generation never reaches Redis, so",
            "the servers learn of the change from the database's counter, which each server",
            "process reads at most once a second (`DATABASE_GENERATION_SECONDS` in",
            "portal/caching/generation.py): the page is gone within that second, plus the request that",
            'notices, after the commit. That is the bound docs/deploy.md gives ("no server',
            "serves withdrawn or changed content for more than about one second after the",
            "change is committed\"); where in that second the commit falls decides each blip's",
            "time, so it varies from one blip to the next.",
            "",
            table(blip_rows(blips)),
            "",
            blip_summary(blips),
            "",
            *blip_history(previous, blips),
            "",
            "## Worker recycling",
            "",
            f"{THREADS} client threads for 20 s with Redis and PostgreSQL up (mostly cached pages),",
            "first with `max_requests` 200, which restarts a worker every few seconds at this load,",
            "then with what gunicorn.conf.py sets (`GUNICORN_MAX_REQUESTS`, plus a random jitter",
            "of up to `GUNICORN_MAX_REQUESTS_JITTER` per worker). The client threads share the",
            "machine with the server, so requests/s compares the two runs, not capacity.",
            "",
            table(recycle),
            "",
            f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end of the run.",
            "",
        ]
    )
    print(report)
    if args.write:
        faults_md.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
