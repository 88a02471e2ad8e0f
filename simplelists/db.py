"""The database model: every read and write of the SQLite file goes through Model.

The schema starts as the Go original's, exactly, so a database made by it opens
unchanged; later changes are additive only (new tables, new nullable columns) and
numbered with PRAGMA user_version, so the file can still go back to the Go app.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator

from simplelists.db_features import ITEM_ORDER, Change, FeaturesMixin
# SESSION_LIFETIME and the timestamp helpers are also used from here by other modules.
from simplelists.db_sign_ins import SESSION_LIFETIME, SignInsMixin  # noqa: F401
from simplelists.timestamps import format_go_time, format_sqlite_time, parse_timestamp, utc_now

LIST_ID_ALPHABET = "bcdfghjklmnpqrstvwxyz"  # consonants only, so IDs never spell words
LIST_ID_LENGTH = 10

# SQLite's primary result codes that mean "the storage cannot take a write just now"
# (full disk, read-only file, lock held too long, I/O error) rather than a bug.
_STORAGE_ERROR_CODES = frozenset({
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN,
})
# A failed write is reported by /healthz for this long, unless a write succeeds first.
STORAGE_ERROR_MEMORY_SECONDS = 300.0
# Less free space than this beside the database counts as a full disk for /healthz:
# SQLite needs room for the WAL and for checkpoints before the file itself is full.
MIN_FREE_BYTES = 1024 * 1024


def is_storage_error(error: BaseException) -> bool:
    """True for errors that mean "could not write now" (disk full, read-only, locked,
    I/O error) rather than a bug: the user is told to try again, and reads go on working."""
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _STORAGE_ERROR_CODES  # extended codes carry the primary one in the low byte
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and any(word in message for word in (
        "full", "readonly", "read-only", "locked", "busy", "disk i/o", "unable to open"))

# Each entry moves the schema from version N to N + 1 (PRAGMA user_version). Never edit
# or reorder one that has shipped: add a new entry instead.
MIGRATIONS: list[list[str]] = [
    # 1: the Go original's schema, exactly; a no-op on a file the Go app made.
    [
        """CREATE TABLE IF NOT EXISTS lists (
            id VARCHAR(10) PRIMARY KEY,
            time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            name VARCHAR(255) NOT NULL,
            time_deleted TIMESTAMP
        )""",
        """CREATE TABLE IF NOT EXISTS items (
            id INTEGER PRIMARY KEY,
            list_id INTEGER NOT NULL REFERENCES lists(id),
            time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            description VARCHAR(255) NOT NULL,
            done BOOLEAN NOT NULL DEFAULT FALSE,
            time_deleted TIMESTAMP
        )""",
        "CREATE INDEX IF NOT EXISTS items_list_id ON items(list_id)",
        """CREATE TABLE IF NOT EXISTS sign_ins (
            id VARCHAR(64) PRIMARY KEY,
            time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
        )""",
    ],
    # 2: failed sign-ins per client, for throttling (shared by all worker processes).
    [
        """CREATE TABLE IF NOT EXISTS sign_in_failures (
            client TEXT NOT NULL,
            time_failed REAL NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS sign_in_failures_client ON sign_in_failures(client, time_failed)",
    ],
    # 3: item order and list versions (issue 7; see db_features.py). Old items keep a NULL
    # position and sort by id, which is insertion order, as do items the Go app adds later.
    [
        "ALTER TABLE items ADD COLUMN position INTEGER",
        "ALTER TABLE lists ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    ],
]

# Early versions of the Go app had no soft deletes; add the columns if they are missing.
_GO_LATER_COLUMNS = [("lists", "time_deleted", "TIMESTAMP"), ("items", "time_deleted", "TIMESTAMP")]


@dataclasses.dataclass(frozen=True)
class Item:
    """One line of a list."""

    id: int
    description: str
    done: bool


@dataclasses.dataclass(frozen=True)
class ListSummary:
    """A list as shown on the home page: no items, but their counts."""

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

    @property
    def done_count(self) -> int:
        """How many items are crossed off."""
        return sum(1 for item in self.items if item.done)


def new_list_id() -> str:
    """A fresh random list ID: 10 consonants drawn with secrets (the URL is the only key)."""
    return "".join(secrets.choice(LIST_ID_ALPHABET) for _ in range(LIST_ID_LENGTH))


class Model(FeaturesMixin, SignInsMixin):
    """All database operations. Safe to share between threads: each thread (and each
    process after a fork) gets its own SQLite connection, opened on first use."""

    def __init__(self, db_path: str, busy_timeout_seconds: float = 5.0) -> None:
        self.db_path = db_path
        self.busy_timeout_seconds = busy_timeout_seconds
        self._local = threading.local()
        self._write_lock = threading.RLock()
        # What /healthz needs to know about writes in this process (see health_problem).
        self._health_lock = threading.Lock()
        self._last_write_ok = 0.0
        self._last_storage_error: tuple[float, str] | None = None

    # -- connections and transactions ------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened with the app's settings on first use."""
        local = self._local
        # A connection must never cross a fork: the pid check reopens in a new worker.
        if getattr(local, "pid", None) != os.getpid() or local.connection is None:
            local.connection = self._open()
            local.pid = os.getpid()
        return local.connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.db_path,
            timeout=self.busy_timeout_seconds,
            isolation_level=None,  # autocommit; every change opens its own transaction below
            check_same_thread=False,
            cached_statements=256,
        )
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_seconds * 1000)}")
        connection.execute("PRAGMA foreign_keys = ON")
        # FULL: each commit is synced to the WAL before the redirect acknowledges it, so a
        # change the user saw saved survives even a power cut or VM restart. Writes are
        # rare (one per tap) and reads are not synced at all, so the cost is small.
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    def close(self) -> None:
        """Close this thread's connection, if it has one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            connection.close()
        self._local.connection = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so two
        workers never deadlock upgrading a read lock; rolled back on any error, including
        a failed COMMIT (a full disk can fail there), so the thread's connection is never
        left inside a half-done transaction.

        Threads of one process queue on a lock first: waiting there wakes a thread the
        moment the write before it ends, while SQLite's busy handler (which still
        arbitrates between processes) sleeps in steps of up to 100 ms, which gave writes
        under load a p99 of half a second (BENCHMARKS.md)."""
        connection = self.connection()
        with self._write_lock:
            yield from self._write_transaction(connection)

    def _write_transaction(self, connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            if is_storage_error(error):
                with self._health_lock:
                    self._last_storage_error = (time.monotonic(), str(error))
            raise
        with self._health_lock:
            self._last_write_ok = time.monotonic()

    def migrate(self) -> int:
        """Bring the schema up to date (idempotent, safe from several processes at once).

        Returns the schema version. Switches the file to WAL mode, which lets readers
        go on while one process writes. Writes nothing when the schema is current, so
        the app still starts (and serves reads) on a read-only database file.
        """
        connection = self.connection()
        if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        current = connection.execute("PRAGMA user_version").fetchone()[0]
        if current >= len(MIGRATIONS):
            return current
        with self._write() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    connection.execute(statement)
                if number == 1:
                    self._add_missing_go_columns(connection)
                connection.execute(f"PRAGMA user_version = {number}")
            return max(version, len(MIGRATIONS))

    @staticmethod
    def _add_missing_go_columns(connection: sqlite3.Connection) -> None:
        for table, column, column_type in _GO_LATER_COLUMNS:
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {column_type}")

    def change_marker(self) -> tuple[int, int]:
        """A value that differs whenever the database may have changed since it was last
        read on this thread: another connection's commit moves data_version, this
        connection's own writes move total_changes. Only comparable on the same thread."""
        connection = self.connection()
        return connection.execute("PRAGMA data_version").fetchone()[0], connection.total_changes

    def ping(self) -> None:
        """Run a trivial query; raises sqlite3.Error when the database does not answer."""
        self.connection().execute("SELECT count(*) FROM lists WHERE rowid = 0").fetchone()

    def health_problem(self) -> str | None:
        """Why the database cannot be read or written now, or None when all is well.

        Cheap enough for every health check: a read, a write that changes nothing (it
        takes the write lock, and fails at once on a read-only file), the free space
        beside the file (a full disk in any worker), and the last write this process
        tried, if it failed for lack of storage and nothing was written since (catches
        what the others cannot, e.g. a size limit). Raises nothing for storage trouble.
        """
        try:
            self.ping()
            self.connection().execute("UPDATE lists SET name = name WHERE 0")
        except sqlite3.Error as error:
            return f"database cannot be used: {error}"
        try:
            stats = os.statvfs(os.path.dirname(os.path.abspath(self.db_path)))
        except OSError:
            stats = None  # no statvfs here: rely on the checks above and below
        if stats is not None and stats.f_bavail * stats.f_frsize < MIN_FREE_BYTES:
            return f"disk almost full: {stats.f_bavail * stats.f_frsize // 1024} KiB free"
        with self._health_lock:
            failure = self._last_storage_error
            last_ok = self._last_write_ok
        if failure is not None and failure[0] > last_ok:
            age = time.monotonic() - failure[0]
            if age < STORAGE_ERROR_MEMORY_SECONDS:
                return f"the last write failed {age:.0f} s ago and none has worked since: {failure[1]}"
        return None

    # -- lists -----------------------------------------------------------------------

    def get_lists(self) -> list[ListSummary]:
        """Every list not deleted, newest first, with item counts."""
        rows = self.connection().execute(
            """SELECT l.id, l.name, l.time_created,
                      count(i.id), coalesce(sum(i.done != 0), 0)
               FROM lists l
               LEFT JOIN items i ON i.list_id = l.id AND i.time_deleted IS NULL
               WHERE l.time_deleted IS NULL
               GROUP BY l.id
               ORDER BY l.time_created DESC, l.rowid DESC"""
        ).fetchall()
        return [ListSummary(row[0], row[1], parse_timestamp(row[2]), row[3], row[4]) for row in rows]

    def create_list(self, name: str) -> str:
        """Create a list and return its new random ID."""
        with self._write() as connection:
            return self._insert_list(connection, name, utc_now())

    @staticmethod
    def _insert_list(connection: sqlite3.Connection, name: str, moment: datetime.datetime) -> str:
        """Insert a new list with a fresh random ID (inside the caller's transaction)."""
        while True:
            list_id = new_list_id()
            # 21**10 IDs make a clash all but impossible; checking costs nothing.
            if connection.execute("SELECT 1 FROM lists WHERE id = ?", (list_id,)).fetchone() is None:
                break
        connection.execute(
            "INSERT INTO lists (id, time_created, name) VALUES (?, ?, ?)", (list_id, format_go_time(moment), name)
        )
        return list_id

    def get_list(self, list_id: str) -> List | None:
        """The list with its items (not deleted, in their order), or None if there
        is no such list or it was deleted."""
        connection = self.connection()
        row = connection.execute(
            "SELECT id, name, time_created, version FROM lists WHERE id = ? AND time_deleted IS NULL", (list_id,)
        ).fetchone()
        if row is None:
            return None
        items = [
            Item(item_id, description, bool(done))
            for item_id, description, done in connection.execute(
                f"SELECT id, description, done FROM items WHERE list_id = ? AND time_deleted IS NULL {ITEM_ORDER}",
                (list_id,),
            )
        ]
        return List(row[0], row[1], parse_timestamp(row[2]), items, row[3] or 0)

    def delete_list(self, list_id: str) -> bool:
        """Soft-delete a list (it goes to the trash); False if there was no such list (or
        it was deleted already). Also purges trash older than TRASH_DAYS."""
        with self._write() as connection:
            cursor = connection.execute(
                "UPDATE lists SET time_deleted = ?, version = version + 1 WHERE id = ? AND time_deleted IS NULL",
                (format_sqlite_time(utc_now()), list_id),
            )
            self._purge_trash(connection)
            return cursor.rowcount > 0

    def import_list(self, name: str, items: list[tuple[str, bool]]) -> str:
        """Create a list with its items (description, done) in order, all in one
        transaction, so a failed import leaves nothing half-made; returns the new ID."""
        now = utc_now()
        with self._write() as connection:
            list_id = self._insert_list(connection, name, now)
            connection.executemany(
                "INSERT INTO items (list_id, time_created, description, done) VALUES (?, ?, ?, ?)",
                [(list_id, format_sqlite_time(now), description, 1 if done else 0)
                 for description, done in items],
            )
        return list_id

    # -- items -----------------------------------------------------------------------

    def add_item(self, list_id: str, description: str) -> int | None:
        """Add an item at the end of a list; its ID, or None if the list does not exist."""
        change = self.add_items(list_id, [description])
        return change.item_ids[0] if change else None

    def set_done(self, list_id: str, item_id: int, done: bool, seen_version: int | None = None) -> Change:
        """Mark an item done or not done (idempotent). The Change is false if the item is
        not on that list; its .stale says the list changed after seen_version."""
        with self._write() as connection:
            cursor = connection.execute(
                """UPDATE items SET done = ?
                   WHERE id = ? AND list_id = ? AND time_deleted IS NULL
                     AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)""",
                (1 if done else 0, item_id, list_id),
            )
            if cursor.rowcount == 0:
                return Change(False)
            return Change(True, self._bump_version(connection, list_id, seen_version), (item_id,))

    def delete_item(self, list_id: str, item_id: int, seen_version: int | None = None) -> Change:
        """Soft-delete an item (it goes to the trash). The Change is false if the item is
        not on that list (or already deleted). Also purges trash older than TRASH_DAYS."""
        with self._write() as connection:
            cursor = connection.execute(
                """UPDATE items SET time_deleted = ?
                   WHERE id = ? AND list_id = ? AND time_deleted IS NULL
                     AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)""",
                (format_sqlite_time(utc_now()), item_id, list_id),
            )
            if cursor.rowcount == 0:
                return Change(False)
            stale = self._bump_version(connection, list_id, seen_version)
            self._purge_trash(connection)
            return Change(True, stale, (item_id,))
