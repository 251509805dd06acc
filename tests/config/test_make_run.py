"""`make run` on another port, for a machine where 8000 is taken."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_serves_on_the_port_asked_for():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"],
        cwd=ROOT,
        env={**os.environ, "PORT": "8123"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert "runserver 127.0.0.1:8123" in dry_run.stdout
    assert "http://127.0.0.1:8123/admin/" in dry_run.stdout
