"""Rendered pages kept in memory until the database changes, so reading a list again
(the common case: a family reloading the shopping list) skips the queries and the template.

Each thread keeps its own pages, checked against its own SQLite connection's change
marker (PRAGMA data_version plus the connection's own change count): any commit to the
file, by any process, makes every page cached before it stale. The per-user CSRF token is
rendered as a placeholder and put in on the way out, so one cached page serves everyone.
"""

from __future__ import annotations

import collections
import secrets
import threading
from collections.abc import Callable

import bottle

from simplelists.db import Model

# Random per process, so no text in a list can ever look like it.
TOKEN_PLACEHOLDER = f"csrf{secrets.token_hex(16)}"
_ENVIRON_FLAG = "simplelists.render_token_placeholder"
DEFAULT_MAX_BYTES_PER_THREAD = 2 * 1024 * 1024


def rendering_for_cache() -> bool:
    """True while a page is being rendered to be cached: forms then get the placeholder
    instead of the request's CSRF token."""
    return bool(bottle.request.environ.get(_ENVIRON_FLAG))


class PageCache:
    """Whole pages (UTF-8 bytes) per thread, least recently used dropped first."""

    def __init__(self, model: Model, max_bytes_per_thread: int = DEFAULT_MAX_BYTES_PER_THREAD) -> None:
        self._model = model
        self._max_bytes = max_bytes_per_thread
        self._local = threading.local()

    def _store(self) -> collections.OrderedDict[str, tuple[object, bytes]]:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = collections.OrderedDict()
            self._local.size = 0
        return store

    def serve(self, key: str, render: Callable[[], str], csrf_token: Callable[[], str]) -> bytes:
        """The page for key: from the cache when nothing changed since it was stored,
        else render() (which may raise, e.g. a 404; only 200 pages are kept).
        csrf_token() gives this request's token (and sets its cookie)."""
        token = csrf_token().encode("ascii")
        marker = self._model.change_marker()  # read before rendering: the page is at least this new
        store = self._store()
        entry = store.get(key)
        if entry is not None and entry[0] == marker:
            store.move_to_end(key)
            bottle.response.content_type = "text/html; charset=utf-8"
            return entry[1].replace(TOKEN_PLACEHOLDER.encode("ascii"), token)
        bottle.request.environ[_ENVIRON_FLAG] = True
        try:
            body = render().encode("utf-8")
        finally:
            bottle.request.environ.pop(_ENVIRON_FLAG, None)
        if bottle.response.status_code == 200 and len(body) <= self._max_bytes:
            self._put(store, key, marker, body)
        return body.replace(TOKEN_PLACEHOLDER.encode("ascii"), token)

    def _put(self, store: collections.OrderedDict[str, tuple[object, bytes]], key: str, marker: object,
             body: bytes) -> None:
        old = store.pop(key, None)
        if old is not None:
            self._local.size -= len(old[1])
        store[key] = (marker, body)
        self._local.size += len(body)
        while self._local.size > self._max_bytes:
            _, (_, dropped) = store.popitem(last=False)
            self._local.size -= len(dropped)
