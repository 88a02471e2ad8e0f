"""A list's items: the row (Item) and ItemStore, every change to items (add, tick, edit,
delete, move). ListStore (lists.py) builds on it, so one store changes a list and its
items alike.

Rules every change here keeps:
- an item is only ever changed through its own list (list_id and item id must both match,
  and the list must not be deleted), so a form naming another list's ID changes nothing;
- every change bumps the list's version and is written to the change log, in the same
  transaction (changes.bump_version, changes.record), with who made it (the keyword
  who: a browser's, an API token's or a device's name; None when unknown);
- deletes are soft (time_deleted), so they can be undone or restored from the trash;
- adding never makes a second copy of an item: a line matching an open item (ignoring
  case and spaces, see matching.duplicate_key) adds nothing, one matching a done item
  re-opens it; every add is counted in the list's history (history.py) for suggestions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from simplelists import changes, history, trash
from simplelists.changes import MOVES, Change, bump_version, list_is_active, moved, now_text
from simplelists.db import Database
from simplelists.matching import duplicate_key
from simplelists.sections import own_section

# Items the Go app adds have no position: they sort by id, which is insertion order. New
# positions never exceed the next id (see _next_position), so those land at the end.
ITEM_ORDER = "ORDER BY coalesce(position, id), id"


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


# edit_item(section_id=UNCHANGED): leave the item in its section (forms without the field).
UNCHANGED = _Unchanged()


# A named tuple rather than a dataclass, as history.Suggestion: a list page makes one for
# each item, up to hundreds, and a tuple is made several times faster.
class Item(NamedTuple):
    """One line of a list."""

    id: int
    description: str
    done: bool
    section_id: int | None = None  # None: no section
    due: str | None = None  # from a phone's app: an ISO date, or date and time (see vtodo.Incoming)
    notes: str | None = None  # from a phone's app


# The WHERE clause that makes an item changeable: on that list, neither deleted.
_LIVE_ITEM = """id = ? AND list_id = ? AND time_deleted IS NULL
                AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)"""


class ItemStore:
    """Every change to a list's items."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_items(self, list_id: str, descriptions: Iterable[str], seen_version: int | None = None,
                  section_id: int | None = None, *, who: str | None = None) -> Change:
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
            changes.record(connection, list_id, changes.ADDED, added, who=who)
            changes.record(connection, list_id, changes.UNTICKED, reopened, who=who)
            stale = bump_version(connection, list_id, seen_version, changed=bool(added or reopened))
            return Change(True, stale, tuple(added), tuple(reopened), tuple(already))

    def add_item(self, list_id: str, description: str, *, who: str | None = None) -> int | None:
        """Add one item at the end of a list (see add_items); the ID of the item with that
        text now open on the list (new, re-opened or there already), or None if the list
        does not exist."""
        change = self.add_items(list_id, [description], who=who)
        if not change:
            return None
        return (change.item_ids or change.reopened or change.already)[0]

    def add_new_item(self, list_id: str, description: str, section_id: int | None = None, done: bool = False, *,
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

    def set_done(self, list_id: str, item_id: int, done: bool, seen_version: int | None = None, *,
                 who: str | None = None) -> Change:
        """Mark an item done or not done (idempotent); false if the item is not on that list."""
        with self.db.transaction() as connection:
            # Whether it was done already: ticking it again (a form sent twice) tells no one.
            was = connection.execute(f"SELECT done FROM items WHERE {_LIVE_ITEM}", (item_id, list_id)).fetchone()
            if was is None:
                return Change(False)
            connection.execute("UPDATE items SET done = ? WHERE id = ?", (1 if done else 0, item_id))
            changes.record(connection, list_id, changes.TICKED if done else changes.UNTICKED, (item_id,), who=who,
                           notify=bool(was[0]) != done)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def edit_item(self, list_id: str, item_id: int, description: str, seen_version: int | None = None,
                  section_id: int | None | _Unchanged = UNCHANGED, *, who: str | None = None) -> Change:
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

    def delete_item(self, list_id: str, item_id: int, seen_version: int | None = None, *,
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

    def move_item(self, list_id: str, item_id: int, move: str, seen_version: int | None = None, *,
                  who: str | None = None) -> Change:
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
            _renumber(connection, list_id, order, {row[0]: row[4] for row in rows}, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), (item_id,))

    def place_item(self, list_id: str, item_id: int, before_id: int | None, *, who: str | None = None) -> Change:
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
            _renumber(connection, list_id, order, positions, who=who)
            return Change(True, bump_version(connection, list_id, None), (item_id,))


def _renumber(connection: sqlite3.Connection, list_id: str, order: list[int], positions: dict[int, int], *,
              who: str | None = None) -> None:
    """Give the items positions 1..n in that order; the items whose position changed
    are logged as moved (a phone's app shows each one's place)."""
    new = {item_id: number for number, item_id in enumerate(order, start=1)}
    changed = [item_id for item_id in order if positions.get(item_id) != new[item_id]]
    connection.executemany("UPDATE items SET position = ? WHERE id = ?", [(new[i], i) for i in changed])
    changes.record(connection, list_id, changes.MOVED, changed, who=who)


def _next_position(connection: sqlite3.Connection, list_id: str) -> int:
    # Positions are either item IDs (never moved) or 1..n (renumbered by a move), so this
    # is never more than the next item's ID: items the Go app adds (position NULL, sorted
    # by id) still come last.
    row = connection.execute(
        "SELECT max(coalesce(position, id)) FROM items WHERE list_id = ?", (list_id,)).fetchone()
    return (row[0] or 0) + 1
