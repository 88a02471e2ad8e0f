"""Which addresses the server may send notifications to: the one rule, used when a
destination is saved (check_url) and again by the sending process for every connection it
opens (notify_child.py guards the socket layer with address_allowed).

A destination's URL is typed by anyone who can use a list, and the server would then call
it: without a rule, `json://169.254.169.254/...` would read a cloud machine's secrets and
`json://localhost:8080/...` would reach services never meant to be public (server-side
request forgery). So by default only global addresses are allowed: not loopback, private,
link-local, unique-local, shared (CGNAT), multicast, reserved or unspecified ones. Self-
hosters whose ntfy or Home Assistant is on their own network allow private addresses with
SIMPLELISTS_NOTIFY_PRIVATE=true; cloud metadata addresses stay refused even then, and so
do multicast and unspecified ones, which no notification service lives at.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
import urllib.parse
from collections.abc import Callable, Iterable

# Where cloud machines answer questions about themselves (AWS, GCP, Azure, Oracle; AWS's IPv6
# one; ECS task credentials): never a notification service.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(address) for address in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Query parameters of Apprise URLs that name a second host to connect to (mailto's smtp=).
HOST_PARAMETERS = ("smtp", "host", "server", "hostname")

Resolver = Callable[..., list]


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a URL may not be used: the host it names and the address that host is (the
    same text when the host is an address)."""

    host: str
    address: str


def address_allowed(address: str, allow_private: bool = False) -> bool:
    """True if a connection to this IP address (text, IPv4 or IPv6, with or without a
    zone) may be made. Anything that is not an IP address is refused."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and the like are the IPv4 address they carry.
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is None and ip in _NAT64:  # 64:ff9b::7f00:1 reaches 127.0.0.1 through NAT64
            mapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if mapped is not None:
            ip = mapped
    if ip in METADATA_ADDRESSES or ip.is_multicast or ip.is_unspecified:
        return False
    if allow_private:
        return True
    return ip.is_global


def url_hosts(url: str) -> list[str]:
    """The hosts an Apprise URL names that look like host names or addresses: its own
    host, and those in query parameters that name a second one (mailto's smtp=). A first
    part that is not a host (ntfy://topic, tgram://bot-token/chat) is left out: it is
    checked where the connection is made, like every other."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return []
    candidates = [parts.hostname or ""]
    for name, value in urllib.parse.parse_qsl(parts.query):
        if name.lower() in HOST_PARAMETERS:
            candidates.append(_host_of(value))
    return [host for host in candidates if looks_like_host(host)]


def looks_like_host(text: str) -> bool:
    """True for a host name with a dot, localhost, or an IP address (IPv6 without brackets)."""
    text = text.strip().strip("[]").lower()
    if not text:
        return False
    if text == "localhost" or text.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
        return True
    except ValueError:
        return "." in text


def check_url(url: str, allow_private: bool = False, resolve: Resolver = socket.getaddrinfo) -> Refusal | None:
    """The first host of the URL that is, or resolves to, an address not allowed; None
    when every one is allowed. A name that does not resolve is not refused here (DNS may
    be down, or the part is no host at all): the sending process checks the address it
    would connect to."""
    for host in url_hosts(url):
        for address in resolved(host, resolve):
            if not address_allowed(address, allow_private):
                return Refusal(host, address)
    return None


def resolved(host: str, resolve: Resolver = socket.getaddrinfo) -> Iterable[str]:
    """The addresses a host name (or address) stands for; none when it cannot be resolved."""
    host = host.strip().strip("[]")
    try:
        return [info[4][0] for info in resolve(host, None, 0, socket.SOCK_STREAM)]
    except (OSError, UnicodeError, ValueError):
        return []


def _host_of(value: str) -> str:
    """The host in a parameter's value: "smtp.example.com", "smtp.example.com:587" or a URL."""
    value = value.strip()
    if "://" in value:
        try:
            return urllib.parse.urlsplit(value).hostname or ""
        except ValueError:
            return ""
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value
