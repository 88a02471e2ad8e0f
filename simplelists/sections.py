"""Sections of a list (aisles, rooms, people): adding, renaming, reordering, deleting.

A list's open items are shown grouped by section, in the order the family gives the
sections; items without one (every item the Go app adds) come first. Deleting a section
keeps its items: they go back to no section. Items are put into sections by ListStore
(add_items, edit_item), which checks the section is the list's own (own_section).

Every change bumps the list's version, like a change to its items.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from simplelists import changes, history
from simplelists.changes import Change, bump_version, list_is_active, moved
from simplelists.db import Database
from simplelists.matching import duplicate_key


@dataclasses.dataclass(frozen=True)
class Section:
    """A named part of a list (an aisle, a room, a person), in the family's order."""

    id: int
    name: str


def group_by_section(items: Iterable[Any], sections: Sequence[Any]) -> list[tuple[Any | None, list[Any]]]:
    """Items (with .section_id) grouped by section (each with .id): first (None, those
    without a section), then (section, its items) for each section in the order given,
    empty ones too; each group keeps the items' order. An item naming a section not
    given counts as having none."""
    if not sections:
        return [(None, list(items))]  # most lists have none
    groups: dict[Any, list[Any]] = {None: []}
    groups.update((section.id, []) for section in sections)
    for item in items:
        section_id = getattr(item, "section_id", None)
        groups[section_id if section_id in groups else None].append(item)
    return [(None, groups[None]), *((section, groups[section.id]) for section in sections)]


def insert_section(connection: sqlite3.Connection, list_id: str, name: str) -> int:
    """Add a section at the end of the list's sections; its ID."""
    row = connection.execute("SELECT max(position) FROM sections WHERE list_id = ?", (list_id,)).fetchone()
    cursor = connection.execute("INSERT INTO sections (list_id, name, position) VALUES (?, ?, ?)",
                                (list_id, name, (row[0] or 0) + 1))
    return int(cursor.lastrowid or 0)


def own_section(connection: sqlite3.Connection, list_id: str, section_id: int | None) -> int | None:
    """section_id if it is a section of that list, else None (a form naming a section
    deleted meanwhile, or another list's, puts the item in no section)."""
    if section_id is None:
        return None
    row = connection.execute("SELECT 1 FROM sections WHERE id = ? AND list_id = ?", (section_id, list_id)).fetchone()
    return section_id if row is not None else None


class SectionNameTaken(ValueError):
    """The list has a section of that name already (ignoring case and spaces)."""


class SectionStore:
    """Every change to a list's sections."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_section(self, list_id: str, name: str, seen_version: int | None = None, *,
                    who: str | None = None) -> Change:
        """A new section at the end of the list's sections; Change.section_id is its ID.
        False if there is no such list; SectionNameTaken if the name is in use."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return Change(False)
            self._check_name_free(connection, list_id, name)
            section_id = insert_section(connection, list_id, name)
            changes.record(connection, list_id, changes.SECTIONS_CHANGED, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), section_id=section_id)

    def rename_section(self, list_id: str, section_id: int, name: str, seen_version: int | None = None, *,
                       who: str | None = None) -> Change:
        """Give a section a new name; false if it is not a section of that list;
        SectionNameTaken if another section has that name."""
        with self.db.transaction() as connection:
            if not self._exists(connection, list_id, section_id):
                return Change(False)
            self._check_name_free(connection, list_id, name, section_id)
            connection.execute("UPDATE sections SET name = ? WHERE id = ?", (name, section_id))
            # Phones show the section as each item's category.
            changes.record(connection, list_id, changes.EDITED, [row[0] for row in connection.execute(
                "SELECT id FROM items WHERE section_id = ? AND time_deleted IS NULL", (section_id,))], who=who)
            return Change(True, bump_version(connection, list_id, seen_version), section_id=section_id)

    def move_section(self, list_id: str, section_id: int, move: str, seen_version: int | None = None, *,
                     who: str | None = None) -> Change:
        """Move a section up, down or to the top of the list's sections (the first one up,
        or the last down, changes nothing and still succeeds). False if it is not a
        section of that list; ValueError for an unknown move."""
        with self.db.transaction() as connection:
            if not self._exists(connection, list_id, section_id):
                return Change(False)
            order = moved([row[0] for row in connection.execute(
                "SELECT id FROM sections WHERE list_id = ? ORDER BY position, id", (list_id,))], section_id, move)
            connection.executemany("UPDATE sections SET position = ? WHERE id = ?",
                                   [(position, section) for position, section in enumerate(order, start=1)])
            changes.record(connection, list_id, changes.SECTIONS_CHANGED, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), section_id=section_id)

    def delete_section(self, list_id: str, section_id: int, seen_version: int | None = None, *,
                       who: str | None = None) -> Change:
        """Delete a section; its items (deleted ones too, for a later restore) go back to
        no section, where they keep their order. item_ids: its items not deleted. False if
        it is not a section of that list."""
        with self.db.transaction() as connection:
            if not self._exists(connection, list_id, section_id):
                return Change(False)
            ids = tuple(row[0] for row in connection.execute(
                "SELECT id FROM items WHERE section_id = ? AND time_deleted IS NULL", (section_id,)))
            connection.execute("UPDATE items SET section_id = NULL WHERE section_id = ?", (section_id,))
            history.forget_section(connection, section_id)
            connection.execute("DELETE FROM sections WHERE id = ?", (section_id,))
            changes.record(connection, list_id, changes.EDITED, ids, who=who)
            if not ids:
                changes.record(connection, list_id, changes.SECTIONS_CHANGED, who=who)
            return Change(True, bump_version(connection, list_id, seen_version), ids, section_id=section_id)

    @staticmethod
    def _exists(connection, list_id: str, section_id: int) -> bool:
        return list_is_active(connection, list_id) and connection.execute(
            "SELECT 1 FROM sections WHERE id = ? AND list_id = ?", (section_id, list_id)).fetchone() is not None

    @staticmethod
    def _check_name_free(connection, list_id: str, name: str, except_id: int | None = None) -> None:
        key = duplicate_key(name)
        for other_id, other_name in connection.execute("SELECT id, name FROM sections WHERE list_id = ?", (list_id,)):
            if other_id != except_id and duplicate_key(other_name) == key:
                raise SectionNameTaken(other_name)
