"""Every log line is one JSON record that a request cannot forge, gunicorn's access log included."""

import io
import json
import logging
import os
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from portal.ops.logs import JsonFormatter
from tests.processes import ROOT, STRONG_KEY, free_port

FORGED = "/nope\ntime=2026-01-01 level=ERROR logger=django message=FORGED\x00\x1b[2J\x7f\u2028"


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_control_characters_are_escaped_and_the_value_is_kept():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.forged")
    logger.addHandler(handler)
    try:
        logger.warning("not found: %s", FORGED)
    finally:
        logger.removeHandler(handler)

    output = stream.getvalue()
    assert output.count("\n") == 1 and output.isascii()
    assert not any(ord(character) < 0x20 or ord(character) == 0x7F for character in output.rstrip("\n"))
    [record] = _records(output)
    assert record["message"] == f"not found: {FORGED}"
    assert record["level"] == "WARNING" and record["logger"] == "tests.forged"


def _server_env(tmp_path, port: int) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_CONTROL_SOCKET": str(tmp_path / "gunicorn.ctl"),
    }


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return 0


def test_gunicorn_access_log_cannot_be_forged(tmp_path):
    port = free_port()
    env = _server_env(tmp_path, port)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while _get(f"http://127.0.0.1:{port}/robots.txt") != 200:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        forged_path = "/nope%0Atime=FORGED%20level=ERROR%20logger=access%00%1B%7F"
        status = _get(f"http://127.0.0.1:{port}{forged_path}?utm=%0Aforged%00")
        time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    assert status == 400  # the NUL: see RejectNullBytesMiddleware
    assert b"\x00" not in output and b"\x1b" not in output and b"\x7f" not in output
    records = _records(output.decode())
    assert not any("FORGED" in line and not line.startswith("{") for line in output.decode().splitlines())
    [access] = [record for record in records if record["logger"] == "gunicorn.access" and "nope" in record["path"]]
    assert access["path"] == "/nope\ntime=FORGED level=ERROR logger=access\x00\x1b\x7f"
    assert access["status"] == "400" and access["method"] == "GET"
    assert any(record["logger"] == "gunicorn.error" and "Listening at" in record["message"] for record in records)


@pytest.mark.parametrize("requests", [25])
def test_a_database_outage_logs_one_traceback_and_one_line_per_failed_request(manage, tmp_path, requests):
    env = {
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/portal",
        "STATIC_ROOT": str(tmp_path),
    }
    assert manage("collectstatic", "--noinput", "-v0", env=env).returncode == 0
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "client = Client(raise_request_exception=False);"
        f"print('statuses', sorted({{client.get('/').status_code for _ in range({requests})}}))"
    )
    result = manage("shell", "-c", script, env=env)

    lines = result.stdout.splitlines()
    assert lines[-1] == "statuses [500]", result.stderr
    errors = [json.loads(line) for line in lines if line.startswith("{") and '"django.request"' in line]
    assert len(errors) == requests
    assert sum("traceback" in record for record in errors) == 1
    assert all("OperationalError" in record.get("traceback", record.get("error", "")) for record in errors)


def _gunicorn_settings(monkeypatch, bind: str) -> dict:
    monkeypatch.setenv("GUNICORN_BIND", bind)
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_two_gunicorn_instances_on_one_host_have_their_own_control_socket(monkeypatch):
    first = _gunicorn_settings(monkeypatch, "127.0.0.1:8000")
    second = _gunicorn_settings(monkeypatch, "127.0.0.1:8001")

    assert first["control_socket"] != second["control_socket"]
    assert first["control_socket"].endswith("portal-127-0-0-1-8000.ctl")


def test_workers_are_recycled_rarely_and_not_together(monkeypatch):
    config = _gunicorn_settings(monkeypatch, "127.0.0.1:8000")

    assert config["max_requests"] >= 50_000 and config["max_requests_jitter"] >= config["max_requests"] // 20
    assert config["logger_class"] == "portal.ops.logs.GunicornLogger"
