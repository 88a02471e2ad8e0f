"""Every URL of a list's pages and of what hangs off a list, built in one place, and whole
URLs (scheme and host too) for what is handed to others: a list's link and a share link
to copy or scan, the API's address for a shortcut; and the paths of the CalDAV surface
that phones' apps use. The route table
(simplelists/routes/__init__.py) holds the patterns these paths must match.

The host of a whole URL is the one the browser asked for (its Host header), so the link
is the address the person sees in their own address bar; a Host header of any odd shape
is not used. The scheme is https when the request came over https, directly or through
the trusted proxy (security.is_https). Pages are never cached (no-store), so one
person's Host header cannot end up in another person's page.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from typing import NamedTuple

import bottle

from simplelists import security

# A DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$")


def list_path(list_id: str) -> str:
    """The list page's path, bare."""
    if _plain(list_id):
        return f"/lists/{list_id}"
    return f"/lists/{urllib.parse.quote(list_id)}"


def _plain(list_id: str) -> bool:
    """True for an ID of plain letters and digits, which needs no quoting in a URL: the
    IDs this app and the Go original make (a home page builds a hundred paths with them,
    and quoting costs more than the rest of building one); anything else is quoted."""
    return list_id.isascii() and list_id.isalnum()


def list_url(list_id: str, *, changed: bool = False, deleted: Iterable[int] = (),
             item_id: int | None = None, anchor: str | None = None, **query: str) -> str:
    """The list page's path, with the notices to show after a change: changed (someone
    else changed the list since the form was loaded) and deleted (offer an undo for
    these items); item_id scrolls to that item, anchor to another element; query adds
    other parameters (e.g. edit=<item-id>)."""
    parameters = dict(query)
    deleted_ids = ",".join(str(item) for item in deleted)
    if deleted_ids:
        parameters["deleted"] = deleted_ids
    if changed:
        parameters["changed"] = "1"
    url = list_path(list_id)
    if parameters:
        url += "?" + urllib.parse.urlencode(parameters)
    if item_id is not None:
        url += f"#item-{item_id}"
    elif anchor is not None:
        url += f"#{anchor}"
    return url


def delete_list_url(list_id: str) -> str:
    """The question before deleting a list (its page with delete=1)."""
    return f"{list_path(list_id)}?delete=1"


def sections_url(list_id: str, *, changed: bool = False, section_id: int | None = None, **query: str) -> str:
    """The sections page of a list, scrolled to a section; changed: someone else changed
    the list since the form was loaded."""
    parameters = {"sections": "1", **query}
    if changed:
        parameters["changed"] = "1"
    url = list_path(list_id) + "?" + urllib.parse.urlencode(parameters)
    if section_id is not None:
        url += f"#section-{section_id}"
    return url


def list_page_url(list_id: str, page: str, **query: str) -> str:
    """One of a list's own pages ("connect", "share", "notifications"), with a query if given."""
    url = f"{list_path(list_id)}/{page}"
    return url + "?" + urllib.parse.urlencode(query) if query else url


class ListLinks(NamedTuple):
    """The links a list's pages offer: the list itself and what hangs off it. (A named
    tuple: every list page makes one, and a frozen dataclass of fourteen fields takes
    five times as long to make.)"""

    list_id: str
    page: str
    rename: str
    reorder: str
    sections: str
    clear_done: str
    copy: str
    delete: str
    share: str
    connect: str
    notifications: str
    text: str
    markdown: str
    trash: str

    def section(self, section_id: int, **query: str) -> str:
        """The sections page at one section, with a query (rename-section=<id>, ...)."""
        return sections_url(self.list_id, section_id=section_id, **query)


def list_links(list_id: str) -> ListLinks:
    """All the links of a list's pages, built once per page."""
    page = list_path(list_id)
    return ListLinks(
        list_id=list_id, page=page, rename=f"{page}?rename=1", reorder=f"{page}?reorder=1", sections=f"{page}?sections=1",
        clear_done=f"{page}?clear-done=1", copy=f"{page}?copy=1", delete=delete_list_url(list_id),
        share=list_page_url(list_id, "share"), connect=list_page_url(list_id, "connect"),
        notifications=list_page_url(list_id, "notifications"),
        text=f"{page}.txt", markdown=f"{page}.md", trash=trash_url(list_id))


def trash_url(list_id: str | None = None) -> str:
    """The trash: a list's own, or that of every list."""
    if list_id is None:
        return "/trash"
    return f"/trash?list={list_id}" if _plain(list_id) else "/trash?" + urllib.parse.urlencode({"list": list_id})


def search_url(text: str) -> str:
    """The search across lists for a text."""
    return "/search?" + urllib.parse.urlencode({"q": text})


def list_manifest_url(list_id: str) -> str:
    """The path of a list's web app manifest."""
    return f"{list_path(list_id)}/manifest.webmanifest"


def api_items_path(list_id: str) -> str:
    """The API's address for a list's items."""
    return f"/api/lists/{urllib.parse.quote(list_id)}/items"


def shared_path(secret: str) -> str:
    """The path of the read-only page a share link's secret opens."""
    return f"/shared/{secret}"


def shared_manifest_url(secret: str) -> str:
    """The path of a read-only link's web app manifest."""
    return shared_path(secret) + "/manifest.webmanifest"


def sign_in_url(return_path: str) -> str:
    """The sign-in form, which brings the person back to return_path afterwards."""
    return "/?return-url=" + urllib.parse.quote(return_path, safe="/")


NAME_PATH = "/name"


def name_url(return_path: str) -> str:
    """The page where a browser says who uses it, coming back to return_path after."""
    # quote_plus, as urlencode would, without building a query from a dict (every page links here).
    return f"{NAME_PATH}?return-url={urllib.parse.quote_plus(return_path, safe='')}"


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
DEVICES = "/devices"  # device passwords for every list


def devices_url(**query: str) -> str:
    """The page of device passwords for every list."""
    return DEVICES + ("?" + urllib.parse.urlencode(query) if query else "")


def dav_collection(segment: str) -> str:
    """A list's collection: /dav/lists/<list id, or the name a client gave it>/."""
    return f"{DAV_HOME}{urllib.parse.quote(segment, safe='@+=~')}/"


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
