"""Lists and their items: the rows as small dataclasses, and ListStore, which holds every
query that reads or changes them.

Rules every change here keeps:
- an item is only ever changed through its own list (list_id and item id must both match,
  and the list must not be deleted), so a form naming another list's ID changes nothing;
- every change to a list or its items bumps lists.version in the same transaction
  (bump_version), which is how a form loaded before someone else's change is spotted;
- deletes are soft (time_deleted), so they can be undone or restored from the trash
  (trash.py) for TRASH_DAYS; older ones are purged whenever something is deleted.
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets
import sqlite3
from collections.abc import Iterable

from simplelists.db import Database, placeholders
from simplelists.timestamps import format_go_time, format_sqlite_time, parse_timestamp, utc_now

LIST_ID_ALPHABET = "bcdfghjklmnpqrstvwxyz"  # consonants only, so IDs never spell words
LIST_ID_LENGTH = 10
TRASH_DAYS = 30
# Items the Go app adds have no position: they sort by id, which is insertion order. New
# positions never exceed the next id (see _next_position), so those land at the end.
ITEM_ORDER = "ORDER BY coalesce(position, id), id"
MOVES = ("up", "down", "top")


@dataclasses.dataclass(frozen=True)
class Item:
    """One line of a list."""

    id: int
    description: str
    done: bool


@dataclasses.dataclass(frozen=True)
class ListSummary:
    """A list as the home page shows it: no items, but their counts."""

    id: str
    name: str
    time_created: datetime.datetime  # aware, UTC
    item_count: int
    done_count: int


@dataclasses.dataclass(frozen=True)
class List:
    """A list with its items, in their order (the order added unless moved)."""

    id: str
    name: str
    time_created: datetime.datetime  # aware, UTC
    items: list[Item]
    version: int = 0  # bumped by every change to the list or its items

    @property
    def to_do(self) -> list[Item]:
        """The items not done yet, in their order."""
        return [item for item in self.items if not item.done]

    @property
    def done(self) -> list[Item]:
        """The items crossed off, in their order."""
        return [item for item in self.items if item.done]


@dataclasses.dataclass(frozen=True)
class Change:
    """What a change to a list did: true when it was applied (the list, and the item if
    one was named, exist). stale: the list had been changed after the version the form
    was loaded with. item_ids: the items changed (for undo)."""

    applied: bool
    stale: bool = False
    item_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.applied


def new_list_id() -> str:
    """A fresh random list ID: 10 consonants drawn with secrets (the URL is the only key)."""
    return "".join(secrets.choice(LIST_ID_ALPHABET) for _ in range(LIST_ID_LENGTH))


def bump_version(connection: sqlite3.Connection, list_id: str, seen_version: int | None) -> bool:
    """Count one change to the list; True if it had changed since seen_version (None:
    the form carried no version, as the Go original's did not, so never stale)."""
    row = connection.execute("SELECT version FROM lists WHERE id = ?", (list_id,)).fetchone()
    connection.execute("UPDATE lists SET version = version + 1 WHERE id = ?", (list_id,))
    return seen_version is not None and row is not None and (row[0] or 0) != seen_version


def list_is_active(connection: sqlite3.Connection, list_id: str) -> bool:
    """True if the list exists and is not deleted."""
    return connection.execute(
        "SELECT 1 FROM lists WHERE id = ? AND time_deleted IS NULL", (list_id,)).fetchone() is not None


def now_text() -> str:
    """Now, as the Go app's item and deletion times are written."""
    return format_sqlite_time(utc_now())


def trash_cutoff_text() -> str:
    """The time before which deleted things leave the trash for good."""
    return format_sqlite_time(utc_now() - datetime.timedelta(days=TRASH_DAYS))


# The WHERE clause that makes an item changeable: on that list, neither deleted.
_LIVE_ITEM = """id = ? AND list_id = ? AND time_deleted IS NULL
                AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)"""


class ListStore:
    """Every read and write of lists and items."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- lists -----------------------------------------------------------------------

    def get_lists(self) -> list[ListSummary]:
        """Every list not deleted, newest first, with item counts."""
        rows = self.db.connection().execute(
            """SELECT l.id, l.name, l.time_created,
                      count(i.id), coalesce(sum(i.done != 0), 0)
               FROM lists l
               LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
               WHERE l.time_deleted IS NULL
               GROUP BY l.id
               ORDER BY l.time_created DESC, l.rowid DESC"""
        ).fetchall()
        return [ListSummary(row[0], row[1], parse_timestamp(row[2]), row[3], row[4]) for row in rows]

    def get_list(self, list_id: str) -> List | None:
        """The list with its items (not deleted, in their order), or None if there
        is no such list or it was deleted."""
        connection = self.db.connection()
        row = connection.execute(
            "SELECT id, name, time_created, version FROM lists WHERE id = ? AND time_deleted IS NULL", (list_id,)
        ).fetchone()
        if row is None:
            return None
        items = [
            Item(item_id, description, bool(done))
            for item_id, description, done in connection.execute(
                f"SELECT id, description, done FROM items WHERE list_id = ? AND time_deleted IS NULL {ITEM_ORDER}",
                (list_id,),
            )
        ]
        return List(row[0], row[1], parse_timestamp(row[2]), items, row[3] or 0)

    def create_list(self, name: str) -> str:
        """Create a list and return its new random ID."""
        with self.db.transaction() as connection:
            return self._insert_list(connection, name)

    def import_list(self, name: str, items: Iterable[tuple[str, bool]]) -> str:
        """Create a list with its items (description, done) in order, all in one
        transaction, so a failed import leaves nothing half-made; returns the new ID."""
        with self.db.transaction() as connection:
            list_id = self._insert_list(connection, name)
            now = now_text()
            connection.executemany(
                "INSERT INTO items (list_id, time_created, description, done) VALUES (?, ?, ?, ?)",
                [(list_id, now, description, 1 if done else 0) for description, done in items])
        return list_id

    @staticmethod
    def _insert_list(connection: sqlite3.Connection, name: str) -> str:
        while True:
            list_id = new_list_id()
            # 21**10 IDs make a clash all but impossible; checking costs nothing.
            if connection.execute("SELECT 1 FROM lists WHERE id = ?", (list_id,)).fetchone() is None:
                break
        # The Go app's format for this column (RFC 3339 with nanoseconds), so it can read it.
        connection.execute(
            "INSERT INTO lists (id, time_created, name) VALUES (?, ?, ?)", (list_id, format_go_time(utc_now()), name))
        return list_id

    def rename_list(self, list_id: str, name: str, seen_version: int | None = None) -> Change:
        """Give a list a new name; false if there is no such list (or it was deleted)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            connection.execute("UPDATE lists SET name = ? WHERE id = ?", (name, list_id))
            return Change(True, bump_version(connection, list_id, seen_version))

    def delete_list(self, list_id: str) -> bool:
        """Soft-delete a list (it goes to the trash); False if there was no such list (or
        it was deleted already). Also purges trash older than TRASH_DAYS."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE lists SET time_deleted = ?, version = version + 1 WHERE id = ? AND time_deleted IS NULL",
                (now_text(), list_id))
            _purge_trash(connection)
            return cursor.rowcount > 0

    def uncheck_all(self, list_id: str, seen_version: int | None = None) -> Change:
        """Mark every item of the list not done; false if there is no such list.
        item_ids: the items that were done."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                "SELECT id FROM items WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,)))
            connection.execute(
                "UPDATE items SET done = 0 WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,))
            return Change(True, bump_version(connection, list_id, seen_version), ids)

    def clear_done(self, list_id: str, seen_version: int | None = None) -> Change:
        """Soft-delete every done item of the list, in one transaction; false if there is
        no such list. item_ids: the items deleted (empty when none were done)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                f"SELECT id FROM items WHERE list_id = ? AND time_deleted IS NULL AND done != 0 {ITEM_ORDER}",
                (list_id,)))
            if ids:
                connection.execute(
                    f"UPDATE items SET time_deleted = ? WHERE list_id = ? AND id IN ({placeholders(ids)})",
                    (now_text(), list_id, *ids))
            stale = bump_version(connection, list_id, seen_version)
            _purge_trash(connection)
            return Change(True, stale, ids)

    # -- items -----------------------------------------------------------------------

    def add_items(self, list_id: str, descriptions: Iterable[str], seen_version: int | None = None) -> Change:
        """Add items at the end of a list, in the order given, in one transaction; false
        if the list does not exist. item_ids: the new items' IDs. Costs the same however
        long the list is: nothing of the list is read but its newest position."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            position = _next_position(connection, list_id)
            now = now_text()
            ids = []
            for description in descriptions:
                cursor = connection.execute(
                    "INSERT INTO items (list_id, time_created, description, done, position) VALUES (?, ?, ?, 0, ?)",
                    (list_id, now, description, position))
                ids.append(cursor.lastrowid)
                position += 1
            return Change(True, bump_version(connection, list_id, seen_version), tuple(ids))

    def add_item(self, list_id: str, description: str) -> int | None:
        """Add one item at the end of a list; its ID, or None if the list does not exist."""
        change = self.add_items(list_id, [description])
        return change.item_ids[0] if change else None

    def set_done(self, list_id: str, item_id: int, done: bool, seen_version: int | None = None) -> Change:
        """Mark an item done or not done (idempotent); false if the item is not on that list."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE items SET done = ? WHERE {_LIVE_ITEM}", (1 if done else 0, item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def edit_item(self, list_id: str, item_id: int, description: str, seen_version: int | None = None) -> Change:
        """Change an item's text; false if the item is not on that list (or deleted)."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE items SET description = ? WHERE {_LIVE_ITEM}", (description, item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def delete_item(self, list_id: str, item_id: int, seen_version: int | None = None) -> Change:
        """Soft-delete an item (it goes to the trash); false if the item is not on that
        list (or already deleted). Also purges trash older than TRASH_DAYS."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE items SET time_deleted = ? WHERE {_LIVE_ITEM}", (now_text(), item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            stale = bump_version(connection, list_id, seen_version)
            _purge_trash(connection)
            return Change(True, stale, (item_id,))

    def move_item(self, list_id: str, item_id: int, move: str, seen_version: int | None = None) -> Change:
        """Move a not-done item up or down past the next not-done item, or to the top of
        the list. Done items are shown apart (in their own order), so moves step over them.
        Moving the first item up (or the last down) is a no-op that still succeeds. False
        if the item is not a not-done item of that list; ValueError for an unknown move."""
        if move not in MOVES:
            raise ValueError(f"unknown move {move!r}")
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            # Every item of the list, deleted ones too, so a restored item comes back in place.
            rows = connection.execute(
                f"SELECT id, done, time_deleted IS NULL FROM items WHERE list_id = ? {ITEM_ORDER}",
                (list_id,)).fetchall()
            order = [row[0] for row in rows]
            to_do = [row[0] for row in rows if not row[1] and row[2]]
            if item_id not in to_do:
                return Change(False)
            index = to_do.index(item_id)
            if move == "top":
                neighbour, after = order[0], False
            elif move == "up" and index > 0:
                neighbour, after = to_do[index - 1], False
            elif move == "down" and index < len(to_do) - 1:
                neighbour, after = to_do[index + 1], True
            else:  # already first or last: nothing to move
                return Change(True, bump_version(connection, list_id, seen_version), (item_id,))
            if neighbour != item_id:
                order.remove(item_id)
                order.insert(order.index(neighbour) + (1 if after else 0), item_id)
            connection.executemany(
                "UPDATE items SET position = ? WHERE id = ?", [(n, i) for n, i in enumerate(order, start=1)])
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))


def _next_position(connection: sqlite3.Connection, list_id: str) -> int:
    # Positions are either item IDs (never moved) or 1..n (renumbered by a move), so this
    # is never more than the next item's ID: items the Go app adds (position NULL, sorted
    # by id) still come last.
    row = connection.execute(
        "SELECT max(coalesce(position, id)) FROM items WHERE list_id = ?", (list_id,)).fetchone()
    return (row[0] or 0) + 1


def _purge_trash(connection: sqlite3.Connection) -> None:
    """Delete for good what was deleted more than TRASH_DAYS ago (items first: they refer
    to their list). Run inside each delete's transaction, so the trash never grows past a
    month of deletions and nothing runs on a timer."""
    cutoff = trash_cutoff_text()
    connection.execute(
        """DELETE FROM items WHERE time_deleted < ?
            OR list_id IN (SELECT id FROM lists WHERE time_deleted < ?)""", (cutoff, cutoff))
    connection.execute("DELETE FROM lists WHERE time_deleted < ?", (cutoff,))
