"""A real Varnish in front, with the site's VCL (config/varnish.vcl): pages are kept by
Varnish, and a committed change purges exactly the pages that show the changed item, by
surrogate key (CDN_PURGE=varnish), while every other page stays a Varnish hit.

Needs varnishd and the xkey module (apt-get install varnish varnish-modules); without them the
test is skipped with the reason, except in CI (CI=true), where that is an error: `.ci/run`
installs both.
"""

import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from conditions.models import Treatment
from medications.models import Medication
from tests.processes import ROOT

VCL = ROOT / "config" / "varnish.vcl"
VARNISH_PORT = 5641
BACKEND_PORT = 5642


def _cannot_run(workdir: Path) -> str:
    """Why Varnish cannot run here ("" when it can): varnishd, or the xkey module the VCL imports."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.access(varnishd, os.X_OK):
        return "varnishd is not installed (apt-get install varnish varnish-modules)"
    checked = subprocess.run(
        [varnishd, "-C", "-n", str(workdir / "check"), "-f", str(VCL)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if checked.returncode != 0:
        return f"config/varnish.vcl does not compile (is varnish-modules installed?): {checked.stderr[-500:]}"
    return ""


@pytest.fixture
def varnish(tmp_path, settings):
    """A Django server on BACKEND_PORT and a Varnish on VARNISH_PORT in front of it, with the
    site's VCL; the site sends its purges there."""
    reason = _cannot_run(tmp_path)
    if reason:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI is set but the Varnish test cannot run: {reason}")
        pytest.skip(reason)
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = [f"http://127.0.0.1:{VARNISH_PORT}/"]
    settings.CDN_PURGE_TIMEOUT = 5
    server = LiveServer(f"127.0.0.1:{BACKEND_PORT}")
    vcl = tmp_path / "portal.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{BACKEND_PORT}";'))
    process = subprocess.Popen(
        [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(tmp_path / "work"),
            "-a",
            f"127.0.0.1:{VARNISH_PORT}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{VARNISH_PORT}/healthz", process)
        yield f"http://127.0.0.1:{VARNISH_PORT}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        server.stop()


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd stopped: {process.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("Varnish did not answer within 30 s")


def fetch(url: str) -> tuple[str, bool]:
    """The page's text, and whether Varnish answered it from its cache (X-Varnish names the
    request and the one that stored the page)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), len(response.headers["X-Varnish"].split()) == 2


def _purges_sent(timeout: float = 10) -> None:
    for thread in threading.enumerate():
        if thread.name == "cdn-purge":
            thread.join(timeout)


@pytest.mark.django_db(transaction=True)
def test_a_change_purges_exactly_its_pages_from_varnish(varnish, make_condition, make_medication):
    medicine = make_medication(name="spironolactone", slug="spironolactone")
    hub = make_condition(name="Varnish syndrome", slug="varnish-syndrome")
    Treatment.objects.create(condition=hub, name="Fluid control", category="supportive_care").medications.add(medicine)
    unrelated = make_condition(name="Unrelated syndrome", slug="unrelated-syndrome")
    pages = {
        "medication": varnish + medicine.get_absolute_url(),
        "hub": varnish + hub.get_absolute_url(),
        "unrelated": varnish + unrelated.get_absolute_url(),
    }
    _purges_sent()  # the purges of the rows just created
    for url in pages.values():
        _text, from_varnish = fetch(url)
        assert not from_varnish
    assert {name: fetch(url)[1] for name, url in pages.items()} == dict.fromkeys(pages, True)

    medicine = Medication.objects.get(pk=medicine.pk)
    medicine.summary = "Keeps potassium in and lets water out."
    medicine.save()  # committed: the purge is sent after the commit
    _purges_sent()

    after = {name: fetch(url) for name, url in pages.items()}
    assert {name: from_varnish for name, (_text, from_varnish) in after.items()} == {
        "medication": False,
        "hub": False,
        "unrelated": True,
    }
    assert "Keeps potassium in and lets water out." in after["medication"][0]
    assert {name: fetch(url)[1] for name, url in pages.items()} == dict.fromkeys(pages, True)


@pytest.mark.django_db(transaction=True)
def test_varnish_refuses_a_purge_without_keys(varnish):
    request = urllib.request.Request(varnish + "/", method="PURGE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
