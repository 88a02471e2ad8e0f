"""The reference app: the smallest WSGI app there is. Served with `gunicorn -w 2` on the
same CPU as Simple Lists, its throughput is the ceiling of the stack (gunicorn + Python)
on that core, and every throughput in the benchmark is reported as a ratio to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b"ok"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answer every request with 200 and the two bytes "ok"."""
    start_response("200 OK", HEADERS)
    return [BODY]
