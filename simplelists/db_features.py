"""The model's operations for issue 7's features: edit, rename, add many, reorder,
clear done, uncheck all, trash and restore, and list versions.

Mixed into db.Model, so every operation still goes through the one model. Rules kept by
every method here:
- an item is only ever changed through its own list (list_id and item id must both match,
  and the list must not be deleted), so a form naming another list's ID changes nothing;
- every change to a list or its items bumps lists.version in the same transaction
  (_bump_version), which is how a form loaded before someone else's change is spotted;
- deletes are soft (time_deleted), so they can be undone or restored from the trash
  for TRASH_DAYS; older trash is purged by _purge_trash whenever something is deleted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from simplelists.timestamps import format_sqlite_time, parse_timestamp, utc_now

TRASH_DAYS = 30
# Items the Go app adds have no position: they sort by id, which is insertion order. New
# positions never exceed the next id (see _next_position), so those land at the end.
ITEM_ORDER = "ORDER BY coalesce(position, id), id"
MOVES = ("up", "down", "top")


@dataclasses.dataclass(frozen=True)
class Change:
    """What a write to a list did: true when it was applied (the list, and the item if
    one was named, exist). stale: the list had been changed after the version the form
    was loaded with. item_ids: the items changed (for undo)."""

    applied: bool
    stale: bool = False
    item_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.applied


@dataclasses.dataclass(frozen=True)
class TrashedItem:
    """A deleted item of a list that is not itself deleted."""

    id: int
    list_id: str
    list_name: str
    description: str
    time_deleted: datetime.datetime  # aware, UTC


@dataclasses.dataclass(frozen=True)
class TrashedList:
    """A deleted list, with how many items it had when deleted."""

    id: str
    name: str
    item_count: int
    time_deleted: datetime.datetime  # aware, UTC


@dataclasses.dataclass(frozen=True)
class Trash:
    """What can still be restored (deleted in the last TRASH_DAYS days), newest first."""

    lists: list[TrashedList]
    items: list[TrashedItem]


def _now_text() -> str:
    return format_sqlite_time(utc_now())


def _trash_cutoff_text() -> str:
    return format_sqlite_time(utc_now() - datetime.timedelta(days=TRASH_DAYS))


def _placeholders(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class FeaturesMixin:
    """Operations on lists and items beyond the Go original's; see the module docstring."""

    # Provided by db.Model.
    connection: Callable[[], sqlite3.Connection]
    _write: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    # -- versions ------------------------------------------------------------------------

    @staticmethod
    def _bump_version(connection: sqlite3.Connection, list_id: str, seen_version: int | None) -> bool:
        """Count one change to the list; True if it had changed since seen_version (None:
        the form carried no version, as the Go original's did not, so never stale)."""
        row = connection.execute("SELECT version FROM lists WHERE id = ?", (list_id,)).fetchone()
        connection.execute("UPDATE lists SET version = version + 1 WHERE id = ?", (list_id,))
        return seen_version is not None and row is not None and (row[0] or 0) != seen_version

    @staticmethod
    def _active_list(connection: sqlite3.Connection, list_id: str) -> bool:
        return connection.execute(
            "SELECT 1 FROM lists WHERE id = ? AND time_deleted IS NULL", (list_id,)
        ).fetchone() is not None

    # -- lists -----------------------------------------------------------------------------

    def rename_list(self, list_id: str, name: str, seen_version: int | None = None) -> Change:
        """Give a list a new name; false if there is no such list (or it was deleted)."""
        with self._write() as connection:
            if not self._active_list(connection, list_id):
                return Change(False)
            connection.execute("UPDATE lists SET name = ? WHERE id = ?", (name, list_id))
            return Change(True, self._bump_version(connection, list_id, seen_version))

    def uncheck_all(self, list_id: str, seen_version: int | None = None) -> Change:
        """Mark every item of the list not done; false if there is no such list.
        item_ids: the items that were done."""
        with self._write() as connection:
            if not self._active_list(connection, list_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                "SELECT id FROM items WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,)))
            connection.execute(
                "UPDATE items SET done = 0 WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,))
            return Change(True, self._bump_version(connection, list_id, seen_version), ids)

    def clear_done(self, list_id: str, seen_version: int | None = None) -> Change:
        """Soft-delete every done item of the list, in one transaction; false if there is
        no such list. item_ids: the items deleted (empty when none were done)."""
        with self._write() as connection:
            if not self._active_list(connection, list_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                f"SELECT id FROM items WHERE list_id = ? AND time_deleted IS NULL AND done != 0 {ITEM_ORDER}",
                (list_id,)))
            if ids:
                connection.execute(
                    f"UPDATE items SET time_deleted = ? WHERE list_id = ? AND id IN ({_placeholders(ids)})",
                    (_now_text(), list_id, *ids))
            stale = self._bump_version(connection, list_id, seen_version)
            self._purge_trash(connection)
            return Change(True, stale, ids)

    # -- items -----------------------------------------------------------------------------

    def add_items(self, list_id: str, descriptions: Iterable[str], seen_version: int | None = None) -> Change:
        """Add items at the end of a list, in the order given, in one transaction; false
        if the list does not exist. item_ids: the new items' IDs."""
        with self._write() as connection:
            if not self._active_list(connection, list_id):
                return Change(False)
            position = self._next_position(connection, list_id)
            now = _now_text()
            ids = []
            for description in descriptions:
                cursor = connection.execute(
                    "INSERT INTO items (list_id, time_created, description, done, position) VALUES (?, ?, ?, 0, ?)",
                    (list_id, now, description, position))
                ids.append(cursor.lastrowid)
                position += 1
            return Change(True, self._bump_version(connection, list_id, seen_version), tuple(ids))

    @staticmethod
    def _next_position(connection: sqlite3.Connection, list_id: str) -> int:
        # Positions are either item IDs (never moved) or 1..n (renumbered by a move), so
        # this is never more than the next item's ID: items the Go app adds (position
        # NULL, sorted by id) still come last.
        row = connection.execute(
            "SELECT max(coalesce(position, id)) FROM items WHERE list_id = ?", (list_id,)).fetchone()
        return (row[0] or 0) + 1

    def edit_item(self, list_id: str, item_id: int, description: str, seen_version: int | None = None) -> Change:
        """Change an item's text; false if the item is not on that list (or deleted)."""
        with self._write() as connection:
            cursor = connection.execute(
                """UPDATE items SET description = ?
                   WHERE id = ? AND list_id = ? AND time_deleted IS NULL
                     AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)""",
                (description, item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            return Change(True, self._bump_version(connection, list_id, seen_version), (item_id,))

    def move_item(self, list_id: str, item_id: int, move: str, seen_version: int | None = None) -> Change:
        """Move a not-done item up or down past the next not-done item, or to the top of
        the list. Done items are shown apart (in their own order), so moves step over them.
        Moving the first item up (or the last down) is a no-op that still succeeds. False
        if the item is not a not-done item of that list; ValueError for an unknown move."""
        if move not in MOVES:
            raise ValueError(f"unknown move {move!r}")
        with self._write() as connection:
            if not self._active_list(connection, list_id):
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
                return Change(True, self._bump_version(connection, list_id, seen_version), (item_id,))
            if neighbour != item_id:
                order.remove(item_id)
                order.insert(order.index(neighbour) + (1 if after else 0), item_id)
            connection.executemany(
                "UPDATE items SET position = ? WHERE id = ?", [(n, i) for n, i in enumerate(order, start=1)])
            return Change(True, self._bump_version(connection, list_id, seen_version), (item_id,))

    # -- undo and trash ----------------------------------------------------------------

    def get_deleted_items(self, list_id: str, item_ids: Sequence[int]) -> list[TrashedItem]:
        """Those of the items that are deleted and belong to that list (which must not be
        deleted), in list order: what an "Undo" may offer. Others are left out silently."""
        ids = list(item_ids)[:1000]
        if not ids:
            return []
        rows = self.connection().execute(
            f"""SELECT i.id, l.id, l.name, i.description, i.time_deleted
                FROM items i JOIN lists l ON l.id = i.list_id
                WHERE l.id = ? AND l.time_deleted IS NULL AND i.time_deleted IS NOT NULL
                  AND i.id IN ({_placeholders(ids)})
                ORDER BY coalesce(i.position, i.id), i.id""",
            (list_id, *ids)).fetchall()
        return [TrashedItem(row[0], row[1], row[2], row[3], parse_timestamp(row[4])) for row in rows]

    def restore_items(self, list_id: str, item_ids: Sequence[int], seen_version: int | None = None) -> Change:
        """Undelete those of the items that belong to that list (others are ignored: an
        undo can never touch another list). False if the list does not exist (or is
        deleted); item_ids: the items restored, possibly none."""
        ids = list(item_ids)[:1000]
        with self._write() as connection:
            if not self._active_list(connection, list_id):
                return Change(False)
            restored: tuple[int, ...] = ()
            if ids:
                restored = tuple(row[0] for row in connection.execute(
                    f"""SELECT id FROM items WHERE list_id = ? AND time_deleted IS NOT NULL
                        AND id IN ({_placeholders(ids)})""", (list_id, *ids)))
            if restored:
                connection.execute(
                    f"UPDATE items SET time_deleted = NULL WHERE list_id = ? AND id IN ({_placeholders(restored)})",
                    (list_id, *restored))
            return Change(True, self._bump_version(connection, list_id, seen_version), restored)

    def restore_list(self, list_id: str) -> bool:
        """Undelete a list (with the items it had when deleted); False if it is not in
        the trash."""
        with self._write() as connection:
            cursor = connection.execute(
                "UPDATE lists SET time_deleted = NULL, version = version + 1 WHERE id = ? AND time_deleted IS NOT NULL",
                (list_id,))
            return cursor.rowcount > 0

    def get_deleted_list(self, list_id: str) -> TrashedList | None:
        """The list if it is in the trash (deleted, not yet purged), else None."""
        row = self.connection().execute(
            """SELECT l.id, l.name, count(i.id), l.time_deleted FROM lists l
               LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
               WHERE l.id = ? AND l.time_deleted IS NOT NULL GROUP BY l.id""", (list_id,)).fetchone()
        return None if row is None else TrashedList(row[0], row[1], row[2], parse_timestamp(row[3]))

    def get_trash(self, list_id: str | None = None) -> Trash:
        """Deleted lists and items of the last TRASH_DAYS days, newest first. Items of
        deleted lists are not listed on their own: they come back with their list. With
        list_id, only that list's deleted items (and no lists)."""
        connection = self.connection()
        cutoff = _trash_cutoff_text()
        lists: list[TrashedList] = []
        if list_id is None:
            lists = [TrashedList(row[0], row[1], row[2], parse_timestamp(row[3])) for row in connection.execute(
                """SELECT l.id, l.name, count(i.id), l.time_deleted FROM lists l
                   LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
                   WHERE l.time_deleted IS NOT NULL AND l.time_deleted >= ?
                   GROUP BY l.id ORDER BY l.time_deleted DESC, l.rowid DESC""", (cutoff,))]
        where, parameters = ("AND l.id = ?", (cutoff, list_id)) if list_id is not None else ("", (cutoff,))
        items = [TrashedItem(row[0], row[1], row[2], row[3], parse_timestamp(row[4])) for row in connection.execute(
            f"""SELECT i.id, l.id, l.name, i.description, i.time_deleted
                FROM items i JOIN lists l ON l.id = i.list_id
                WHERE l.time_deleted IS NULL AND i.time_deleted IS NOT NULL AND i.time_deleted >= ? {where}
                ORDER BY i.time_deleted DESC, i.id DESC""", parameters)]
        return Trash(lists, items)

    @staticmethod
    def _purge_trash(connection: sqlite3.Connection) -> None:
        """Delete for good what was deleted more than TRASH_DAYS ago (items first: they
        refer to their list). Run inside each delete's transaction, so the trash never
        grows past a month of deletions and nothing runs on a timer."""
        cutoff = _trash_cutoff_text()
        connection.execute(
            """DELETE FROM items WHERE time_deleted < ?
                OR list_id IN (SELECT id FROM lists WHERE time_deleted < ?)""", (cutoff, cutoff))
        connection.execute("DELETE FROM lists WHERE time_deleted < ?", (cutoff,))
