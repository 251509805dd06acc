"""gunicorn settings for the portal; each can be overridden by its environment variable.

Run: gunicorn config.wsgi -c gunicorn.conf.py
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle a worker now and then so a slow leak never becomes an outage, but rarely: each
# recycle costs a fresh process its warm-up. A worker's memory is flat over 100,000 requests
# (bench/results.md), and page-cache hits come at thousands a second, where 50,000 meant a
# restart every few seconds. The jitter keeps workers from recycling together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 10)))
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket (for gunicornc), one per instance: named after the address this
# instance listens on, so two servers on one host never share or replace each other's.
_runtime_dir = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(os.path.expanduser("~"), ".gunicorn")
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    os.path.join(_runtime_dir, "portal-" + "".join(c if c.isalnum() else "-" for c in bind) + ".ctl"),
)

# Logs to stdout as JSON lines, the same format as the application's (portal/ops/logs.py): one
# record per request with the path and query escaped, so a request cannot forge a line.
logger_class = "portal.ops.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
