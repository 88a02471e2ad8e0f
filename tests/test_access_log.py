"""The access log: one line per request (client, Fly's client address, request, status,
milliseconds), written by granian's access logger with the format and the filter in
web_server.py: healthy health checks left out, share links' secrets cut."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator

import pytest

from e2e.e2e_server import run_server
from simplelists import web_server


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    """granian's access logger with a handler as web_server.LOG_CONFIG makes it (the
    filter, the bare line), writing into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter(web_server.LOG_CONFIG["formatters"]["line"]["format"]))
    assert web_server.LOG_CONFIG["handlers"]["stdout"]["filters"] == ["access"]
    handler.addFilter(web_server.LOG_CONFIG["filters"]["access"]["()"]())
    logger = logging.getLogger("granian.access")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield buffer
    logger.removeHandler(handler)
    logger.setLevel(level)


def log_request(method: str, path: str, status: int, query: str = "", fly_client: str = "-") -> None:
    """One line through the logger as granian writes it: its format with the header atom
    filled in, and a dict of the request's atoms."""
    message = web_server.ACCESS_LOG_FORMAT.replace("%(header{fly-client-ip})s", fly_client)
    logging.getLogger("granian.access").info(message, {
        "addr": "172.16.0.2", "method": method, "path": path, "query_string": query,
        "protocol": "HTTP/1.1", "status": status, "dt_ms": 12.4, "time": "", "scheme": "http"})


def test_one_line_per_request_in_the_configured_format(access_log):
    log_request("POST", "/add-item", 303, query="x=1", fly_client="203.0.113.9")
    assert access_log.getvalue() == '172.16.0.2 203.0.113.9 "POST /add-item?x=1 HTTP/1.1" 303 12ms\n'


def test_share_links_secrets_are_left_out(access_log):
    secret = "AbCd" + "x" * 39
    log_request("GET", f"/shared/{secret}/manifest.webmanifest", 200)
    line = access_log.getvalue()
    assert secret not in line and secret[4:] not in line
    assert '"GET /shared/AbCd…/manifest.webmanifest HTTP/1.1"' in line


def test_healthy_health_checks_stay_out(access_log):
    for path, status in [("/healthz", 200), ("/healthz", 503), ("/", 200), ("/healthz/x", 404)]:
        log_request("GET", path, status)
    assert re.findall(r'"GET (\S+) HTTP/1.1" (\d+)', access_log.getvalue()) == [
        ("/healthz", "503"), ("/", "200"), ("/healthz/x", "404")]


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
    assert re.fullmatch(r'127\.0\.0\.1 203\.0\.113\.9 "GET /\?from=home HTTP/1\.1" 200 \d+ms', lines[0]), lines
    assert re.fullmatch(r'127\.0\.0\.1 - "GET /shared/AbCd… HTTP/1\.1" \d{3} \d+ms', lines[1]), lines
    assert len(lines) == 2 and secret[4:] not in log
