"""What every change to a list keeps: the list must be live, its version goes up, and the
caller learns what the change did (Change). Shared by every store that changes a list
(lists, sections, trash, list tokens), so none of them needs another's private names.

A list's version is how a form loaded before someone else's change is spotted: every
change to a list, its items or its sections bumps it in the same transaction.
"""

from __future__ import annotations

import dataclasses
import sqlite3

from simplelists.timestamps import format_sqlite_time, utc_now

# How an item or a section can be moved among its peers.
MOVES = ("up", "down", "top")


@dataclasses.dataclass(frozen=True)
class Change:
    """What a change to a list did: true when it was applied (the list, and the item if
    one was named, exist). stale: the list had been changed after the version the form
    was loaded with. item_ids: the items changed (for undo)."""

    applied: bool
    stale: bool = False
    item_ids: tuple[int, ...] = ()
    # add_items only (item_ids holds the items it made): done items a line matched,
    # which are open again; and open items a line matched, so nothing was added.
    reopened: tuple[int, ...] = ()
    already: tuple[int, ...] = ()
    section_id: int | None = None  # the section a section change made or changed

    def __bool__(self) -> bool:
        return self.applied


def bump_version(connection: sqlite3.Connection, list_id: str, seen_version: int | None,
                 changed: bool = True) -> bool:
    """Count one change to the list; True if it had changed since seen_version (None:
    the form carried no version, as the Go original's did not, so never stale).
    changed=False only reports that, for a form that ended up changing nothing."""
    row = connection.execute("SELECT version FROM lists WHERE id = ?", (list_id,)).fetchone()
    if changed:
        connection.execute("UPDATE lists SET version = version + 1 WHERE id = ?", (list_id,))
    return seen_version is not None and row is not None and (row[0] or 0) != seen_version


def list_is_active(connection: sqlite3.Connection, list_id: str) -> bool:
    """True if the list exists and is not deleted."""
    return connection.execute(
        "SELECT 1 FROM lists WHERE id = ? AND time_deleted IS NULL", (list_id,)).fetchone() is not None


def now_text() -> str:
    """Now, as the Go app's item and deletion times are written."""
    return format_sqlite_time(utc_now())


def moved(order: list, subject: object, move: str) -> list:
    """order with subject moved one place up or down, or to the top (ValueError for an
    unknown move). The first one up, or the last down, stays where it is."""
    if move not in MOVES:
        raise ValueError(f"unknown move {move!r}")
    index = order.index(subject)
    rest = order[:index] + order[index + 1:]
    if move == "top":
        index = 0
    elif move == "up":
        index = max(index - 1, 0)
    else:
        index = min(index + 1, len(rest))
    return rest[:index] + [subject] + rest[index:]
