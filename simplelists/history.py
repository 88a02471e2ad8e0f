"""What each list had added before, for suggestions: one row per item text (folded with
matching.duplicate_key, so "milk" and "Milk " are one), with how often and when it was
last added, its newest spelling and the section it last went into.

Kept apart from the items so that suggesting costs the same however long a list's
history: the list page reads the top rows of an index, never the thousands of items
cleared over the years. Rows outlive their items (clearing done items, and the trash
purging them a month later, leave them), which is what lets "Add again" offer last
month's shop; they go when their list is purged for good.

The write helpers take the connection of the change they belong to, so an item and its
history are written in one transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from simplelists.db import Database
from simplelists.matching import duplicate_key

SUGGESTION_LIMIT = 100  # texts offered as you type: plenty for a family, a small page
ADD_AGAIN_LIMIT = 12  # one-tap buttons: a phone screen's worth
CACHED_LISTS = 64  # suggestions kept per process, for the lists shown most lately


# A named tuple rather than a dataclass: a list page makes a hundred of these, and a
# tuple is made several times faster.
class Suggestion(NamedTuple):
    """An earlier item of a list: its newest spelling, where it last went, how often."""

    description: str
    section_id: int | None
    times_added: int


def record_added(connection: sqlite3.Connection, list_id: str, now: str,
                 entries: Iterable[tuple[str, int | None]]) -> None:
    """Count one add of each (description, section_id) at time now. The newest spelling
    is kept; the section is remembered unless the add named none."""
    connection.executemany(
        """INSERT INTO item_history (list_id, match_key, description, times_added, last_added, section_id)
           VALUES (?, ?, ?, 1, ?, ?)
           ON CONFLICT (list_id, match_key) DO UPDATE SET
               times_added = times_added + 1, description = excluded.description,
               last_added = excluded.last_added,
               section_id = coalesce(excluded.section_id, item_history.section_id)""",
        [(list_id, duplicate_key(description), description, now, section_id)
         for description, section_id in entries])


def record_edit(connection: sqlite3.Connection, list_id: str, now: str, old_description: str,
                new_description: str, section_id: int | None) -> None:
    """An item's text was changed: its add now counts for the new text (so a typo fixed
    stops being suggested), which keeps the new spelling; section_id is the item's."""
    old_key, new_key = duplicate_key(old_description), duplicate_key(new_description)
    if old_key == new_key:
        connection.execute("UPDATE item_history SET description = ? WHERE list_id = ? AND match_key = ?",
                           (new_description, list_id, new_key))
        return
    connection.execute(
        "UPDATE item_history SET times_added = times_added - 1 WHERE list_id = ? AND match_key = ?",
        (list_id, old_key))
    connection.execute(
        "DELETE FROM item_history WHERE list_id = ? AND match_key = ? AND times_added <= 0", (list_id, old_key))
    record_added(connection, list_id, now, [(new_description, section_id)])


def remember_section(connection: sqlite3.Connection, list_id: str, description: str, section_id: int | None) -> None:
    """An item was put into a section (or none): where its text goes from now on."""
    connection.execute("UPDATE item_history SET section_id = ? WHERE list_id = ? AND match_key = ?",
                       (section_id, list_id, duplicate_key(description)))


def copy_history(connection: sqlite3.Connection, from_list: str, to_list: str,
                 sections: Mapping[int, int]) -> None:
    """Give a copied list the history of its original, sections mapped to the copy's."""
    rows = connection.execute(
        "SELECT match_key, description, times_added, last_added, section_id FROM item_history WHERE list_id = ?",
        (from_list,)).fetchall()
    connection.executemany(
        """INSERT OR REPLACE INTO item_history (list_id, match_key, description, times_added, last_added, section_id)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [(to_list, key, description, times, last, sections.get(section_id) if section_id is not None else None)
         for key, description, times, last, section_id in rows])


def forget_section(connection: sqlite3.Connection, section_id: int) -> None:
    """A section was deleted: its items' texts no longer go anywhere in particular."""
    connection.execute("UPDATE item_history SET section_id = NULL WHERE section_id = ?", (section_id,))


def purge(connection: sqlite3.Connection) -> None:
    """Drop the history of lists that are gone for good (purged from the trash here, or
    deleted by the Go app, which deletes lists outright)."""
    connection.execute("DELETE FROM item_history WHERE list_id NOT IN (SELECT id FROM lists)")


class HistoryStore:
    """Reading a list's history: the suggestions on its page."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # The suggestions last worked out for a list, by its version: every change to a
        # list's history bumps its version in the same transaction (adds, edits, section
        # deletions; copies and imports make new lists), so a list page shown again before
        # the next change, by anyone, in this process or another, reads no history at all.
        self._cache: dict[tuple[object, ...], list[Suggestion]] = {}
        self._cache_lock = threading.Lock()

    def suggestions(self, list_id: str, open_descriptions: Iterable[str], limit: int = SUGGESTION_LIMIT,
                    version: int | None = None) -> list[Suggestion]:
        """Up to limit earlier items of the list that are not open on it now (done ones
        may be suggested: adding one again re-opens it), most often added first, then
        most recently. Reads at most limit + (open items) rows of an index; nothing when
        the list's version is given and its suggestions were worked out already."""
        open_keys = frozenset(duplicate_key(description) for description in open_descriptions)
        key = (list_id, version, open_keys, limit)
        if version is not None:
            with self._cache_lock:
                cached = self._cache.get(key)
            if cached is not None:
                return cached
        rows = self.db.connection().execute(
            """SELECT match_key, description, section_id, times_added FROM item_history
               WHERE list_id = ? ORDER BY times_added DESC, last_added DESC LIMIT ?""",
            (list_id, limit + len(open_keys))).fetchall()
        found = [Suggestion(row[1], row[2], row[3]) for row in rows if row[0] not in open_keys][:limit]
        if version is not None:
            with self._cache_lock:
                self._cache.pop(key, None)
                self._cache[key] = found
                while len(self._cache) > CACHED_LISTS:
                    del self._cache[next(iter(self._cache))]  # the one stored longest ago
        return found

    def usual_section(self, list_id: str, description: str) -> int | None:
        """The section the text last went into on that list, if any is remembered."""
        row = self.db.connection().execute(
            "SELECT section_id FROM item_history WHERE list_id = ? AND match_key = ?",
            (list_id, duplicate_key(description))).fetchone()
        return row[0] if row is not None else None
