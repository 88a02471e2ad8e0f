"""The web app manifest, so the app, or one list, can go on a phone's home screen and
open like an app of its own (standalone: no address bar, no back button).

There is one manifest for the app (it opens the home page) and one per list, so adding
a list's page to the home screen opens that list: each list page links its own, named
after the list. A read-only share link has one too. The colours follow the stylesheet's
light and dark backgrounds (the page links a theme-color for each scheme; a manifest has
room for one).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import bottle

from simplelists import i18n, urls
from simplelists.i18n import N_, _
from simplelists.static import StaticFiles

ROOT_MANIFEST = "/manifest.webmanifest"
CONTENT_TYPE = "application/manifest+json"
# The stylesheet's --bg in its light and dark themes (a test checks they match).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#161718"
DESCRIPTION = N_("Shared to-do and shopping lists for the family, quick to use on a phone.")


class Icon(NamedTuple):
    """One icon file of the static folder, as the manifest names it."""

    file: str
    sizes: str
    type: str
    purpose: str


# Made by tools/make_icons.py (a test checks the committed files match it). Maskable ones
# keep the mark inside the middle 80%, so any mask shape (circle, squircle) leaves it whole.
ICONS = (
    Icon("icon.svg", "any", "image/svg+xml", "any"),
    Icon("icon-192.png", "192x192", "image/png", "any"),
    Icon("icon-512.png", "512x512", "image/png", "any"),
    Icon("icon-maskable-192.png", "192x192", "image/png", "maskable"),
    Icon("icon-maskable-512.png", "512x512", "image/png", "maskable"),
)


def manifest_url_for(the_list: Any) -> str:
    """The manifest a page links: its list's, on a page about one list, else the app's."""
    list_id = getattr(the_list, "id", None)
    return urls.list_manifest_url(list_id) if list_id else ROOT_MANIFEST


def manifest(static_files: StaticFiles, *, name: str, short_name: str, start_url: str, scope: str) -> dict[str, Any]:
    """The manifest of an app that opens start_url and keeps to scope, in the request's
    language (its lang and dir say which, for the names and the description)."""
    language = i18n.current()
    return {
        "id": start_url,
        "lang": language.tag,
        "dir": language.direction,
        "name": name,
        "short_name": short_name,
        "description": _(DESCRIPTION),
        "start_url": start_url,
        "scope": scope,
        "display": "standalone",
        "background_color": LIGHT_BACKGROUND,
        "theme_color": LIGHT_BACKGROUND,
        "icons": [{"src": static_files.url_for(icon.file), "sizes": icon.sizes, "type": icon.type,
                   "purpose": icon.purpose} for icon in ICONS],
    }


def serve(data: dict[str, Any]) -> str:
    """The response body for a manifest, with its content type."""
    bottle.response.content_type = CONTENT_TYPE
    return json.dumps(data, ensure_ascii=False, indent=1)


class PageHead(NamedTuple):
    """What every page's <head> links for home screens and tabs (templates/base.html)."""

    manifest_url: str
    favicon_url: str
    svg_icon_url: str
    apple_touch_icon_url: str
    light_background: str
    dark_background: str
    description: str


def page_head(static_files: StaticFiles, manifest_url: str) -> PageHead:
    """The head links of a page whose manifest is manifest_url."""
    return PageHead(manifest_url, static_files.url_for("favicon.ico"), static_files.url_for("icon.svg"),
                    static_files.url_for("apple-touch-icon.png"), LIGHT_BACKGROUND, DARK_BACKGROUND, _(DESCRIPTION))
