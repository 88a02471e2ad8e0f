"""What every change to a list keeps: the list must be live, its version goes up, the
change is written to the change log, and the caller learns what the change did (Change).
Shared by every store that changes a list (lists, sections, trash, list tokens), so none
of them needs another's private names.

A list's version is how a form loaded before someone else's change is spotted: every
change to a list, its items or its sections bumps it in the same transaction.

The change log (table change_log, written by record()) says what happened to which list
and item, when, and who did it (the browser's name, the API token's or the phone's device
password's; NULL when the browser gave none), one row per item changed, in the same
transaction as the change. Its ids only grow: a list's newest id is its sync token and
ctag for phones (dav_lists.py), and the deletions in it are the tombstones phones learn
deletions from. purge_log keeps it bounded. item_story reads an item's newest changes
back, for its edit page.
"""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from collections.abc import Iterable

from simplelists import outbox
from simplelists.timestamps import format_sqlite_time, parse_timestamp, utc_now

# What happened, as the change log's action column says it.
ADDED = "added"
EDITED = "edited"  # its text, section or a phone's properties
TICKED = "ticked"
UNTICKED = "unticked"
DELETED = "deleted"  # to the trash
RESTORED = "restored"  # from the trash
MOVED = "moved"  # its place in the list
LIST_CREATED = "list created"
LIST_RENAMED = "list renamed"
LIST_DELETED = "list deleted"
LIST_RESTORED = "list restored"
LIST_PROPERTIES = "list properties set"  # by a phone's app: its colour, say
SECTIONS_CHANGED = "sections changed"  # one added or moved (a rename or delete edits its items)
# Written by purge_log when it forgets deleted items for good: a sync token older than
# this row can no longer be answered with their tombstones.
FORGOTTEN = "tombstones forgotten"

# The changes the list's notification destinations can hear of, as outbox events.
_NOTIFIED = {ADDED: outbox.ADDED, TICKED: outbox.TICKED, DELETED: outbox.DELETED}

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


def record(connection: sqlite3.Connection, list_id: str, action: str, item_ids: Iterable[int | None] = (None,), *,
           who: str | None = None, notify: bool = True) -> None:
    """Write one change to the log: one row per item (or one with no item, for a change
    to the list itself). who: the name of whoever made it (a browser's, an API token's,
    a device's); None when unknown.

    An item added, ticked or deleted is also queued for the list's notification
    destinations (outbox.queue), in the same transaction; notify=False keeps it quiet (a
    tick of an item that was done already; done items cleared away, already announced
    as ticked)."""
    now = now_text()
    item_ids = tuple(item_ids)
    connection.executemany(
        "INSERT INTO change_log (list_id, item_id, action, who, time) VALUES (?, ?, ?, ?, ?)",
        [(list_id, item_id, action, who, now) for item_id in item_ids])
    if notify and action in _NOTIFIED:
        outbox.queue(connection, list_id, _NOTIFIED[action], item_ids, who)


@dataclasses.dataclass(frozen=True)
class Event:
    """One change the log kept: who made it (None: unknown) and when (aware, UTC)."""

    who: str | None
    time: datetime.datetime


@dataclasses.dataclass(frozen=True)
class ItemStory:
    """What an item's edit page says about it: when it was made (items.time_created,
    None if empty), and the newest change of each kind the log still has (the
    Go original and older versions of this app left none)."""

    created: datetime.datetime | None
    added: Event | None
    ticked: Event | None
    edited: Event | None


def item_story(connection: sqlite3.Connection, list_id: str, item_id: int) -> ItemStory | None:
    """The item's story (see ItemStory), in one query; None if it is not on that list."""
    rows = connection.execute(
        """SELECT i.time_created, c.action, c.who, c.time, max(c.id) FROM items i
           LEFT JOIN change_log c ON c.list_id = i.list_id AND c.item_id = i.id AND c.action IN (?, ?, ?)
           WHERE i.id = ? AND i.list_id = ? GROUP BY c.action""",
        (ADDED, TICKED, EDITED, item_id, list_id)).fetchall()
    if not rows:
        return None
    # SQLite takes the bare columns from the row that gave max(): each kind's newest.
    newest = {action: Event(who, parse_timestamp(time)) for _, action, who, time, _ in rows if action}
    created = parse_timestamp(rows[0][0]) if rows[0][0] else None
    return ItemStory(created, newest.get(ADDED), newest.get(TICKED), newest.get(EDITED))


def purge_log(connection: sqlite3.Connection, cutoff: str, gone_items: Iterable[tuple[str, int]],
              gone_lists: Iterable[str]) -> None:
    """Keep the change log bounded (run by trash.purge, with its cutoff, the (list ID,
    item ID) of the items it just deleted for good, and the lists):
    - the rows of those items go, and their list gets a FORGOTTEN row (replacing its
      previous one), so sync tokens from before it are refused and phones sync afresh;
    - so do the rows of those lists;
    - rows older than cutoff go unless they are an item's or a list's newest, so each
      item keeps the row its ETag and last change are read from, and no token is ever
      answered wrongly: a change dropped here always has a newer one of the same item."""
    gone: dict[str, list[int]] = {}
    for list_id, item_id in gone_items:
        gone.setdefault(list_id, []).append(item_id)
    lists = set(gone_lists)
    for list_id, item_ids in gone.items():
        if list_id in lists:
            continue
        for start in range(0, len(item_ids), 500):
            part = item_ids[start:start + 500]
            connection.execute(
                f"DELETE FROM change_log WHERE list_id = ? AND item_id IN ({','.join('?' * len(part))})",
                (list_id, *part))
        connection.execute("DELETE FROM change_log WHERE list_id = ? AND action = ?", (list_id, FORGOTTEN))
        record(connection, list_id, FORGOTTEN)
    connection.executemany("DELETE FROM change_log WHERE list_id = ?", [(list_id,) for list_id in lists])
    connection.execute(
        """DELETE FROM change_log WHERE time < ? AND action != ?
           AND id < (SELECT max(newer.id) FROM change_log newer
                     WHERE newer.list_id = change_log.list_id AND newer.item_id IS change_log.item_id)""",
        (cutoff, FORGOTTEN))


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
