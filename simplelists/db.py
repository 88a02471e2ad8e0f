"""The SQLite database: connections, write transactions, schema migrations and health.

The stores (lists.py, trash.py, sessions.py) hold the queries; this module only knows how
to open the file safely, run one change as one transaction, and bring the schema up to
date. The schema starts as the Go original's, exactly, so a database made by it opens
unchanged; later changes are additive only (new tables, new nullable columns) and
numbered with PRAGMA user_version, so the file can still go back to the Go app.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence

from simplelists.matching import duplicate_key, search_key
from simplelists.timestamps import format_sqlite_time, utc_now

log = logging.getLogger("simplelists")

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
# A token's or device's last use is written at most this often (see Database.note_use).
LAST_USE_STEP = datetime.timedelta(minutes=1)

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
    # 3: item order and list versions. Old items keep a NULL position and sort by id,
    # which is insertion order, as do items the Go app adds later.
    [
        "ALTER TABLE items ADD COLUMN position INTEGER",
        "ALTER TABLE lists ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    ],
    # 4: a list's API tokens (kind 'api') and read-only share links (kind 'share'), kept
    # as the SHA-256 of their secret only. They go when their list is purged for good.
    [
        """CREATE TABLE IF NOT EXISTS list_tokens (
            id INTEGER PRIMARY KEY,
            list_id TEXT NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            time_created TIMESTAMP NOT NULL,
            time_last_used TIMESTAMP
        )""",
        "CREATE INDEX IF NOT EXISTS list_tokens_list ON list_tokens(list_id, kind)",
    ],
    # 5: the weekly shop. Sections of a list (items without one, as the Go app adds them,
    # come first); what each list had added before, one row per item text as
    # matching.duplicate_key folds it, for suggestions (filled from the items already
    # there); and an index that skips deleted items, so a list's page costs the same
    # however many were cleared from it. No foreign key points at lists: versions of the
    # Go app delete lists for good, and must never be stopped by a table they do not know.
    [
        """CREATE TABLE IF NOT EXISTS sections (
            id INTEGER PRIMARY KEY,
            list_id VARCHAR(10) NOT NULL,
            name VARCHAR(255) NOT NULL,
            position INTEGER NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS sections_list_id ON sections(list_id, position)",
        "ALTER TABLE items ADD COLUMN section_id INTEGER REFERENCES sections(id)",
        "CREATE INDEX IF NOT EXISTS items_list_id_live ON items(list_id, time_deleted)",
        # Deleting a section looks its items up by it (and so does the foreign key check).
        "CREATE INDEX IF NOT EXISTS items_section_id ON items(section_id)",
        """CREATE TABLE IF NOT EXISTS item_history (
            list_id VARCHAR(10) NOT NULL,
            match_key TEXT NOT NULL,
            description TEXT NOT NULL,
            times_added INTEGER NOT NULL,
            last_added TIMESTAMP NOT NULL,
            section_id INTEGER,
            PRIMARY KEY (list_id, match_key)
        )""",
        """CREATE INDEX IF NOT EXISTS item_history_rank
            ON item_history(list_id, times_added DESC, last_added DESC)""",
        # The spelling kept is the newest one's (SQLite takes the bare column from the
        # row that gave max()).
        """INSERT OR IGNORE INTO item_history (list_id, match_key, description, times_added, last_added)
            SELECT list_id, duplicate_key(description), description, count(*), max(time_created)
            FROM items GROUP BY list_id, duplicate_key(description)""",
    ],
    # 6: phones' Reminders and Tasks apps (CalDAV). The change log: what happened to each
    # list and item, when and by whom, in order (its ids only grow: AUTOINCREMENT never
    # reuses one), read for sync tokens and deleted items' tombstones. Device passwords,
    # as the SHA-256 of their secret, for one list or (list_id NULL) every list. What a
    # phone's app sent for an item beyond what the web shows: its UID and resource name,
    # its whole VTODO, and its due date and notes for the list page. A list's name in a
    # client's URL (a list made by MKCALENDAR) and the properties clients set on it. No
    # foreign keys: the Go app deletes lists for good and must never be stopped by a
    # table it does not know; the trash's purge removes what is left behind.
    [
        """CREATE TABLE IF NOT EXISTS change_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            list_id VARCHAR(10) NOT NULL,
            item_id INTEGER,
            action TEXT NOT NULL,
            who TEXT,
            time TIMESTAMP NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS change_log_list ON change_log(list_id, id)",
        "CREATE INDEX IF NOT EXISTS change_log_item ON change_log(list_id, item_id, id)",
        "CREATE INDEX IF NOT EXISTS change_log_time ON change_log(time)",  # for the purge
        """CREATE TABLE IF NOT EXISTS devices (
            id INTEGER PRIMARY KEY,
            list_id VARCHAR(10),
            name TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            time_created TIMESTAMP NOT NULL,
            time_last_used TIMESTAMP
        )""",
        """CREATE TABLE IF NOT EXISTS dav_items (
            item_id INTEGER PRIMARY KEY,
            list_id VARCHAR(10) NOT NULL,
            name TEXT NOT NULL,
            uid TEXT NOT NULL,
            calendar TEXT NOT NULL,
            due TEXT,
            notes TEXT
        )""",
        "CREATE UNIQUE INDEX IF NOT EXISTS dav_items_name ON dav_items(list_id, name)",
        "CREATE INDEX IF NOT EXISTS dav_items_uid ON dav_items(list_id, uid)",
        """CREATE TABLE IF NOT EXISTS dav_lists (
            list_id VARCHAR(10) PRIMARY KEY,
            name TEXT UNIQUE,
            properties TEXT
        )""",
    ],
    # 7: notifications (notify_*.py): a list's destinations (an Apprise URL, a secret), the
    # outbox of what each is still to hear, and when each was last sent to (the hourly cap).
    # Times the sender schedules by are seconds since the epoch. No foreign keys (see 6).
    [
        """CREATE TABLE IF NOT EXISTS notify_destinations (
            id INTEGER PRIMARY KEY, list_id VARCHAR(10) NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL,
            events TEXT NOT NULL, person TEXT, language TEXT NOT NULL, time_created TIMESTAMP NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0, time_first_failure REAL, time_retry REAL, last_error TEXT,
            paused INTEGER NOT NULL DEFAULT 0, time_last_sent TIMESTAMP
        )""",
        "CREATE INDEX IF NOT EXISTS notify_destinations_list ON notify_destinations(list_id)",
        """CREATE TABLE IF NOT EXISTS notify_outbox (
            id INTEGER PRIMARY KEY, destination_id INTEGER NOT NULL, event TEXT NOT NULL, who TEXT,
            item TEXT, time REAL NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS notify_outbox_destination ON notify_outbox(destination_id, id)",
        "CREATE TABLE IF NOT EXISTS notify_sent (destination_id INTEGER NOT NULL, time REAL NOT NULL)",
        "CREATE INDEX IF NOT EXISTS notify_sent_destination ON notify_sent(destination_id, time)",
    ],
]

# Early versions of the Go app had no soft deletes; add the columns if they are missing.
_GO_LATER_COLUMNS = [("lists", "time_deleted", "TIMESTAMP"), ("items", "time_deleted", "TIMESTAMP")]


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


def placeholders(values: Sequence[object]) -> str:
    """"?,?,?" for an IN (...) clause with one parameter per value."""
    return ",".join("?" * len(values))


class Database:
    """One SQLite file. Safe to share between threads: each thread (and each process
    after a fork) gets its own connection, opened on first use."""

    def __init__(self, path: str, busy_timeout_seconds: float = 5.0, checkpoints: bool = True) -> None:
        """checkpoints=False while Litestream replicates the file (config.replica): it must be
        the only process that checkpoints the WAL, so these connections never do."""
        self.path = path
        self.busy_timeout_seconds = busy_timeout_seconds
        self.checkpoints = checkpoints
        self._local = threading.local()
        # Threads of one process queue here before BEGIN IMMEDIATE: waiting on a lock wakes
        # a thread the moment the write before it ends, while SQLite's busy handler (which
        # still arbitrates between processes) sleeps in steps of up to 100 ms, which gave
        # writes under load a p99 of half a second.
        self._write_lock = threading.RLock()
        # What /healthz needs to know about writes in this process (see health_problem).
        self._health_lock = threading.Lock()
        self._last_write_ok = 0.0
        self._last_storage_error: tuple[float, str] | None = None

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
            self.path,
            timeout=self.busy_timeout_seconds,
            isolation_level=None,  # autocommit; every change opens its own transaction
            check_same_thread=False,
        )
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_seconds * 1000)}")
        connection.execute("PRAGMA foreign_keys = ON")
        # FULL: each commit is synced to the WAL before the redirect acknowledges it, so a
        # change the user saw saved survives even a power cut or VM restart. Writes are
        # rare (one per tap) and reads are not synced at all, so the cost is small.
        connection.execute("PRAGMA synchronous = FULL")
        if not self.checkpoints:
            # SQLite's automatic checkpoints (after a commit that leaves 1000 pages in the WAL)
            # would move pages into the file behind Litestream's back; Litestream checkpoints
            # itself, after it has copied the WAL. Its read transaction keeps a closing
            # connection here from checkpointing too.
            connection.execute("PRAGMA wal_autocheckpoint = 0")
        # Folding every script's letters (SQLite's lower() knows only ASCII). Used in
        # queries and the migration only, never in the schema, so other programs (the Go
        # app) can still write every table without these functions.
        connection.create_function("duplicate_key", 1, duplicate_key, deterministic=True)
        connection.create_function("search_key", 1, search_key, deterministic=True)
        return connection

    def close(self) -> None:
        """Close this thread's connection, if it has one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            connection.close()
        self._local.connection = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so two
        workers never deadlock upgrading a read lock; rolled back on any error, including
        a failed COMMIT (a full disk can fail there), so the thread's connection is never
        left inside a half-done transaction.

        A transaction opened inside another (in the same thread) joins it: a phone's
        write checks its precondition and then makes its changes through the stores'
        own methods, all in one transaction."""
        connection = self.connection()
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield connection
            finally:
                self._local.depth -= 1
            return
        with self._write_lock:
            try:
                connection.execute("BEGIN IMMEDIATE")
                self._local.depth = 1
                try:
                    yield connection
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
                finally:
                    self._local.depth = 0
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
        with self.transaction() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    connection.execute(statement)
                if number == 1:
                    _add_missing_go_columns(connection)
                connection.execute(f"PRAGMA user_version = {number}")
            return max(version, len(MIGRATIONS))

    def note_use(self, table: str, row_id: int, last_used: datetime.datetime | None) -> None:
        """Set time_last_used of a row of table (a name of this app's schema, never from a
        request) to now, at most once per LAST_USE_STEP, so a busy phone or script does
        not turn every read into a write. Storage trouble (a full disk, a read-only file)
        is logged, not raised: the read that used the token must still be answered, and
        is worth more than the time."""
        now = utc_now()
        if last_used is not None and now - last_used < LAST_USE_STEP:
            return
        try:
            with self.transaction() as connection:
                connection.execute(f"UPDATE {table} SET time_last_used = ? WHERE id = ?",
                                   (format_sqlite_time(now), row_id))
        except sqlite3.Error as error:
            if not is_storage_error(error):
                raise
            log.warning("could not note the use of a row of %s: %s", table, error)

    def health_problem(self) -> str | None:
        """Why the database cannot be read or written now, or None when all is well.

        Cheap enough for every health check: a read, a write that changes nothing (it
        takes the write lock, and fails at once on a read-only file), the free space
        beside the file (a full disk in any worker), and the last write this process
        tried, if it failed for lack of storage and nothing was written since (catches
        what the others cannot, e.g. a size limit). Raises nothing for storage trouble.
        """
        try:
            connection = self.connection()
            connection.execute("SELECT count(*) FROM lists WHERE rowid = 0").fetchone()
            connection.execute("UPDATE lists SET name = name WHERE 0")
        except sqlite3.Error as error:
            return f"database cannot be used: {error}"
        try:
            stats = os.statvfs(os.path.dirname(os.path.abspath(self.path)))
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


def _add_missing_go_columns(connection: sqlite3.Connection) -> None:
    for table, column, column_type in _GO_LATER_COLUMNS:
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in columns:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {column_type}")
