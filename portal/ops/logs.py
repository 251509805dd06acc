"""One log format for the whole site: one JSON object per line, Django's logs and gunicorn's alike.

A value can never start a new line or hide a byte from `grep`: JSON escapes every control
character (NUL included) and we escape DEL and every non-ASCII character too. A traceback
is one field of one record. The same error (type and place) logs its traceback at most once
per TRACEBACK_INTERVAL seconds in each process; repeats log one line without it.

This module does not import Django: gunicorn's master process uses it too.
"""

import datetime
import json
import logging
import threading
import time

from gunicorn import glogging

TRACEBACK_INTERVAL = 60.0

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def to_json_line(fields: dict) -> str:
    return json.dumps(fields, ensure_ascii=True, default=str).replace("\x7f", "\\u007f")


class JsonFormatter(logging.Formatter):
    """{"time": …, "level": …, "logger": …, "message": …, extra fields…, "traceback": …}"""

    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and not name.startswith("_"):
                fields[name] = value
        if record.exc_info:
            fields["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            fields["traceback"] = record.exc_text
        if record.stack_info:
            fields["stack"] = self.formatStack(record.stack_info)
        return to_json_line(fields)


class OneTracebackPerInterval(logging.Filter):
    """Keep the record, drop its traceback if the same error was logged with one recently.

    During a database outage every request fails the same way: the operator needs the
    traceback once a minute and a one-line record per failure, not 100,000 lines.
    """

    def __init__(self, name: str = "", interval: float = TRACEBACK_INTERVAL):
        super().__init__(name)
        self.interval = interval
        self._last_logged: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or record.exc_info[1] is None:
            return True
        error = record.exc_info[1]
        key = (type(error).__qualname__, *_innermost_frame(error.__traceback__))
        now = time.monotonic()
        with self._lock:
            last = self._last_logged.get(key)
            if last is not None and now - last < self.interval:
                record.exc_info = None
                record.exc_text = None
                record.error = f"{type(error).__qualname__}: {error}"
                record.traceback_repeated = True
                return True
            if len(self._last_logged) > 1000:
                self._last_logged.clear()
            self._last_logged[key] = now
        return True


def _innermost_frame(traceback) -> tuple[str, int]:
    if traceback is None:
        return ("", 0)
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)


class GunicornLogger(glogging.Logger):
    """gunicorn's logger writing the site's JSON lines; one structured record per request."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        traceback_filter = OneTracebackPerInterval()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
                handler.addFilter(traceback_filter)

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            "request",
            extra={
                "remote": atoms["h"],
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                "status": atoms["s"],
                "bytes": atoms["B"],
                "duration_ms": atoms["M"],
                "referer": atoms["f"],
                "agent": atoms["a"],
            },
        )
