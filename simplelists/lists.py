"""Lists: the rows as small dataclasses, and ListStore, which holds every query that reads
or changes a list as a whole (the changes to single items come from ItemStore, items.py).

Rules every change here keeps:
- every change to a list or its items bumps lists.version in the same transaction
  (changes.bump_version), which is how a form loaded before someone else's change is
  spotted;
- deletes are soft (time_deleted), so they can be undone or restored from the trash
  (trash.py) for TRASH_DAYS; older ones are purged whenever something is deleted.

Sections (sections.py) group a list's open items; an item's section_id is NULL for
"no section", as for every item the Go app adds.
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from simplelists import changes, history, trash
from simplelists.changes import Change, bump_version, list_is_active, now_text
from simplelists.db import placeholders
from simplelists.items import ITEM_ORDER, Item, ItemStore
from simplelists.matching import duplicate_key
from simplelists.sections import Section, group_by_section, insert_section
from simplelists.timestamps import format_go_time, parse_timestamp, utc_now

LIST_ID_ALPHABET = "bcdfghjklmnpqrstvwxyz"  # consonants only, so IDs never spell words
LIST_ID_LENGTH = 10
# A named tuple, as items.Item: the home page makes one for each list.
class ListSummary(NamedTuple):
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
    sections: list[Section] = dataclasses.field(default_factory=list)  # in their order

    @property
    def to_do(self) -> list[Item]:
        """The items not done yet, in their order."""
        return [item for item in self.items if not item.done]

    @property
    def done(self) -> list[Item]:
        """The items crossed off, in their order."""
        return [item for item in self.items if item.done]

    def by_section(self, items: Iterable[Item]) -> list[tuple[Section | None, list[Item]]]:
        """The items grouped as the page shows them (see group_by_section), leaving out
        groups with no items."""
        return [(section, grouped) for section, grouped in group_by_section(items, self.sections) if grouped]


def new_list_id() -> str:
    """A fresh random list ID: 10 consonants drawn with secrets (the URL is the only key)."""
    return "".join(secrets.choice(LIST_ID_ALPHABET) for _ in range(LIST_ID_LENGTH))


class ListStore(ItemStore):
    """Every read and write of lists; the changes to their items come from ItemStore."""

    # -- lists -----------------------------------------------------------------------

    def get_lists(self) -> list[ListSummary]:
        """Every list not deleted, newest first, with item counts."""
        # Each list's live items counted through the (list_id, time_deleted) index, which
        # skips deleted ones: a quarter faster than grouping the join of every list with
        # its items, and unlike counting all items first, never reads a long trash.
        rows = self.db.connection().execute(
            """SELECT l.id, l.name, l.time_created,
                      (SELECT count(*) FROM items i WHERE i.list_id = l.id AND i.time_deleted IS NULL),
                      (SELECT count(*) FROM items i WHERE i.list_id = l.id AND i.time_deleted IS NULL
                                                          AND i.done != 0)
               FROM lists l
               WHERE l.time_deleted IS NULL
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
        # What a phone's app added to an item (dav_items): its due date and notes.
        items = [
            Item(item_id, description, done != 0, section_id, due, notes)
            for item_id, description, done, section_id, due, notes in connection.execute(
                f"""SELECT id, description, done, section_id, d.due, d.notes FROM items
                    LEFT JOIN dav_items d ON d.item_id = items.id
                    WHERE items.list_id = ? AND time_deleted IS NULL {ITEM_ORDER}""",
                (list_id,),
            )
        ]
        sections = [Section(section_id, name) for section_id, name in connection.execute(
            "SELECT id, name FROM sections WHERE list_id = ? ORDER BY position, id", (list_id,))]
        return List(row[0], row[1], parse_timestamp(row[2]), items, row[3] or 0, sections)

    def item_story(self, list_id: str, item_id: int) -> changes.ItemStory | None:
        """Who added, ticked and edited the item, and when (see changes.item_story); None
        if it is not on that list."""
        return changes.item_story(self.db.connection(), list_id, item_id)

    def create_list(self, name: str, *, who: str | None = None) -> str:
        """Create a list and return its new random ID. who: the browser's or device's
        name (None: unknown), for the change log."""
        with self.db.transaction() as connection:
            list_id = self._insert_list(connection, name)
            changes.record(connection, list_id, changes.LIST_CREATED, who=who)
            return list_id

    def import_list(self, name: str, items: Iterable[tuple[str, bool] | tuple[str, bool, str | None]],
                    sections: Sequence[str] = (), *, who: str | None = None) -> str:
        """Create a list with its items in order, all in one transaction, so a failed
        import leaves nothing half-made; returns the new ID. Each item is (description,
        done) or (description, done, section name or None); sections are the section
        names in their order (those only items name are added after them), so a section
        with no items is kept too. Items are taken as they are, repeats included."""
        with self.db.transaction() as connection:
            list_id = self._insert_list(connection, name)
            now = now_text()
            rows = [(item[0], bool(item[1]), item[2] if len(item) > 2 else None) for item in items]
            # One section per name, ignoring case and spaces as for items.
            section_ids: dict[str, int] = {}
            for section in [*sections, *(section for _, _, section in rows if section)]:
                if duplicate_key(section) not in section_ids:
                    section_ids[duplicate_key(section)] = insert_section(connection, list_id, section)
            placed = [(description, done, section_ids[duplicate_key(section)] if section else None)
                      for description, done, section in rows]
            connection.executemany(
                "INSERT INTO items (list_id, time_created, description, done, section_id) VALUES (?, ?, ?, ?, ?)",
                [(list_id, now, description, 1 if done else 0, section_id)
                 for description, done, section_id in placed])
            history.record_added(connection, list_id, now,
                                 [(description, section_id) for description, _, section_id in placed])
            _record_new_list(connection, list_id, who)
        return list_id

    def copy_list(self, list_id: str, name: str, *, who: str | None = None) -> str | None:
        """A new list named name with the list's items (all open), sections and order,
        and its history (so it suggests the same things); the new ID, or None if there
        is no such list (or it was deleted)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return None
            new_id = self._insert_list(connection, name)
            section_ids = {
                old: insert_section(connection, new_id, section_name)
                for old, section_name in connection.execute(
                    "SELECT id, name FROM sections WHERE list_id = ? ORDER BY position, id", (list_id,)).fetchall()}
            rows = connection.execute(
                f"SELECT description, section_id FROM items WHERE list_id = ? AND time_deleted IS NULL {ITEM_ORDER}",
                (list_id,)).fetchall()
            now = now_text()
            connection.executemany(
                """INSERT INTO items (list_id, time_created, description, done, position, section_id)
                   VALUES (?, ?, ?, 0, ?, ?)""",
                [(new_id, now, description, position, section_ids.get(section_id))
                 for position, (description, section_id) in enumerate(rows, start=1)])
            history.copy_history(connection, list_id, new_id, section_ids)
            _record_new_list(connection, new_id, who)
            return new_id

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

    def rename_list(self, list_id: str, name: str, seen_version: int | None = None, *, who: str | None = None) -> Change:
        """Give a list a new name; false if there is no such list (or it was deleted)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            connection.execute("UPDATE lists SET name = ? WHERE id = ?", (name, list_id))
            changes.record(connection, list_id, changes.LIST_RENAMED, who=who)
            return Change(True, bump_version(connection, list_id, seen_version))

    def delete_list(self, list_id: str, *, who: str | None = None) -> bool:
        """Soft-delete a list (it goes to the trash); False if there was no such list (or
        it was deleted already). Also purges trash older than TRASH_DAYS."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE lists SET time_deleted = ?, version = version + 1 WHERE id = ? AND time_deleted IS NULL",
                (now_text(), list_id))
            if cursor.rowcount:
                changes.record(connection, list_id, changes.LIST_DELETED, who=who)
            trash.purge(connection)
            return cursor.rowcount > 0

    def uncheck_all(self, list_id: str, seen_version: int | None = None, *, who: str | None = None) -> Change:
        """Mark every item of the list not done; false if there is no such list.
        item_ids: the items that were done."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                "SELECT id FROM items WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,)))
            connection.execute(
                "UPDATE items SET done = 0 WHERE list_id = ? AND time_deleted IS NULL AND done != 0", (list_id,))
            changes.record(connection, list_id, changes.UNTICKED, ids, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), ids)

    def clear_done(self, list_id: str, seen_version: int | None = None, *, who: str | None = None) -> Change:
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
                # Quiet for notifications: they were told of when they were ticked.
                changes.record(connection, list_id, changes.DELETED, ids, who=who, notify=False)
            stale = bump_version(connection, list_id, seen_version)
            trash.purge(connection)
            return Change(True, stale, ids)


def _record_new_list(connection: sqlite3.Connection, list_id: str, who: str | None) -> None:
    """Log a list made with its items (an import, a copy), by who."""
    changes.record(connection, list_id, changes.LIST_CREATED, who=who)
    changes.record(connection, list_id, changes.ADDED, [row[0] for row in connection.execute(
        "SELECT id FROM items WHERE list_id = ?", (list_id,))], who=who)
