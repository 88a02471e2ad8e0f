"""Whole URLs of this site (scheme and host too), for what is handed to others: a list's
link and a share link to copy or scan, the API's address for a shortcut.

The host is the one the browser asked for (its Host header), so the link is the address
the person sees in their own address bar; a Host header of any odd shape is not used.
The scheme is https when the request came over https, directly or through the trusted
proxy (security.is_https). Pages are never cached (no-store), so one person's Host
header cannot end up in another person's page.
"""

from __future__ import annotations

import re

import bottle

from simplelists import security

# A DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$")


def site_url() -> str:
    """This site's address as the browser reached it, e.g. https://lists.example.org."""
    request = bottle.request
    scheme = "https" if security.is_https(request) else "http"
    host = request.get_header("Host", "").strip()
    if not _HOST.match(host):
        host = request.environ.get("SERVER_NAME", "localhost")
        port = str(request.environ.get("SERVER_PORT", ""))
        if port and port != ("443" if scheme == "https" else "80"):
            host = f"{host}:{port}"
    return f"{scheme}://{host}"


def absolute_url(path: str) -> str:
    """The whole URL of a path on this site (the path must start with /)."""
    return site_url() + path
