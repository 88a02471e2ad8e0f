"""The reference app: the smallest WSGI app there is. Served by the same server with the
same settings as Simple Lists (`python -m simplelists.web_server hello:app`: granian, one
worker of four threads), on the same CPU, its throughput is the ceiling of the stack
(granian + Python) on that core, and every throughput in the benchmark is reported as a
ratio to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from simplelists.access_log import AccessLog

BODY = b"ok"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def hello(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answer every request with 200 and the two bytes "ok"."""
    start_response("200 OK", HEADERS)
    return [BODY]


# With the access log the app's requests get, as the server's own log was part of the ceiling.
app = AccessLog(hello)
