"""What a browser fetches besides pages: the stylesheet and icons (static files, under
content-hashed names), /favicon.ico, which browsers ask for by that name whatever the
page links, and the web app manifests that put the app, a list or a read-only link on a
home screen."""

from __future__ import annotations

import bottle

from simplelists import manifest, services, urls
from simplelists.i18n import _
from simplelists.routes.lookup import list_or_404, shared_list

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
                                            short_name=the_list.name, start_url=urls.list_path(the_list.id), scope="/"))


def shared_manifest(secret: str) -> str:
    """GET /shared/<secret>/manifest.webmanifest: a read-only link as an app, kept to its
    own page (no way into the rest of the app). 404 once the link is revoked."""
    the_list = shared_list(secret, note_use=False)
    path = urls.shared_path(secret)
    return manifest.serve(manifest.manifest(services.current().static_files, name=the_list.name,
                                            short_name=the_list.name, start_url=path, scope=path))


def favicon() -> bytes:
    """GET /favicon.ico: the icon (16, 32 and 48 pixels)."""
    icon = services.current().static_files.file("favicon.ico")
    bottle.response.content_type = icon.content_type
    bottle.response.set_header("Cache-Control", f"public, max-age={FAVICON_MAX_AGE}")
    return icon.body


def static_file(name: str) -> bytes:
    """GET /static/<name>: a file from memory under its content-hashed name."""
    return services.current().static_files.serve(name)
