"""URLs: whole URLs of this site (scheme and host too), for what is handed to others: a list's
link and a share link to copy or scan, the API's address for a shortcut; and the paths of
the CalDAV surface that phones' apps use.

The host is the one the browser asked for (its Host header), so the link is the address
the person sees in their own address bar; a Host header of any odd shape is not used.
The scheme is https when the request came over https, directly or through the trusted
proxy (security.is_https). Pages are never cached (no-store), so one person's Host
header cannot end up in another person's page.
"""

from __future__ import annotations

import re
import urllib.parse

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


# -- CalDAV: what phones' Reminders and Tasks apps reach (routes/dav*.py) ----------------------

WELL_KNOWN_CALDAV = "/.well-known/caldav"
DAV_ROOT = "/dav/"
DAV_PRINCIPAL = "/dav/principal/"
DAV_HOME = "/dav/lists/"


def dav_collection(segment: str) -> str:
    """A list's collection: /dav/lists/<list id, or the name a client gave it>/."""
    return f"{DAV_HOME}{urllib.parse.quote(segment, safe='')}/"


def dav_item(segment: str, name: str) -> str:
    """An item's resource in its list's collection."""
    return dav_collection(segment) + urllib.parse.quote(name, safe="@+=~")


def dav_path_name(path: str) -> str:
    """The last part of an href a client sent (a path or a whole URL), decoded: the
    resource's name. "" for one ending in a slash."""
    return urllib.parse.unquote(urllib.parse.urlsplit(path).path.rsplit("/", 1)[-1])


def dav_href_parent(path: str) -> str:
    """An href's path without its last part, decoded (for checking it is in a collection)."""
    return urllib.parse.unquote(urllib.parse.urlsplit(path).path.rsplit("/", 1)[0] + "/")
