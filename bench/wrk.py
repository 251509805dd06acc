"""wrk runs for bench/serve.py through bench/wrk.lua: p50, p95 and p99 from wrk's own
histogram (its summary prints no p95), and runs of an exact number of requests."""

import json
import signal
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk.lua")


def run(
    port: int,
    path: str,
    seconds: int,
    connections: int,
    headers: dict | None = None,
    cycle: list[str] | None = None,
    requests: int = 0,
) -> dict:
    """One wrk run on loopback: req/s, p50, p95 and p99 in ms, errors (time-outs, non-2xx/3xx).

    With `requests`, the run stops after about that many answers (wrk's -d is then only an
    upper bound); with `cycle`, the requests go round those paths in turn."""
    threads = min(2, connections)
    header_options = [option for name, value in (headers or {}).items() for option in ("-H", f"{name}: {value}")]
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "-s",
        str(SCRIPT),
        *header_options,
        f"http://127.0.0.1:{port}{path}",
        "--",
        str(-(-requests // threads)),
        *(cycle or []),
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:  # noqa: S603 - our arguments
        if requests:
            stopped = 0
            while stopped < threads and (line := process.stdout.readline()):
                stopped += line.strip() == "stopped"
            process.send_signal(signal.SIGINT)
        output = process.stdout.read()
    if process.returncode:
        raise RuntimeError(f"wrk failed ({process.returncode}): {' '.join(command)}")
    result = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = result.pop("socket_errors") + result.pop("status_errors")
    return result
