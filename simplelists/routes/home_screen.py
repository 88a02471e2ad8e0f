"""What a browser fetches to put the app on a home screen: the web app manifests (the
app's, a list's, a read-only link's) and /favicon.ico, which browsers ask for by that
name whatever the page links."""

from __future__ import annotations

import bottle

from simplelists import manifest, services
from simplelists.i18n import _
from simplelists.routes.lookup import list_or_404
from simplelists.routes.share import find_shared, shared_path

FAVICON_MAX_AGE = 24 * 60 * 60  # its URL has no hash, so it is cached for a day only


def app_manifest() -> str:
    """GET /manifest.webmanifest: the app, opening the home page."""
    return manifest.serve(manifest.manifest(services.current().static_files, name=_("Simple Lists"),
                                            short_name=_("Simple Lists"), start_url="/", scope="/"))


def list_manifest(list_id: str) -> str:
    """GET /lists/<id>/manifest.webmanifest: the list as an app of its own, named after
    it, opening it. Behind sign-in like the list (the page links it with credentials)."""
    the_list = list_or_404(list_id)
    return manifest.serve(manifest.manifest(services.current().static_files, name=the_list.name,
                                            short_name=the_list.name, start_url=f"/lists/{the_list.id}", scope="/"))


def shared_manifest(secret: str) -> str:
    """GET /shared/<secret>/manifest.webmanifest: a read-only link as an app, kept to its
    own page (no way into the rest of the app). 404 once the link is revoked."""
    the_list = find_shared(secret, note_use=False)
    path = shared_path(secret)
    return manifest.serve(manifest.manifest(services.current().static_files, name=the_list.name,
                                            short_name=the_list.name, start_url=path, scope=path))


def favicon() -> bytes:
    """GET /favicon.ico: the icon (16, 32 and 48 pixels)."""
    icon = services.current().static_files.file("favicon.ico")
    bottle.response.content_type = icon.content_type
    bottle.response.set_header("Cache-Control", f"public, max-age={FAVICON_MAX_AGE}")
    return icon.body
