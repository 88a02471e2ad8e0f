"""The access log: one line per request (client, Fly's client address, request, status,
size, milliseconds), written by the app's WSGI wrapper (access_log.py): healthy health checks
left out, share links' secrets cut, control characters escaped, one write per line."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from e2e.e2e_server import run_server
from simplelists import access_log


def logged(path: str, status: str = "200 OK", *, method: str = "GET", query: str = "", fly_client: str = "",
           fail: bool = False) -> list[bytes]:
    """The writes the access log makes for one request to an app answering status (or
    raising, with fail)."""
    writes: list[bytes] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if fail:
            raise RuntimeError("boom")
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "172.16.0.2"}
    if fly_client:
        environ["HTTP_FLY_CLIENT_IP"] = fly_client
    wrapped = access_log.AccessLog(app, writes.append)
    if fail:
        with pytest.raises(RuntimeError):
            wrapped(environ, lambda *args: None)
    else:
        assert wrapped(environ, lambda *args: None) == [b"ok"]
    return writes


def test_one_line_per_request_in_the_documented_format():
    [line] = logged("/add-item", "303 See Other", method="POST", query="x=1", fly_client="203.0.113.9")
    assert re.fullmatch(rb'172\.16\.0\.2 203\.0\.113\.9 "POST /add-item\?x=1 HTTP/1\.1" 303 2 \d+ms\n', line), line
    assert logged("/")[0].startswith(b'172.16.0.2 - "GET / HTTP/1.1" 200 2 ')


def test_a_request_the_app_fails_on_is_logged_as_500():
    [line] = logged("/lists/x", fail=True)
    assert b'"GET /lists/x HTTP/1.1" 500 - ' in line


def test_share_links_secrets_are_left_out():
    secret = "AbCd" + "x" * 39
    [line] = logged(f"/shared/{secret}/manifest.webmanifest")
    assert secret.encode() not in line and secret[4:].encode() not in line
    assert '"GET /shared/AbCd…/manifest.webmanifest HTTP/1.1"'.encode() in line


def test_healthy_health_checks_stay_out():
    assert logged("/healthz") == []
    assert b'"GET /healthz HTTP/1.1" 503 ' in logged("/healthz", "503 Service Unavailable")[0]
    assert len(logged("/healthz/x", "404 Not Found")) == 1


@pytest.mark.parametrize("path, query, shown", [
    ("/lists/a\nFAKE 200", "", rb"/lists/a\x0aFAKE 200"),
    ("/x", "q=\r\n1", rb"/x?q=\x0d\x0a1"),
    ("/lists/Cr\xc3\xa8me", "", "/lists/Crème".encode()),  # a WSGI path: the UTF-8 bytes as Latin-1
])
def test_a_line_cannot_be_forged_and_shows_the_text_as_sent(path, query, shown):
    [line] = logged(path, query=query)
    assert shown in line and line.count(b"\n") == 1 and line.endswith(b"\n")


def test_a_long_request_makes_one_short_line():
    [line] = logged("/" + "é" * 5000, query="q=" + "x" * 5000)
    assert len(line) <= access_log.MAX_LINE and line.count(b"\n") == 1 and line.endswith(b"\n")


@pytest.mark.slow
def test_the_real_server_logs_each_request_once_without_secrets_or_health_checks(tmp_path):
    secret = "AbCd" + "y" * 39
    with run_server(tmp_path, {}) as server:  # it polls /healthz until it answers
        assert server.call("GET", "/?from=home", headers={"Fly-Client-IP": "203.0.113.9"})[0] == 200
        server.call("GET", f"/shared/{secret}")
        deadline = time.monotonic() + 5
        while "/shared/" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        log = server.log()
    lines = [line for line in log.splitlines() if '"GET ' in line]
    assert re.fullmatch(r'127\.0\.0\.1 203\.0\.113\.9 "GET /\?from=home HTTP/1\.1" 200 \d{4,} \d+ms', lines[0]), lines
    assert re.fullmatch(r'127\.0\.0\.1 - "GET /shared/AbCd… HTTP/1\.1" \d{3} \d+ \d+ms', lines[1]), lines
    assert len(lines) == 2 and secret[4:] not in log
