"""Behind a proxy, on the real server (the Procfile's command): the served app's wrapper
(security.forwarded_scheme) alone decides whether to believe X-Forwarded-Proto, from the
addresses in FORWARDED_ALLOW_IPS, and the app follows the scheme it gives (Secure cookies,
HSTS, whole links), while the peer's address stays what rate limits go by."""

from __future__ import annotations

import http.client
import urllib.parse

import pytest

from e2e.e2e_server import run_server

pytestmark = pytest.mark.slow


def fetch_home(url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/", headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("trusted, believed", [("127.0.0.1,::1", True), ("192.0.2.1", False)])
def test_the_server_believes_forwarded_proto_only_from_a_trusted_proxy(tmp_path, trusted, believed):
    with run_server(tmp_path, {"FORWARDED_ALLOW_IPS": trusted}) as server:
        plain = fetch_home(server.url, {})
        proxied = fetch_home(server.url, {"X-Forwarded-Proto": "https"})
    assert plain.getheader("Strict-Transport-Security") is None
    assert "secure" not in plain.getheader("Set-Cookie", "").lower()
    assert (proxied.getheader("Strict-Transport-Security") is not None) is believed
    assert ("; secure" in proxied.getheader("Set-Cookie", "").lower()) is believed
