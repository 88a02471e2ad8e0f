"""The access log: one line per request on stdout, written by the app's own WSGI wrapper.

    172.16.0.2 203.0.113.9 "POST /add-item?x=1 HTTP/1.1" 303 0 12ms

The peer's address, Fly's client address (Fly-Client-IP; "-" when not behind Fly), the
request line, the status, the body's size (its Content-Length; "-" when it has none) and
how long the app took. Left out: successful health checks
(Fly's proxy asks GET /healthz every few seconds, and thousands of identical "200" lines a
day would bury the requests people made; a failing one is logged, and the app logs why),
and all but the first four characters of a share link's secret (/shared/<secret> is a key
to its list; four are enough to tell two apart). API tokens and device passwords travel
in headers, which are never logged.

Why not the server's own access log: granian's goes through the logging module, which
cost more per request than some of the app's pages' own work (a LogRecord, the caller's
frame, a timestamp never shown), where this line is one string written with one system
call. Each line is written whole (os.write of at most MAX_LINE bytes, under a pipe's
atomic size), so the threads' lines never interleave; a person's text in the path or
query is written with control characters escaped, so it cannot forge a line.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

HEALTH_CHECK_PATH = "/healthz"
# A read-only share link's secret is part of its path; the log keeps only its first letters.
SHARED_LINK = re.compile(r"(/shared/[A-Za-z0-9_-]{4})[A-Za-z0-9_-]*")
# What a line may hold of the request's target (path and query): the rest is cut.
MAX_TARGET = 1000
# A line's most bytes: under PIPE_BUF (4096 on Linux), so one write is never split.
MAX_LINE = 2048
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _escape_control(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _text(value: str) -> str:
    """A WSGI string (the request's bytes as Latin-1) as the UTF-8 text it was sent as."""
    return value.encode("latin-1", "replace").decode("utf-8", "replace")


def line(environ: dict[str, Any], status: str, seconds: float, size: str = "-") -> str | None:
    """The access log's line for a request answered with status ("200 OK") and a body of
    size bytes in seconds, or None for one left out (a successful health check)."""
    path = _text(environ.get("PATH_INFO", ""))
    code = status.split(" ", 1)[0]
    if path == HEALTH_CHECK_PATH and code == "200":
        return None
    query = _text(environ.get("QUERY_STRING", ""))
    target = SHARED_LINK.sub(r"\1…", path) + (f"?{query}" if query else "")
    if len(target) > MAX_TARGET:
        target = target[:MAX_TARGET] + "…"
    request = _CONTROL.sub(_escape_control, f'{environ.get("REQUEST_METHOD", "-")} {target} '
                                            f'{environ.get("SERVER_PROTOCOL", "-")}')
    client = _CONTROL.sub(_escape_control, environ.get("HTTP_FLY_CLIENT_IP", "") or "-")
    size = _CONTROL.sub(_escape_control, size)
    return f'{environ.get("REMOTE_ADDR", "-")} {client} "{request}" {code} {size} {round(seconds * 1000)}ms\n'


def _stdout(data: bytes) -> None:
    os.write(1, data)


class AccessLog:
    """WSGI wrapper: the app, with one access log line written for each request it
    answers (write: where the line's bytes go; stdout by default). A request the app
    fails on with an exception is logged as 500 before the exception goes on."""

    def __init__(self, app: WsgiApp, write: Callable[[bytes], Any] = _stdout) -> None:
        self.app = app
        self.write = write

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        answer = ["500", "-"]  # the status and the body's size, once the app has said them

        def recording_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, next((value for name, value in headers if name.lower() == "content-length"), "-")]
            return start_response(status, headers, exc_info)

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            self._log(environ, "500", "-", started)
            raise
        self._log(environ, answer[0], answer[1], started)
        return body

    def _log(self, environ: dict[str, Any], status: str, size: str, started: float) -> None:
        text = line(environ, status, time.perf_counter() - started, size)
        if text is not None:
            data = text.encode("utf-8", "backslashreplace")
            self.write(data if len(data) <= MAX_LINE else data[:MAX_LINE - 4] + "…\n".encode())
