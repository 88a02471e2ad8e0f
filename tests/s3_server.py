"""An S3-compatible server on 127.0.0.1 for Litestream: moto in server mode, in a thread of
this process, counting every request it answers. The tests share one for the session (the
s3_server fixture in conftest.py); bench/bench.py starts its own to count what replication
costs. It can be taken off the network and put back on the same port (pause, resume) to
play an unreachable replica, its buckets living on meanwhile, or refuse every request
(refusing) as storage does whose keys were revoked.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

# Any key works with moto; Litestream only needs some.
ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION = "test-key-id", "test-secret-key", "us-east-1"


class S3Server:
    """moto's S3 on 127.0.0.1:<port>, started by start(), counting requests by kind."""

    def __init__(self) -> None:
        self.port = 0
        self.requests: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._app = DomainDispatcherApplication(create_backend_app)
        self._server: BaseWSGIServer | None = None
        self.refusing = False  # answer every request 403 AccessDenied, as with revoked keys
        self.uploads: list[tuple[float, str]] = []  # (time.monotonic() when answered, path) of each PUT
        self._thread: threading.Thread | None = None
        # werkzeug logs a line per request; Litestream's requests would flood the test output.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        """Listen (on a free port the first time, on the same one after pause)."""
        self._server = make_server("127.0.0.1", self.port, self._count, threaded=True,
                                   request_handler=MotoRequestHandler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-s3", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(10)

    def pause(self) -> None:
        """Stop listening: connections to the port are refused, as from a replica that is down."""
        self.stop()

    def resume(self) -> None:
        """Listen again on the same port, with the same buckets."""
        deadline = time.monotonic() + 10
        while True:
            try:
                self.start()
                return
            except OSError:  # the port is still being released
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def new_bucket(self) -> str:
        """A new, empty bucket, so each test has its own replica."""
        import boto3

        name = f"lists-{uuid.uuid4().hex[:12]}"
        client = boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY_ID,
                              aws_secret_access_key=SECRET_ACCESS_KEY, region_name=REGION)
        client.create_bucket(Bucket=name)
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """The variables `fly storage create` would set, pointing at this server and bucket."""
        return {"BUCKET_NAME": bucket, "AWS_ENDPOINT_URL_S3": self.endpoint, "AWS_REGION": REGION,
                "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}

    def count(self) -> dict[str, int]:
        """Requests answered so far, by kind (PUT, GET, LIST, DELETE, other)."""
        with self._lock:
            return dict(self.requests)

    def _count(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method, path, query = environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        # A GET of a bucket (path /bucket) lists it; a GET of /bucket/key reads an object.
        kind = "LIST" if method == "GET" and path.strip("/").count("/") == 0 else \
            "DELETE" if method == "DELETE" or (method == "POST" and "delete" in query) else method
        with self._lock:
            self.requests[kind] += 1
        if self.refusing:
            start_response("403 Forbidden", [("Content-Type", "application/xml")])
            return [b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
                    b"<Message>Access Denied</Message></Error>"]
        answer = self._app(environ, start_response)
        if method == "PUT":
            with self._lock:
                self.uploads.append((time.monotonic(), path))
        return answer
