"""What every request handler may use, reached one way: services.current().

create_app builds one Services per app (the config, the database and its stores, the
static files) and keeps it in the app's config. A route handler (and the access check in
app.py) fetches it once, at its edge, from the app answering the request, so two apps in
one process (as in the tests) never see each other's database; everything below the
routes is given what it needs as arguments.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import bottle

if TYPE_CHECKING:
    from simplelists.config import Config
    from simplelists.dav_items import DavItems
    from simplelists.dav_lists import DavLists
    from simplelists.db import Database
    from simplelists.destinations import DestinationStore
    from simplelists.devices import DeviceStore
    from simplelists.history import HistoryStore
    from simplelists.lists import ListStore
    from simplelists.search import SearchStore
    from simplelists.sections import SectionStore
    from simplelists.sessions import SessionStore
    from simplelists.static import StaticFiles
    from simplelists.list_tokens import TokenStore
    from simplelists.trash import TrashStore

_KEY = "simplelists.services"


@dataclasses.dataclass(frozen=True)
class Services:
    """The app's settings and the things built from them once, at start."""

    config: Config
    db: Database
    lists: ListStore
    trash: TrashStore
    sessions: SessionStore
    static_files: StaticFiles
    tokens: TokenStore
    sections: SectionStore
    history: HistoryStore
    search: SearchStore
    devices: DeviceStore
    dav_lists: DavLists
    dav_items: DavItems
    destinations: DestinationStore


def attach(app: bottle.Bottle, services: Services) -> None:
    """Make context the one current() returns while app answers a request."""
    app.config[_KEY] = services


def current() -> Services:
    """The context of the app answering the current request."""
    return bottle.request.app.config[_KEY]
