"""Lists as CalDAV collections: which ones a device sees, their names in URLs, their sync
tokens, the changes since a token (with tombstones), and the properties clients set.

A list's collection is /dav/lists/<list id>/, or for a list a client made with MKCALENDAR
the name the client chose for it (kept in dav_lists, as the client must find it there
again). A collection's sync token and ctag are the newest id of its rows in the change log
(changes.py): every change to the list or its items writes one, so they change exactly
when something did. Changes since a token are the items of rows newer than it; items
deleted since are tombstones (404 in a sync-collection answer). A token older than the
list's FORGOTTEN row (deleted items were purged for good after it) is refused as invalid,
so the client syncs afresh.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from simplelists import changes
from simplelists.db import Database

# What a collection may be called in a URL: list IDs, and what clients choose (UUIDs).
SEGMENT_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.@~+=-]{0,99}"
TOKEN_PREFIX = "https://simplelists.invalid/ns/sync/"
MAX_PROPERTIES = 30  # set by clients on one list (colours, order): a few in practice
MAX_PROPERTY_LENGTH = 2000


class InvalidToken(ValueError):
    """A sync token this server did not give for that list, or too old to answer."""


@dataclasses.dataclass(frozen=True)
class Collection:
    """A list as a collection."""

    list_id: str
    segment: str  # its name in the URL
    name: str  # the list's name (displayname)
    newest: int  # its newest change's id: sync token and ctag
    properties: dict[str, str]  # set by clients: "{namespace}name" -> value (XML text)

    @property
    def sync_token(self) -> str:
        return sync_token(self.newest)

    @property
    def ctag(self) -> str:
        return str(self.newest)


@dataclasses.dataclass(frozen=True)
class Changed:
    """What changed in a list since a sync token."""

    item_ids: list[int]  # items changed or deleted since, oldest change first
    newest: int  # the token to give now


class DavLists:
    """Every read and write of the collections' own table, and reads of the change log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collections(self, list_id: str | None = None) -> list[Collection]:
        """The live lists as collections, newest first; only that one with list_id."""
        where, parameters = ("AND l.id = ?", (list_id,)) if list_id is not None else ("", ())
        rows = self.db.connection().execute(
            f"""SELECT l.id, d.name, l.name, d.properties,
                       (SELECT max(c.id) FROM change_log c WHERE c.list_id = l.id)
                FROM lists l LEFT JOIN dav_lists d ON d.list_id = l.id
                WHERE l.time_deleted IS NULL {where}
                ORDER BY l.time_created DESC, l.rowid DESC""", parameters).fetchall()
        return [Collection(row[0], row[1] or row[0], row[2], row[4] or 0, json.loads(row[3] or "{}"))
                for row in rows]

    def list_id_of(self, segment: str) -> str | None:
        """The ID of the list (deleted or not) a collection's name in a URL stands for."""
        row = self.db.connection().execute(
            "SELECT list_id FROM dav_lists WHERE name = ? UNION ALL SELECT id FROM lists WHERE id = ?",
            (segment, segment)).fetchone()
        return None if row is None else row[0]

    def name_taken(self, connection: sqlite3.Connection, segment: str) -> bool:
        """True if a list (even one in the trash) has that name in URLs, or that ID."""
        return connection.execute(
            "SELECT 1 FROM dav_lists WHERE name = ? UNION ALL SELECT 1 FROM lists WHERE id = ?",
            (segment, segment)).fetchone() is not None

    def name_list(self, connection: sqlite3.Connection, list_id: str, segment: str) -> None:
        """Give a list made by a client the name the client chose for it in URLs."""
        if segment != list_id:
            connection.execute(
                """INSERT INTO dav_lists (list_id, name) VALUES (?, ?)
                   ON CONFLICT (list_id) DO UPDATE SET name = excluded.name""", (list_id, segment))

    def set_properties(self, list_id: str, updates: dict[str, str | None], who: str | None = None) -> bool:
        """Set (or with None remove) properties clients keep on a list (dead properties:
        a colour, an order), logged as a change to the list; False if that would pass
        MAX_PROPERTIES or a value MAX_PROPERTY_LENGTH (nothing is changed then)."""
        with self.db.transaction() as connection:
            if not changes.list_is_active(connection, list_id):
                return False
            row = connection.execute("SELECT properties FROM dav_lists WHERE list_id = ?", (list_id,)).fetchone()
            properties = json.loads(row[0] or "{}") if row else {}
            for name, value in updates.items():
                if value is None:
                    properties.pop(name, None)
                else:
                    properties[name] = value
            if len(properties) > MAX_PROPERTIES or any(len(value) > MAX_PROPERTY_LENGTH
                                                       for value in properties.values()):
                return False
            connection.execute(
                """INSERT INTO dav_lists (list_id, properties) VALUES (?, ?)
                   ON CONFLICT (list_id) DO UPDATE SET properties = excluded.properties""",
                (list_id, json.dumps(properties, ensure_ascii=False)))
            changes.record(connection, list_id, changes.LIST_PROPERTIES, who=who)
            changes.bump_version(connection, list_id, None)
            return True

    def changed_since(self, list_id: str, token: str) -> Changed:
        """The items changed or deleted in the list since the sync token (an empty token:
        none, the client has nothing yet). InvalidToken for one this server did not give
        for that list, or older than its deleted items kept."""
        connection = self.db.connection()
        newest, forgotten = connection.execute(
            "SELECT max(id), max(CASE WHEN action = ? THEN id END) FROM change_log WHERE list_id = ?",
            (changes.FORGOTTEN, list_id)).fetchone()
        newest = newest or 0
        if not token:
            return Changed([], newest)
        seen = parse_token(token)
        if seen is None or seen > newest or (forgotten is not None and seen < forgotten):
            raise InvalidToken(token)
        rows = connection.execute(
            """SELECT item_id FROM change_log WHERE list_id = ? AND id > ? AND item_id IS NOT NULL
               GROUP BY item_id ORDER BY max(id)""", (list_id, seen)).fetchall()
        return Changed([row[0] for row in rows], newest)


def sync_token(newest: int) -> str:
    """The sync token for a list whose newest change has that id."""
    return f"{TOKEN_PREFIX}{newest}"


def parse_token(token: str) -> int | None:
    """The change id in a sync token this server gives, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    number = token[len(TOKEN_PREFIX):]
    return int(number) if number.isdigit() and len(number) < 19 else None
