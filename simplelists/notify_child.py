"""The sending process: `python -m simplelists.notify_child`, run by the sender
(notify_sender.py) once per batch, so Apprise (about 36 MB once imported) never lives in
the web worker and a hanging service is ended by killing this process.

It reads JSON from stdin, {"allow_private": bool, "messages": [{"url",
"title", "body"}, ...]}, sends each message with Apprise and writes {"results": [{"ok":
bool, "error": str}, ...]} to stdout, one result per message, in order.

Before Apprise is imported, the socket layer is guarded (guard_sockets): every address this
process resolves, connects or sends to is checked against network_rule.address_allowed, so
a redirect, a second host named in the URL (mailto's smtp=) or a name that resolves
differently now than when the destination was saved cannot reach inside the network.
Errors are reported without the URL (it holds secrets).
"""

from __future__ import annotations

import json
import logging
import re
import socket
import sys
import urllib.parse
from typing import Any

from simplelists import network_rule

# The longest error reported back for a message.
MAX_ERROR = 300


class RefusedAddress(ConnectionRefusedError):
    """A connection to an address the rule does not allow."""


def guard_sockets(allow_private: bool, refusals: list[str]) -> None:
    """Check every address this process resolves, connects or sends to: one not allowed
    raises RefusedAddress (and its reason is added to refusals). Unix sockets are refused
    too: nothing here has a reason to talk to a local service."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect, real_connect_ex, real_sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def refuse(host: object, address: str) -> RefusedAddress:
        reason = (f"refused to connect to {host} ({address}): not a public address"
                  if str(host) != address else f"refused to connect to {address}: not a public address")
        refusals.append(reason)
        return RefusedAddress(reason)

    def check(family: int, address: Any) -> None:
        if family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else str(address)
            if not network_rule.address_allowed(str(host), allow_private):
                raise refuse(host, str(host))
        else:
            raise refuse(address, "a local socket")

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        results = real_getaddrinfo(host, port, *args, **kwargs)
        for result in results:
            if result[0] in (socket.AF_INET, socket.AF_INET6) and not network_rule.address_allowed(
                    str(result[4][0]), allow_private):
                raise refuse(host, str(result[4][0]))
        return results

    def connect(self, address):  # type: ignore[no-untyped-def]
        check(self.family, address)
        return real_connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        check(self.family, address)
        return real_connect_ex(self, address)

    def sendto(self, data, *args):  # type: ignore[no-untyped-def]
        check(self.family, args[-1])
        return real_sendto(self, data, *args)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]


def send_all(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Send each message of the request; one result per message."""
    refusals: list[str] = []
    guard_sockets(bool(request.get("allow_private")), refusals)
    import apprise  # only now: after the guard, and never in the web worker

    results = []
    for message in request.get("messages", []):
        refusals.clear()
        results.append(_send(apprise, message, refusals))
    return results


def _send(apprise: Any, message: dict[str, Any], refusals: list[str]) -> dict[str, Any]:
    url = str(message.get("url", ""))
    sender = apprise.Apprise()
    if not sender.add(url) or len(sender) != 1:
        return {"ok": False, "error": "Apprise does not recognise this URL (one URL per destination)."}
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        try:
            ok = bool(sender.notify(body=str(message.get("body", "")), title=str(message.get("title", ""))))
        except Exception as error:  # noqa: BLE001 - any failure of a service is reported, never raised
            ok, captured_error = False, f"{type(error).__name__}: {error}"
        else:
            captured_error = ""
        log_text = captured.getvalue()
    if ok:
        return {"ok": True, "error": ""}
    if refusals:  # the rule's own words: an address, never a part of the URL's secrets
        return {"ok": False, "error": refusals[0][:MAX_ERROR]}
    error = captured_error or _last_lines(log_text) or "the service did not accept it"
    return {"ok": False, "error": scrub(error, url)[:MAX_ERROR]}


def scrub(text: str, url: str) -> str:
    """text without the URL or any of its parts longer than 3 characters (its secrets)."""
    secrets = {url}
    try:
        parts = urllib.parse.urlsplit(url)
        secrets |= {parts.username or "", parts.password or "", parts.netloc, parts.path, parts.query}
        secrets |= set(re.split(r"[/?&=:@,]+", f"{parts.netloc}/{parts.path}?{parts.query}"))
    except ValueError:
        pass
    for secret in sorted((s for s in secrets if len(s) > 3), key=len, reverse=True):
        text = text.replace(secret, "•••").replace(urllib.parse.quote(secret, safe=""), "•••")
    return text


def _last_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[-2:])


def main() -> int:
    try:
        request = json.loads(sys.stdin.read() or "{}")
    except json.JSONDecodeError as error:
        print(json.dumps({"error": f"not JSON: {error}"}))
        return 2
    print(json.dumps({"results": send_all(request)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
