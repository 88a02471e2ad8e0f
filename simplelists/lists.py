"""Lists and their items: the rows as small dataclasses, and ListStore, which holds every
query that reads or changes them.

Rules every change here keeps:
- an item is only ever changed through its own list (list_id and item id must both match,
  and the list must not be deleted), so a form naming another list's ID changes nothing;
- every change to a list or its items bumps lists.version in the same transaction
  (bump_version), which is how a form loaded before someone else's change is spotted;
- deletes are soft (time_deleted), so they can be undone or restored from the trash
  (trash.py) for TRASH_DAYS; older ones are purged whenever something is deleted;
- adding never makes a second copy of an item: a line matching an open item (ignoring
  case and spaces, see matching.duplicate_key) adds nothing, one matching a done item
  re-opens it; every add is counted in the list's history (history.py) for suggestions.

Sections (sections.py) group a list's open items; an item's section_id is NULL for
"no section", as for every item the Go app adds.
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets
import sqlite3
from collections.abc import Iterable, Sequence

from simplelists import changes, history, trash
from simplelists.changes import MOVES, Change, bump_version, list_is_active, moved, now_text
from simplelists.db import Database, placeholders
from simplelists.matching import duplicate_key
from simplelists.sections import Section, group_by_section, insert_section, own_section
from simplelists.timestamps import format_go_time, parse_timestamp, utc_now

LIST_ID_ALPHABET = "bcdfghjklmnpqrstvwxyz"  # consonants only, so IDs never spell words
LIST_ID_LENGTH = 10
# Items the Go app adds have no position: they sort by id, which is insertion order. New
# positions never exceed the next id (see _next_position), so those land at the end.
ITEM_ORDER = "ORDER BY coalesce(position, id), id"


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


# edit_item(section_id=UNCHANGED): leave the item in its section (forms without the field).
UNCHANGED = _Unchanged()


@dataclasses.dataclass(frozen=True)
class Item:
    """One line of a list."""

    id: int
    description: str
    done: bool
    section_id: int | None = None  # None: no section
    due: str | None = None  # from a phone's app: an ISO date, or date and time (see vtodo.Incoming)
    notes: str | None = None  # from a phone's app


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
        # What a phone's app added to an item (dav_items): its due date and notes.
        items = [
            Item(item_id, description, bool(done), section_id, due, notes)
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

    def create_list(self, name: str, who: str | None = None) -> str:
        """Create a list and return its new random ID. who: the device that made it
        (None: the web), for the change log."""
        with self.db.transaction() as connection:
            list_id = self._insert_list(connection, name)
            changes.record(connection, list_id, changes.LIST_CREATED, who=who)
            return list_id

    def import_list(self, name: str, items: Iterable[tuple[str, bool] | tuple[str, bool, str | None]],
                    sections: Sequence[str] = ()) -> str:
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
            _record_new_list(connection, list_id)
        return list_id

    def copy_list(self, list_id: str, name: str) -> str | None:
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
            _record_new_list(connection, new_id)
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

    def rename_list(self, list_id: str, name: str, seen_version: int | None = None, who: str | None = None) -> Change:
        """Give a list a new name; false if there is no such list (or it was deleted)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            connection.execute("UPDATE lists SET name = ? WHERE id = ?", (name, list_id))
            changes.record(connection, list_id, changes.LIST_RENAMED, who=who)
            return Change(True, bump_version(connection, list_id, seen_version))

    def delete_list(self, list_id: str, who: str | None = None) -> bool:
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
            changes.record(connection, list_id, changes.UNTICKED, ids)
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
                changes.record(connection, list_id, changes.DELETED, ids)
            stale = bump_version(connection, list_id, seen_version)
            trash.purge(connection)
            return Change(True, stale, ids)

    # -- items -----------------------------------------------------------------------

    def add_items(self, list_id: str, descriptions: Iterable[str], seen_version: int | None = None,
                  section_id: int | None = None) -> Change:
        """Add items at the end of a list, in the order given, in one transaction; false
        if the list does not exist. Each line is handled on its own (see Change):

        - it matches an open item (ignoring case, surrounding and repeated spaces; see
          matching.duplicate_key): nothing is added, the item is in already;
        - it matches a done item: that item is open again, where it was (reopened);
        - otherwise a new item goes at the end, into section_id (None, or a section not
          of this list: no section); item_ids holds the new items.

        A line repeating an earlier line of the same call counts as already there. Reads
        only the texts of the list's items (no list to build), however long the list."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            section_id = own_section(connection, list_id, section_id)
            # The first open item with each text, else the first done one.
            existing: dict[str, tuple[int, bool, int | None]] = {}
            for item_id, description, done, item_section in connection.execute(
                    f"""SELECT id, description, done, section_id FROM items
                        WHERE list_id = ? AND time_deleted IS NULL {ITEM_ORDER}""", (list_id,)):
                key = duplicate_key(description)
                if key not in existing or (existing[key][1] and not done):
                    existing[key] = (item_id, bool(done), item_section)
            position = _next_position(connection, list_id)
            now = now_text()
            added: list[int] = []
            reopened: list[int] = []
            already: list[int] = []
            counted: list[tuple[str, int | None]] = []
            for description in descriptions:
                key = duplicate_key(description)
                match = existing.get(key)
                if match is None:
                    cursor = connection.execute(
                        """INSERT INTO items (list_id, time_created, description, done, position, section_id)
                           VALUES (?, ?, ?, 0, ?, ?)""",
                        (list_id, now, description, position, section_id))
                    item_id = int(cursor.lastrowid or 0)
                    existing[key] = (item_id, False, section_id)
                    added.append(item_id)
                    counted.append((description, section_id))
                    position += 1
                elif match[1]:
                    connection.execute("UPDATE items SET done = 0 WHERE id = ?", (match[0],))
                    existing[key] = (match[0], False, match[2])
                    reopened.append(match[0])
                    counted.append((description, match[2]))
                else:
                    already.append(match[0])
            history.record_added(connection, list_id, now, counted)
            changes.record(connection, list_id, changes.ADDED, added)
            changes.record(connection, list_id, changes.UNTICKED, reopened)
            stale = bump_version(connection, list_id, seen_version, changed=bool(added or reopened))
            return Change(True, stale, tuple(added), tuple(reopened), tuple(already))

    def add_item(self, list_id: str, description: str) -> int | None:
        """Add one item at the end of a list (see add_items); the ID of the item with that
        text now open on the list (new, re-opened or there already), or None if the list
        does not exist."""
        change = self.add_items(list_id, [description])
        if not change:
            return None
        return (change.item_ids or change.reopened or change.already)[0]

    def add_new_item(self, list_id: str, description: str, section_id: int | None = None, done: bool = False,
                     who: str | None = None) -> int | None:
        """Add one item at the end of a list even if the list has one with the same text
        (a phone's app makes its own items, and must find each one again); its ID, or None
        if the list does not exist (or is deleted). It is counted in the list's history
        like any add; section_id must be the list's own (else no section)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return None
            section_id = own_section(connection, list_id, section_id)
            now = now_text()
            cursor = connection.execute(
                """INSERT INTO items (list_id, time_created, description, done, position, section_id)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (list_id, now, description, 1 if done else 0, _next_position(connection, list_id), section_id))
            item_id = int(cursor.lastrowid or 0)
            history.record_added(connection, list_id, now, [(description, section_id)])
            changes.record(connection, list_id, changes.ADDED, (item_id,), who=who)
            bump_version(connection, list_id, None)
            return item_id

    def set_done(self, list_id: str, item_id: int, done: bool, seen_version: int | None = None,
                 who: str | None = None) -> Change:
        """Mark an item done or not done (idempotent); false if the item is not on that list."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE items SET done = ? WHERE {_LIVE_ITEM}", (1 if done else 0, item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            changes.record(connection, list_id, changes.TICKED if done else changes.UNTICKED, (item_id,), who=who)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def edit_item(self, list_id: str, item_id: int, description: str, seen_version: int | None = None,
                  section_id: int | None | _Unchanged = UNCHANGED, who: str | None = None) -> Change:
        """Change an item's text, and its section unless UNCHANGED (None: no section; a
        section not of this list counts as none). An item moved to another section goes
        to its end. False if the item is not on that list (or deleted)."""
        with self.db.transaction() as connection:
            row = connection.execute(
                f"SELECT description, section_id FROM items WHERE {_LIVE_ITEM}", (item_id, list_id)).fetchone()
            if row is None:
                return Change(False)
            old_description, old_section = row
            new_section = old_section if isinstance(section_id, _Unchanged) else own_section(
                connection, list_id, section_id)
            if description != old_description:
                connection.execute("UPDATE items SET description = ? WHERE id = ?", (description, item_id))
                history.record_edit(connection, list_id, now_text(), old_description, description, new_section)
            if new_section != old_section:
                connection.execute("UPDATE items SET section_id = ?, position = ? WHERE id = ?",
                                   (new_section, _next_position(connection, list_id), item_id))
                history.remember_section(connection, list_id, description, new_section)
            changes.record(connection, list_id, changes.EDITED, (item_id,), who=who)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def place_item(self, list_id: str, item_id: int, before_id: int | None, who: str | None = None) -> Change:
        """Put an item just before another item of the list (None: at the end), where a
        phone's app sorted it; the items are numbered 1..n again. False if either is not
        on that list (deleted ones count: a restored item comes back in place)."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            positions = dict(connection.execute(
                f"SELECT id, coalesce(position, id) FROM items WHERE list_id = ? {ITEM_ORDER}", (list_id,)).fetchall())
            order = list(positions)
            if item_id not in positions or (before_id is not None and before_id not in positions):
                return Change(False)
            order.remove(item_id)
            order.insert(len(order) if before_id is None else order.index(before_id), item_id)
            _renumber(connection, list_id, order, positions, who)
            return Change(True, bump_version(connection, list_id, None), (item_id,))

    def delete_item(self, list_id: str, item_id: int, seen_version: int | None = None,
                    who: str | None = None) -> Change:
        """Soft-delete an item (it goes to the trash); false if the item is not on that
        list (or already deleted). Also purges trash older than TRASH_DAYS."""
        with self.db.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE items SET time_deleted = ? WHERE {_LIVE_ITEM}", (now_text(), item_id, list_id))
            if cursor.rowcount == 0:
                return Change(False)
            changes.record(connection, list_id, changes.DELETED, (item_id,), who=who)
            stale = bump_version(connection, list_id, seen_version)
            trash.purge(connection)
            return Change(True, stale, (item_id,))

    def move_item(self, list_id: str, item_id: int, move: str, seen_version: int | None = None) -> Change:
        """Move a not-done item up or down past the next not-done item of its section (or
        of the items without one), or to the top of them: the page shows each section's
        open items together, and done items apart, so moves step over everything else.
        Moving the first item up (or the last down) is a no-op that still succeeds. False
        if the item is not a not-done item of that list; ValueError for an unknown move."""
        if move not in MOVES:
            raise ValueError(f"unknown move {move!r}")
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            # Every item of the list, deleted ones too, so a restored item comes back in place.
            rows = connection.execute(
                f"""SELECT id, done, time_deleted IS NULL, section_id, coalesce(position, id) FROM items
                    WHERE list_id = ? {ITEM_ORDER}""",
                (list_id,)).fetchall()
            sections = {row[0] for row in connection.execute("SELECT id FROM sections WHERE list_id = ?", (list_id,))}
            group = {row[0]: row[3] if row[3] in sections else None for row in rows}
            order = [row[0] for row in rows]
            to_do = [row[0] for row in rows if not row[1] and row[2] and group[row[0]] == group.get(item_id)]
            if item_id not in to_do:
                return Change(False)
            new_to_do = moved(to_do, item_id, move)
            if new_to_do == to_do:  # already first or last: nothing to move
                return Change(True, bump_version(connection, list_id, seen_version), (item_id,))
            # Placed right beside the open item it moved past; everything else stays.
            index = new_to_do.index(item_id)
            order.remove(item_id)
            if index < to_do.index(item_id):
                order.insert(order.index(new_to_do[index + 1]), item_id)
            else:
                order.insert(order.index(new_to_do[index - 1]) + 1, item_id)
            _renumber(connection, list_id, order, {row[0]: row[4] for row in rows})
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))


def _renumber(connection: sqlite3.Connection, list_id: str, order: list[int], positions: dict[int, int],
              who: str | None = None) -> None:
    """Give the items positions 1..n in that order; the items whose position changed
    are logged as moved (a phone's app shows each one's place)."""
    new = {item_id: number for number, item_id in enumerate(order, start=1)}
    changed = [item_id for item_id in order if positions.get(item_id) != new[item_id]]
    connection.executemany("UPDATE items SET position = ? WHERE id = ?", [(new[i], i) for i in changed])
    changes.record(connection, list_id, changes.MOVED, changed, who=who)


def _record_new_list(connection: sqlite3.Connection, list_id: str) -> None:
    """Log a list made with its items (an import, a copy)."""
    changes.record(connection, list_id, changes.LIST_CREATED)
    changes.record(connection, list_id, changes.ADDED, [row[0] for row in connection.execute(
        "SELECT id FROM items WHERE list_id = ?", (list_id,))])


def _next_position(connection: sqlite3.Connection, list_id: str) -> int:
    # Positions are either item IDs (never moved) or 1..n (renumbered by a move), so this
    # is never more than the next item's ID: items the Go app adds (position NULL, sorted
    # by id) still come last.
    row = connection.execute(
        "SELECT max(coalesce(position, id)) FROM items WHERE list_id = ?", (list_id,)).fetchone()
    return (row[0] or 0) + 1


