"""An HTTP receiver for notification tests: a real server on 127.0.0.x that records what
Apprise's json:// sends it, answers with a status or a redirect, and can be stopped and
started again on the same port (a service that is down, then back)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable
from typing import Any


class Receiver:
    """Records each POST's JSON body (Apprise's json:// sends title and message)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, redirect_to: str | None = None) -> None:
        self.host = host
        self.port = port
        self.redirect_to = redirect_to
        self.status = 200
        self.received: list[dict[str, Any]] = []
        self._server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The json:// URL of this receiver."""
        return f"json://{self.host}:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.redirect_to:
                    self.send_response(307)
                    self.send_header("Location", receiver.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                receiver.received.append(json.loads(body or b"{}"))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer((self.host, self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def messages(self) -> list[str]:
        """The bodies received ("message" of each), in order."""
        return [entry.get("message", "") for entry in self.received]


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "the condition") -> Any:
    """Poll until condition() is true (returning it), up to timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
