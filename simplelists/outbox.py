"""The outbox: what each notification destination is still to hear, written in the same
transaction as the change it tells of (changes.record calls queue), so a change that is
saved is never lost to a restart, and one that is rolled back is never announced.

A row holds the event (added, ticked, deleted, the list all done, or a test), who made
the change and the item's text as it was then; the sender (notify_sender.py) merges a
destination's rows into one message and deletes them only once it was delivered.

A list without destinations costs one indexed query per change.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable

ADDED = "added"
TICKED = "ticked"
DONE = "done"  # the list went from some open items to none
DELETED = "deleted"
TEST = "test"  # "Send a test": sent at once
# What a destination can choose to hear, in the order the page offers them.
EVENTS = (ADDED, TICKED, DONE, DELETED)

# Set whenever a row is queued in this process, so the sender wakes without waiting for
# its next look (a change made by another process is found by that look).
queued = threading.Event()


def same_person(person: str | None, who: str | None) -> bool:
    """True if a destination's person is who made a change (ignoring case and spaces)."""
    mine = " ".join((person or "").split()).casefold()
    return bool(mine) and mine == " ".join((who or "").split()).casefold()


def queue(connection: sqlite3.Connection, list_id: str, event: str, item_ids: Iterable[int | None],
          who: str | None) -> None:
    """Put the change (event: ADDED, TICKED or DELETED, of these items) in the outbox of
    each of the list's destinations that wants to hear it, except those of the person who
    made it; after a tick that left the list with no open item, a DONE row for those that
    want that. Runs inside the change's transaction, after the change."""
    destinations = connection.execute(
        "SELECT id, events, person FROM notify_destinations WHERE list_id = ?", (list_id,)).fetchall()
    if not destinations:
        return
    ids = [item_id for item_id in item_ids if item_id is not None]
    texts = _descriptions(connection, ids)
    all_done = event == TICKED and bool(ids) and connection.execute(
        "SELECT 1 FROM items WHERE list_id = ? AND time_deleted IS NULL AND done = 0 LIMIT 1",
        (list_id,)).fetchone() is None
    now = time.time()
    rows = []
    for destination_id, events, person in destinations:
        wanted = set(events.split(","))
        if same_person(person, who):
            continue
        if event in wanted:
            rows += [(destination_id, event, who, text, now) for text in texts]
        if all_done and DONE in wanted:
            rows.append((destination_id, DONE, who, None, now))
    if rows:
        connection.executemany(
            "INSERT INTO notify_outbox (destination_id, event, who, item, time) VALUES (?, ?, ?, ?, ?)", rows)
        queued.set()


def queue_test(connection: sqlite3.Connection, destination_id: int, who: str | None) -> None:
    """A test message for one destination, to be sent at once."""
    connection.execute("INSERT INTO notify_outbox (destination_id, event, who, item, time) VALUES (?, ?, ?, NULL, ?)",
                       (destination_id, TEST, who, time.time()))
    queued.set()


def purge(connection: sqlite3.Connection) -> None:
    """Forget the destinations of lists gone for good, and what they were still to hear
    (run by the trash's purge, inside its transaction)."""
    connection.execute("DELETE FROM notify_destinations WHERE list_id NOT IN (SELECT id FROM lists)")
    for table in ("notify_outbox", "notify_sent"):
        connection.execute(
            f"DELETE FROM {table} WHERE destination_id NOT IN (SELECT id FROM notify_destinations)")


def _descriptions(connection: sqlite3.Connection, item_ids: list[int]) -> list[str]:
    """The items' texts, in the order of the IDs given."""
    found: dict[int, str] = {}
    for start in range(0, len(item_ids), 500):
        part = item_ids[start:start + 500]
        found.update(connection.execute(
            f"SELECT id, description FROM items WHERE id IN ({','.join('?' * len(part))})", part).fetchall())
    return [found[item_id] for item_id in item_ids if item_id in found]
