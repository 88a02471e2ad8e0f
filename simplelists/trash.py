"""The trash: what was deleted in the last TRASH_DAYS days, and bringing it back.

Deleting (in lists.py) only sets time_deleted, so an undo right after a delete and a
restore from the trash page are the same operation: clearing it again. Older deletions
are purged (purge) inside each delete's transaction.
"""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from collections.abc import Sequence

from simplelists import changes, history, outbox
from simplelists.changes import Change, bump_version, list_is_active
from simplelists.db import Database, placeholders
from simplelists.timestamps import format_sqlite_time, parse_timestamp, utc_now

TRASH_DAYS = 30

MAX_RESTORE_IDS = 1000  # more than any list has done items at once; keeps queries bounded


@dataclasses.dataclass(frozen=True)
class TrashedItem:
    """A deleted item of a list that is not itself deleted."""

    id: int
    list_id: str
    list_name: str
    description: str
    time_deleted: datetime.datetime  # aware, UTC
    deleted_by: str | None = None  # the change log's who, on the trash page only


@dataclasses.dataclass(frozen=True)
class TrashedList:
    """A deleted list, with how many items it had when deleted."""

    id: str
    name: str
    item_count: int
    time_deleted: datetime.datetime  # aware, UTC
    deleted_by: str | None = None  # the change log's who, on the trash page only


@dataclasses.dataclass(frozen=True)
class Trash:
    """What can still be restored (deleted in the last TRASH_DAYS days), newest first."""

    lists: list[TrashedList]
    items: list[TrashedItem]


# Who deleted a list, or an item, as the newest deletion the change log has says (one
# lookup in its indexes per row shown, inside the trash's one query).
_DELETED_BY_LIST = f"""SELECT c.who FROM change_log c WHERE c.list_id = l.id AND c.item_id IS NULL
                       AND c.action = '{changes.LIST_DELETED}' ORDER BY c.id DESC LIMIT 1"""
_DELETED_BY_ITEM = f"""SELECT c.who FROM change_log c WHERE c.list_id = i.list_id AND c.item_id = i.id
                       AND c.action = '{changes.DELETED}' ORDER BY c.id DESC LIMIT 1"""


class TrashStore:
    """Reading the trash and restoring from it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get_trash(self, list_id: str | None = None) -> Trash:
        """Deleted lists and items of the last TRASH_DAYS days, newest first. Items of
        deleted lists are not listed on their own: they come back with their list. With
        list_id, only that list's deleted items (and no lists)."""
        connection = self.db.connection()
        cutoff = trash_cutoff_text()
        lists: list[TrashedList] = []
        if list_id is None:
            lists = [TrashedList(row[0], row[1], row[2], parse_timestamp(row[3]), row[4]) for row in connection.execute(
                f"""SELECT l.id, l.name, count(i.id), l.time_deleted, ({_DELETED_BY_LIST}) FROM lists l
                   LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
                   WHERE l.time_deleted IS NOT NULL AND l.time_deleted >= ?
                   GROUP BY l.id ORDER BY l.time_deleted DESC, l.rowid DESC""", (cutoff,))]
        where, parameters = ("AND l.id = ?", (cutoff, list_id)) if list_id is not None else ("", (cutoff,))
        rows = connection.execute(
            f"""SELECT i.id, l.id, l.name, i.description, i.time_deleted, ({_DELETED_BY_ITEM})
                FROM items i JOIN lists l ON l.id = i.list_id
                WHERE l.time_deleted IS NULL AND i.time_deleted IS NOT NULL AND i.time_deleted >= ? {where}
                ORDER BY i.time_deleted DESC, i.id DESC""", parameters)
        items = [TrashedItem(row[0], row[1], row[2], row[3], parse_timestamp(row[4]), row[5]) for row in rows]
        return Trash(lists, items)

    def get_deleted_items(self, list_id: str, item_ids: Sequence[int]) -> list[TrashedItem]:
        """Those of the items that are deleted and belong to that list (which must not be
        deleted), in list order: what an "Undo" may offer. Others are left out silently."""
        ids = list(item_ids)[:MAX_RESTORE_IDS]
        if not ids:
            return []
        rows = self.db.connection().execute(
            f"""SELECT i.id, l.id, l.name, i.description, i.time_deleted
                FROM items i JOIN lists l ON l.id = i.list_id
                WHERE l.id = ? AND l.time_deleted IS NULL AND i.time_deleted IS NOT NULL
                  AND i.id IN ({placeholders(ids)})
                ORDER BY coalesce(i.position, i.id), i.id""",
            (list_id, *ids)).fetchall()
        return [TrashedItem(row[0], row[1], row[2], row[3], parse_timestamp(row[4])) for row in rows]

    def get_deleted_list(self, list_id: str) -> TrashedList | None:
        """The list if it is in the trash (deleted, not yet purged), else None."""
        row = self.db.connection().execute(
            """SELECT l.id, l.name, count(i.id), l.time_deleted FROM lists l
               LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
               WHERE l.id = ? AND l.time_deleted IS NOT NULL GROUP BY l.id""", (list_id,)).fetchone()
        return None if row is None else TrashedList(row[0], row[1], row[2], parse_timestamp(row[3]))

    def restore_items(self, list_id: str, item_ids: Sequence[int], seen_version: int | None = None, *,
                      who: str | None = None) -> Change:
        """Undelete those of the items that belong to that list (others are ignored: an
        undo can never touch another list). False if the list does not exist (or is
        deleted); item_ids: the items restored, possibly none."""
        ids = list(item_ids)[:MAX_RESTORE_IDS]
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            restored: tuple[int, ...] = ()
            if ids:
                restored = tuple(row[0] for row in connection.execute(
                    f"""SELECT id FROM items WHERE list_id = ? AND time_deleted IS NOT NULL
                        AND id IN ({placeholders(ids)})""", (list_id, *ids)))
            if restored:
                connection.execute(
                    f"UPDATE items SET time_deleted = NULL WHERE list_id = ? AND id IN ({placeholders(restored)})",
                    (list_id, *restored))
                changes.record(connection, list_id, changes.RESTORED, restored, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), restored)

    def restore_list(self, list_id: str, *, who: str | None = None) -> bool:
        """Undelete a list (with the items it had when deleted); False if it is not in
        the trash."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE lists SET time_deleted = NULL, version = version + 1 WHERE id = ? AND time_deleted IS NOT NULL",
                (list_id,))
            if cursor.rowcount:
                changes.record(connection, list_id, changes.LIST_RESTORED, who=who)
            return cursor.rowcount > 0


def trash_cutoff_text() -> str:
    """The time before which deleted things leave the trash for good."""
    return format_sqlite_time(utc_now() - datetime.timedelta(days=TRASH_DAYS))


def purge(connection: sqlite3.Connection) -> None:
    """Delete for good what was deleted more than TRASH_DAYS ago (items first: they refer
    to their list). Run inside each delete's transaction, so the trash never grows past a
    month of deletions and nothing runs on a timer."""
    cutoff = trash_cutoff_text()
    gone_lists = [row[0] for row in connection.execute("SELECT id FROM lists WHERE time_deleted < ?", (cutoff,))]
    gone = connection.execute(
        """SELECT list_id, id FROM items WHERE time_deleted < ?
            OR list_id IN (SELECT id FROM lists WHERE time_deleted < ?)""", (cutoff, cutoff)).fetchall()
    connection.execute(
        """DELETE FROM items WHERE time_deleted < ?
            OR list_id IN (SELECT id FROM lists WHERE time_deleted < ?)""", (cutoff, cutoff))
    connection.execute("DELETE FROM lists WHERE time_deleted < ?", (cutoff,))
    # What phones sent for items and lists gone for good, and devices of such lists.
    if gone:
        connection.execute("DELETE FROM dav_items WHERE item_id NOT IN (SELECT id FROM items)")
    if gone_lists:
        connection.execute("DELETE FROM dav_lists WHERE list_id NOT IN (SELECT id FROM lists)")
        connection.execute("DELETE FROM devices WHERE list_id IS NOT NULL AND list_id NOT IN (SELECT id FROM lists)")
    changes.purge_log(connection, cutoff, gone, gone_lists)
    outbox.purge(connection)
    # Sections and history of lists gone for good (here, or deleted outright by the Go
    # app); a section an item still names stays (the foreign key would refuse).
    connection.execute(
        """DELETE FROM sections WHERE list_id NOT IN (SELECT id FROM lists)
            AND NOT EXISTS (SELECT 1 FROM items WHERE items.section_id = sections.id)""")
    history.purge(connection)
