"""A list's notification destinations (an Apprise URL, a name, what it hears, whose own
changes it is quiet about) and what the sender needs of them: who has changes waiting,
a destination's waiting rows, and the outcome of a send (delivered: the rows go; failed:
a retry later, or a pause).

The URL is a secret (it holds tokens and passwords): it is read here only for the sender
(Batch); everything shown on a page carries the masked form (masked_url).
"""

from __future__ import annotations

import dataclasses
import datetime
import urllib.parse

from simplelists import outbox
from simplelists.changes import list_is_active, now_text
from simplelists.db import Database
from simplelists.network_rule import looks_like_host
from simplelists.notify_messages import Change
from simplelists.notify_schedule import HOUR, Pending, Timings, retry_delay, should_pause
from simplelists.timestamps import parse_timestamp

MAX_PER_LIST = 20
MASK = "•••"
# The longest error kept to show on the page.
MAX_ERROR = 300


@dataclasses.dataclass(frozen=True)
class Destination:
    """A destination as its page shows it (never its URL, only masked_url)."""

    id: int
    list_id: str
    name: str
    masked_url: str
    events: tuple[str, ...]
    person: str
    language: str
    time_created: datetime.datetime
    failures: int
    last_error: str | None
    paused: bool
    time_last_sent: datetime.datetime | None
    waiting: int  # rows in its outbox


@dataclasses.dataclass(frozen=True)
class Batch:
    """What one destination is to be sent now: its URL and language, the list's name, the
    waiting rows (up to last_id, so rows queued while it is sent stay for the next one)."""

    destination_id: int
    url: str
    language: str
    list_name: str
    changes: tuple[Change, ...]
    last_id: int


def masked_url(url: str) -> str:
    """The URL as a page may show it: its scheme, and its host when it is one (the first
    part of ntfy://topic or tgram://token/chat is a secret), everything else as •••."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return MASK
    shown = host if looks_like_host(host) and "@" not in host else MASK
    if ":" in shown:
        shown = f"[{shown}]"
    if parts.username is not None or parts.password is not None:
        shown = f"{MASK}@{shown}"
    rest = "/" + MASK if shown != MASK and (parts.path.strip("/") or parts.query or parts.fragment) else ""
    return f"{parts.scheme}://{shown}{rest}"


class TooManyDestinations(Exception):
    """The list has MAX_PER_LIST destinations already."""


class DestinationStore:
    """Destinations and their outbox."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the page --------------------------------------------------------------------------

    def destinations(self, list_id: str) -> list[Destination]:
        """The list's destinations, oldest first."""
        rows = self.db.connection().execute(
            """SELECT d.id, d.list_id, d.name, d.url, d.events, d.person, d.language, d.time_created, d.failures,
                      d.last_error, d.paused, d.time_last_sent,
                      (SELECT count(*) FROM notify_outbox o WHERE o.destination_id = d.id)
               FROM notify_destinations d WHERE d.list_id = ? ORDER BY d.id""", (list_id,)).fetchall()
        return [Destination(row[0], row[1], row[2], masked_url(row[3]), tuple(row[4].split(",")) if row[4] else (),
                            row[5] or "", row[6], parse_timestamp(row[7]), row[8], row[9], bool(row[10]),
                            parse_timestamp(row[11]) if row[11] else None, row[12]) for row in rows]

    def add(self, list_id: str, name: str, url: str, events: tuple[str, ...], person: str, language: str) -> int | None:
        """Add a destination; its ID, or None if the list is gone. TooManyDestinations past
        MAX_PER_LIST."""
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return None
            count = connection.execute(
                "SELECT count(*) FROM notify_destinations WHERE list_id = ?", (list_id,)).fetchone()[0]
            if count >= MAX_PER_LIST:
                raise TooManyDestinations
            cursor = connection.execute(
                """INSERT INTO notify_destinations (list_id, name, url, events, person, language, time_created)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (list_id, name, url, ",".join(events), person or None, language, now_text()))
            return int(cursor.lastrowid or 0)

    def change(self, list_id: str, destination_id: int, events: tuple[str, ...], person: str) -> bool:
        """Change what a destination hears and whose changes it is quiet about; False if it
        is not one of the list's."""
        with self.db.transaction() as connection:
            return connection.execute(
                "UPDATE notify_destinations SET events = ?, person = ? WHERE id = ? AND list_id = ?",
                (",".join(events), person or None, destination_id, list_id)).rowcount > 0

    def delete(self, list_id: str, destination_id: int) -> bool:
        """Delete a destination and what it was still to hear; False if it is not the list's."""
        with self.db.transaction() as connection:
            if not connection.execute("DELETE FROM notify_destinations WHERE id = ? AND list_id = ?",
                                      (destination_id, list_id)).rowcount:
                return False
            connection.execute("DELETE FROM notify_outbox WHERE destination_id = ?", (destination_id,))
            connection.execute("DELETE FROM notify_sent WHERE destination_id = ?", (destination_id,))
            return True

    def resume(self, list_id: str, destination_id: int) -> bool:
        """Try a paused (or failing) destination again now; False if it is not the list's."""
        with self.db.transaction() as connection:
            return connection.execute(
                """UPDATE notify_destinations SET paused = 0, failures = 0, time_first_failure = NULL,
                   time_retry = NULL WHERE id = ? AND list_id = ?""", (destination_id, list_id)).rowcount > 0

    def send_test(self, list_id: str, destination_id: int, who: str | None) -> bool:
        """Queue a test message, sent at once (a paused destination is resumed for it);
        False if the destination is not the list's."""
        with self.db.transaction() as connection:
            if not connection.execute(
                    """UPDATE notify_destinations SET paused = 0, time_retry = NULL
                       WHERE id = ? AND list_id = ?""", (destination_id, list_id)).rowcount:
                return False
            outbox.queue_test(connection, destination_id, who)
            return True

    # -- the sender ------------------------------------------------------------------------

    def pending(self, now: float) -> dict[int, tuple[Pending, list[float]]]:
        """Every destination with rows waiting: what due_time needs (its waiting rows'
        times, a test among them, its retry time and pause, and its sends of the last hour)."""
        connection = self.db.connection()
        found = {row[0]: Pending(row[1], row[2], bool(row[3]), row[4], bool(row[5])) for row in connection.execute(
            """SELECT o.destination_id, min(o.time), max(o.time), max(o.event = ?), d.time_retry, d.paused
               FROM notify_outbox o JOIN notify_destinations d ON d.id = o.destination_id
               GROUP BY o.destination_id""", (outbox.TEST,))}
        sent: dict[int, list[float]] = {destination_id: [] for destination_id in found}
        for destination_id, time in connection.execute(
                "SELECT destination_id, time FROM notify_sent WHERE time > ?", (now - HOUR,)):
            if destination_id in sent:
                sent[destination_id].append(time)
        return {destination_id: (pending, sent[destination_id]) for destination_id, pending in found.items()}

    def batch(self, destination_id: int) -> Batch | None:
        """The destination's waiting rows and what sending them needs; None if it has none
        (or its list is gone for good, whose rows are dropped: there is no one to tell)."""
        connection = self.db.connection()
        head = connection.execute(
            """SELECT d.url, d.language, l.name FROM notify_destinations d LEFT JOIN lists l ON l.id = d.list_id
               WHERE d.id = ?""", (destination_id,)).fetchone()
        rows = connection.execute(
            "SELECT id, event, who, item FROM notify_outbox WHERE destination_id = ? ORDER BY id",
            (destination_id,)).fetchall()
        if head is None or head[2] is None or not rows:
            if rows:
                self.delivered(destination_id, rows[-1][0], time_sent=None)
            return None
        return Batch(destination_id, head[0], head[1], head[2],
                     tuple(Change(event, who, item) for _, event, who, item in rows), rows[-1][0])

    def delivered(self, destination_id: int, last_id: int, time_sent: float | None) -> None:
        """The rows up to last_id were sent (at time_sent; None: dropped unsent)."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM notify_outbox WHERE destination_id = ? AND id <= ?",
                               (destination_id, last_id))
            if time_sent is None:
                return
            connection.execute("DELETE FROM notify_sent WHERE time < ?", (time_sent - HOUR,))
            connection.execute("INSERT INTO notify_sent (destination_id, time) VALUES (?, ?)",
                               (destination_id, time_sent))
            connection.execute(
                """UPDATE notify_destinations SET failures = 0, time_first_failure = NULL, time_retry = NULL,
                   last_error = NULL, time_last_sent = ? WHERE id = ?""", (now_text(), destination_id))

    def failed(self, destination_id: int, error: str, now: float, timings: Timings) -> bool:
        """A send failed: note the error, and when to try again, or pause the destination
        (True then)."""
        with self.db.transaction() as connection:
            row = connection.execute("SELECT failures, time_first_failure FROM notify_destinations WHERE id = ?",
                                     (destination_id,)).fetchone()
            if row is None:
                return False
            failures, first = row[0] + 1, row[1] if row[1] is not None else now
            paused = should_pause(failures, first, now, timings)
            connection.execute(
                """UPDATE notify_destinations SET failures = ?, time_first_failure = ?, time_retry = ?,
                   last_error = ?, paused = ? WHERE id = ?""",
                (failures, first, now + retry_delay(failures, timings), error[:MAX_ERROR], int(paused),
                 destination_id))
            return paused

