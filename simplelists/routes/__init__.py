"""Every URL the app answers, in one table, and who may use each.

Access is checked for every route before its handler runs (app.py installs the check), so
a new route cannot forget it:
- PUBLIC: anyone (the home page shows the sign-in form to the signed-out);
- SIGNED_IN: signed in, when sign-in is on; others go to the sign-in form, which brings
  them back here;
- TOKEN: the API, for scripts: an API token of the list in the path, sent as
  "Authorization: Bearer <token>" (simplelists/api_auth.py); cookies are never read.
- DEVICE: the CalDAV surface, for phones' Reminders and Tasks apps: a device password
  sent with HTTP Basic (simplelists/dav_auth.py); cookies are never read.
Every POST also needs the form's CSRF token to match its cookie, except on TOKEN routes
(DEVICE routes take no POST).

The handlers are plain functions in one module per resource. Each fetches the app's
services once, at its edge (services.current()), finds what the request names through
lookup.py and renders pages through views.py: those two are the only route modules the
others import, and they import none of the others. Every path a handler redirects to
is built by simplelists/urls.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import bottle

from simplelists import dav_lists, urls, vtodo
from simplelists.routes import (api, assets, connect, dav, dav_objects, dav_reports, health, home, items, language,
                                lists, notifications, search, sections, sign_in, transfer, trash, who)

PUBLIC = "public"
SIGNED_IN = "signed in"
TOKEN = "API token"
DEVICE = "device password"

# Lists' IDs are letters and digits (10 consonants in this app and the Go original);
# allowing only those means /lists/<id> never takes /lists/<id>.txt, whatever order
# routes are added in.
LIST_ID = "<list_id:re:[A-Za-z0-9]{1,32}>"
# A list's collection and an item in it, for CalDAV: list IDs and the names clients give
# (UUIDs and the like).
DAV_LIST = f"/dav/lists/<segment:re:{dav_lists.SEGMENT_PATTERN}>/"
DAV_ITEM = DAV_LIST + f"<name:re:{vtodo.RESOURCE_NAME_PATTERN}>"


@dataclasses.dataclass(frozen=True)
class Route:
    """One URL and method, the function that answers it, and who may use it."""

    method: str
    path: str
    handler: Callable[..., Any]
    access: str


ROUTES = [
    Route("GET", "/", home.show_home, PUBLIC),
    Route("POST", "/sign-in", sign_in.sign_in, PUBLIC),
    Route("POST", "/sign-out", sign_in.sign_out, PUBLIC),
    Route("POST", "/language", language.choose_language, PUBLIC),
    Route("GET", "/healthz", health.healthz, PUBLIC),
    Route("GET", "/static/<name>", assets.static_file, PUBLIC),

    Route("POST", "/create-list", home.create_list, SIGNED_IN),
    Route("GET", f"/lists/{LIST_ID}", lists.show_list, SIGNED_IN),
    Route("POST", "/rename-list", lists.rename_list, SIGNED_IN),
    Route("POST", "/uncheck-all", lists.uncheck_all, SIGNED_IN),
    Route("POST", "/clear-done", lists.clear_done, SIGNED_IN),
    Route("POST", "/delete-list", lists.delete_list, SIGNED_IN),
    Route("POST", "/copy-list", lists.copy_list, SIGNED_IN),

    Route("POST", "/add-item", items.add_item, SIGNED_IN),
    Route("POST", "/update-done", items.update_done, SIGNED_IN),
    Route("POST", "/edit-item", items.edit_item, SIGNED_IN),
    Route("POST", "/move-item", items.move_item, SIGNED_IN),
    Route("POST", "/delete-item", items.delete_item, SIGNED_IN),

    Route("POST", "/add-section", sections.add_section, SIGNED_IN),
    Route("POST", "/rename-section", sections.rename_section, SIGNED_IN),
    Route("POST", "/move-section", sections.move_section, SIGNED_IN),
    Route("POST", "/delete-section", sections.delete_section, SIGNED_IN),

    Route("GET", "/search", search.show_search, SIGNED_IN),

    Route("GET", urls.NAME_PATH, who.show_name, SIGNED_IN),
    Route("POST", urls.NAME_PATH, who.set_name, SIGNED_IN),

    Route("GET", "/trash", trash.show_trash, SIGNED_IN),
    Route("POST", "/restore-items", trash.restore_items, SIGNED_IN),
    Route("POST", "/restore-list", trash.restore_list, SIGNED_IN),

    Route("GET", f"/lists/{LIST_ID}.txt", transfer.list_as_text, SIGNED_IN),
    Route("GET", f"/lists/{LIST_ID}.md", transfer.list_as_markdown, SIGNED_IN),
    Route("GET", "/export.json", transfer.export_json, SIGNED_IN),
    Route("POST", "/import-list", transfer.import_list, SIGNED_IN),

    Route("GET", f"/api/lists/{LIST_ID}/items", api.list_items, TOKEN),
    Route("POST", f"/api/lists/{LIST_ID}/items", api.add_items, TOKEN),
    Route("GET", f"/lists/{LIST_ID}/connect", connect.show_connect, SIGNED_IN),
    Route("POST", "/create-api-token", connect.create_api_token, SIGNED_IN),
    Route("POST", "/revoke-api-token", connect.revoke_api_token, SIGNED_IN),

    Route("GET", f"/lists/{LIST_ID}/share", connect.show_share, SIGNED_IN),
    Route("POST", "/create-share-link", connect.create_share_link, SIGNED_IN),
    Route("POST", "/revoke-share-link", connect.revoke_share_link, SIGNED_IN),
    Route("GET", f"/shared/{connect.SECRET}", connect.show_shared, PUBLIC),

    Route("GET", f"/lists/{LIST_ID}/notifications", notifications.show_notifications, SIGNED_IN),
    Route("POST", "/add-destination", notifications.add_destination, SIGNED_IN),
    Route("POST", "/change-destination", notifications.change_destination, SIGNED_IN),
    Route("POST", "/delete-destination", notifications.delete_destination, SIGNED_IN),
    Route("POST", "/test-destination", notifications.send_test, SIGNED_IN),
    Route("POST", "/resume-destination", notifications.resume_destination, SIGNED_IN),

    Route("GET", "/manifest.webmanifest", assets.app_manifest, PUBLIC),
    Route("GET", f"/lists/{LIST_ID}/manifest.webmanifest", assets.list_manifest, SIGNED_IN),
    Route("GET", f"/shared/{connect.SECRET}/manifest.webmanifest", assets.shared_manifest, PUBLIC),
    Route("GET", "/favicon.ico", assets.favicon, PUBLIC),

    Route("GET", "/devices", connect.show_devices, SIGNED_IN),
    Route("POST", "/create-device-password", connect.create_device_password, SIGNED_IN),
    Route("POST", "/revoke-device-password", connect.revoke_device_password, SIGNED_IN),

    # CalDAV, for phones' Reminders and Tasks apps (OPTIONS answers anyone: it says only
    # what the server can do).
    Route("GET", "/.well-known/caldav", dav.well_known, PUBLIC),
    Route("PROPFIND", "/.well-known/caldav", dav.well_known, PUBLIC),
    *(Route("OPTIONS", path, dav.options, PUBLIC)
      for path in ("/", "/dav/", "/dav/principal/", "/dav/lists/", DAV_LIST, DAV_ITEM)),
    Route("PROPFIND", "/", dav.propfind_root, DEVICE),
    Route("PROPFIND", "/dav/", dav.propfind_root, DEVICE),
    Route("PROPFIND", "/dav/principal/", dav.propfind_principal, DEVICE),
    Route("PROPFIND", "/dav/lists/", dav.propfind_home, DEVICE),
    Route("PROPFIND", DAV_LIST, dav.propfind_collection, DEVICE),
    Route("PROPPATCH", DAV_LIST, dav.proppatch, DEVICE),
    Route("MKCALENDAR", DAV_LIST, dav.mkcalendar, DEVICE),
    Route("DELETE", DAV_LIST, dav.delete_collection, DEVICE),
    Route("REPORT", DAV_LIST, dav_reports.report, DEVICE),
    Route("PROPFIND", DAV_ITEM, dav.propfind_item, DEVICE),
    Route("GET", DAV_ITEM, dav_objects.get_item, DEVICE),
    Route("PUT", DAV_ITEM, dav_objects.put_item, DEVICE),
    Route("DELETE", DAV_ITEM, dav_objects.delete_item, DEVICE),
]


ACCESS = (PUBLIC, SIGNED_IN, TOKEN, DEVICE)


def register_all(app: bottle.Bottle) -> None:
    """Add every route of the table to the app; each carries its access in its config.
    ValueError for a route whose access is not one of ACCESS."""
    for route in ROUTES:
        if route.access not in ACCESS:
            raise ValueError(f"{route.method} {route.path}: unknown access {route.access!r}")
        app.route(route.path, route.method, route.handler, access=route.access)
