"""Backups: consistent copies of the database taken while the server runs, restoring
one, and the optional daily backup made in the background.

Copies are made with SQLite's online backup API, so they are consistent even while
other processes write, and each is checked with PRAGMA integrity_check before it gets
its final name (a half-written copy never looks like a backup).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import logging
import os
import pathlib
import re
import sqlite3
import threading
import time
from collections.abc import Callable

log = logging.getLogger("simplelists")

BACKUP_EVERY_SECONDS = 24 * 60 * 60  # at most one scheduled backup a day
CHECK_EVERY_SECONDS = 3 * 60 * 60  # how often the scheduler looks whether one is due
LOCK_FILE_NAME = ".simplelists-backup.lock"
_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_BACKUP_NAME = re.compile(r"^(?P<stem>.+)-backup-(?P<time>\d{8}T\d{6}Z)\.sqlite$")
_PARTIAL_MARK = ".partial-"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why in one line."""


def backup_name(db_path: str | os.PathLike[str], moment: datetime.datetime) -> str:
    """The file name of a backup of db_path taken at moment, e.g. simplelists-backup-20250102T030405Z.sqlite.

    Names sort by time, and the scheduler reads the time back from them.
    """
    stem = pathlib.Path(db_path).stem or "simplelists"
    return f"{stem}-backup-{moment.astimezone(datetime.timezone.utc).strftime(_TIME_FORMAT)}.sqlite"


def backup(db_path: str | os.PathLike[str], dest: str | os.PathLike[str] | None = None,
           backup_dir: str = "", now: datetime.datetime | None = None) -> pathlib.Path:
    """Copy the database to dest and return where the copy went.

    dest may be a folder (the copy gets a timestamped name in it) or a file name (an
    existing file there is replaced only once the new copy is complete and checked).
    Without dest the copy goes to backup_dir, or beside the database when that is "".
    Safe while the server runs. Raises BackupError (no database, dest unusable, copy
    failed its integrity check); never leaves a partial copy under the final name.
    """
    source_path = pathlib.Path(db_path)
    if not source_path.is_file():
        raise BackupError(f"there is no database at {source_path}")
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    if dest is None or str(dest) == "":
        target = pathlib.Path(backup_dir or source_path.resolve().parent) / backup_name(source_path, moment)
    else:
        target = pathlib.Path(dest)
        if target.is_dir() or str(dest).endswith(os.sep):
            target = target / backup_name(source_path, moment)
    target = target.absolute()
    if target.exists() and target.resolve() == source_path.resolve():
        raise BackupError(f"{target} is the database itself: choose another destination")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot create the folder {target.parent}: {error.strerror or error}") from None
    def check_copy(partial: pathlib.Path) -> None:
        problem = check_database(partial)
        if problem:
            raise BackupError(f"the copy failed its check ({problem}); nothing was written to {target}")

    _copy_into_place(source_path, target, _PARTIAL_MARK, f"could not copy {source_path} to {target}", check_copy)
    return target


def check_database(path: str | os.PathLike[str]) -> str | None:
    """Why the file is not a usable Simple Lists database, or None if it is.

    Runs PRAGMA integrity_check and looks for the lists and items tables. Opens the
    file read-only, so checking never changes it.
    """
    try:
        with contextlib.closing(sqlite3.connect(f"{pathlib.Path(path).absolute().as_uri()}?mode=ro",
                                                uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
            if [row[0] for row in result] != ["ok"]:
                return "integrity_check: " + "; ".join(str(row[0]) for row in result[:3])
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        return str(error)
    missing = {"lists", "items"} - tables
    if missing:
        return f"no {' or '.join(sorted(missing))} table: not a Simple Lists database"
    return None


def restore(backup_path: str | os.PathLike[str], db_path: str | os.PathLike[str],
            force: bool = False, now: datetime.datetime | None = None) -> pathlib.Path | None:
    """Put a backup in place of the database; returns where the replaced database was
    kept (None when there was none).

    The backup is checked first. Refuses (BackupError) while another process has the
    database open, e.g. a running server, unless force. The replaced file (and its
    -wal, if any) is renamed to <db>.replaced-<time>, never deleted.
    """
    source = pathlib.Path(backup_path)
    target = pathlib.Path(db_path).absolute()
    if not source.is_file():
        raise BackupError(f"there is no backup at {source}")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError(f"{source} is the database itself")
    problem = check_database(source)
    if problem:
        raise BackupError(f"{source} cannot be restored: {problem}")
    if target.exists() and not force:
        _settle_unless_in_use(target)
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    replaced: pathlib.Path | None = None

    def keep_the_old_one(_: pathlib.Path) -> None:
        nonlocal replaced
        if target.exists():
            replaced = _unused_name(target.with_name(f"{target.name}.replaced-{moment.strftime(_TIME_FORMAT)}"))
            os.replace(target, replaced)
            # The -wal belongs to the old file: it must go with it, or SQLite would
            # replay its pages onto the restored one.
            for suffix in ("-wal", "-shm"):
                companion = pathlib.Path(f"{target}{suffix}")
                if companion.exists():
                    os.replace(companion, f"{replaced}{suffix}")

    _copy_into_place(source, target, ".restoring-", f"could not restore {source} to {target}", keep_the_old_one)
    return replaced


def _copy_into_place(source: pathlib.Path, target: pathlib.Path, mark: str, failure: str,
                     before_rename: Callable[[pathlib.Path], None]) -> None:
    """Copy source (read-only) to <target><mark><pid> beside target, call before_rename
    with that file (to check it, or to move the old target aside), then rename it to
    target and sync the folder. The partial file never outlives the call; SQLite and file
    errors become BackupError starting with failure."""
    partial = target.with_name(f"{target.name}{mark}{os.getpid()}")
    try:
        _copy_database(source, partial, read_only_source=True)
        before_rename(partial)
        os.replace(partial, target)
        _sync_folder(target.parent)
    except sqlite3.Error as error:
        raise BackupError(f"{failure}: {error}") from None
    except OSError as error:
        raise BackupError(f"{failure}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def _unused_name(path: pathlib.Path) -> pathlib.Path:
    """path, or path-2, path-3... whichever does not exist yet (never overwrite a kept file)."""
    candidate, number = path, 1
    while any(pathlib.Path(f"{candidate}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def _settle_unless_in_use(db_path: pathlib.Path) -> None:
    """Raise BackupError if any other connection has the database open; otherwise fold
    its WAL into the main file, so the file to be kept aside is complete by itself.
    Never while Litestream replicates the file (it must be the only one to checkpoint):
    the command refuses to restore a file then."""
    try:
        with contextlib.closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as connection:
            # In WAL mode an exclusive lock is refused while any other connection has the
            # file open, even one that is idle: that is exactly "the server is running".
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.execute("COMMIT")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise BackupError(f"{db_path} is in use (is the server running?): stop it first, "
                              "or use --force if you are sure nothing uses it") from None
        raise BackupError(f"cannot open {db_path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot open {db_path}: {error}") from None


def _copy_database(source: pathlib.Path, destination: pathlib.Path, read_only_source: bool) -> None:
    """Copy with SQLite's backup API into a fresh file, left in rollback-journal mode so
    the copy is one self-contained file; synced to disk before returning."""
    with contextlib.suppress(FileNotFoundError):
        destination.unlink()
    uri = source.absolute().as_uri() + ("?mode=ro" if read_only_source else "")
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as reader, \
            contextlib.closing(sqlite3.connect(destination, isolation_level=None)) as writer:
        # All pages in one step: one consistent snapshot. WAL readers do not block the
        # server's writers, so this never holds up a family member's tap.
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode = DELETE")
    with open(destination, "rb") as copied:
        os.fsync(copied.fileno())


def _sync_folder(folder: pathlib.Path) -> None:
    """fsync a folder, so a rename into it survives a crash (no-op where unsupported)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def list_backups(backup_dir: str | os.PathLike[str]) -> list[tuple[datetime.datetime, pathlib.Path]]:
    """The backups in a folder (files named like backup_name makes), oldest first."""
    found = []
    with contextlib.suppress(FileNotFoundError):
        for path in pathlib.Path(backup_dir).iterdir():
            match = _BACKUP_NAME.match(path.name)
            if match and path.is_file():
                moment = datetime.datetime.strptime(match["time"], _TIME_FORMAT).replace(
                    tzinfo=datetime.timezone.utc)
                found.append((moment, path))
    return sorted(found)


class BackupScheduler:
    """Makes a backup in backup_dir when the newest there is a day old, keeps the newest
    `keep`, and repeats every few hours in a daemon thread (start).

    Only one process runs it: start takes a lock file in backup_dir and holds it while
    the process lives, so of several web server workers exactly one makes backups (and
    when that worker is replaced, its successor takes over). Failures are logged and
    retried at the next check; they never reach the web server.
    """

    def __init__(self, db_path: str, backup_dir: str, keep: int,
                 every_seconds: float = BACKUP_EVERY_SECONDS, check_every_seconds: float = CHECK_EVERY_SECONDS,
                 clock: Callable[[], datetime.datetime] | None = None) -> None:
        self.db_path = db_path
        self.backup_dir = pathlib.Path(backup_dir)
        self.keep = keep
        self.every = datetime.timedelta(seconds=every_seconds)
        self.check_every_seconds = check_every_seconds
        self.clock = clock or (lambda: datetime.datetime.now(datetime.timezone.utc))
        self._stop = threading.Event()
        self._lock_file: int | None = None
        self.thread: threading.Thread | None = None

    def run_once(self) -> pathlib.Path | None:
        """Back up now if due, then drop old backups; returns the new backup, or None
        when the newest is recent enough. Raises BackupError or OSError on failure."""
        now = self.clock()
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        backups = list_backups(self.backup_dir)
        made = None
        # Due when there is none, the newest is a day old, or it is dated in the future
        # (the clock was wrong then): a wrong clock must not stop backups for good.
        if not backups or not datetime.timedelta(0) <= now - backups[-1][0] < self.every:
            made = backup(self.db_path, self.backup_dir, now=now)
            log.info("backup written to %s", made)
        self.prune()
        return made

    def prune(self) -> list[pathlib.Path]:
        """Delete all but the newest `keep` backups; returns the deleted files."""
        backups = list_backups(self.backup_dir)
        doomed = [path for _, path in backups[:max(0, len(backups) - self.keep)]]
        for path in doomed:
            path.unlink()
        return doomed

    def _remove_leftovers(self) -> None:
        # A process killed mid-copy leaves name.partial-<pid>: never a backup, remove it.
        for path in self.backup_dir.glob(f"*{_PARTIAL_MARK}*"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > 3600:
                    path.unlink()

    def start(self) -> bool:
        """Start the background thread, unless another process holds the lock; True if
        this process will make the backups."""
        try:
            self.backup_dir.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.backup_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            log.error("scheduled backups are off: cannot use %s: %s", self.backup_dir, error.strerror or error)
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._lock_file = descriptor
        self.thread = threading.Thread(target=self._run, name="simplelists-backup", daemon=True)
        self.thread.start()
        return True

    def stop(self, timeout: float | None = 10) -> None:
        """Stop the thread (waiting for a backup in progress) and release the lock."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout)
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - a failed backup must never take the server down
                log.exception("scheduled backup of %s to %s failed; trying again in %.0f s",
                              self.db_path, self.backup_dir, self.check_every_seconds)
            self._stop.wait(self.check_every_seconds)


def start_scheduler(db_path: str, backup_dir: str, keep: int) -> BackupScheduler | None:
    """Start scheduled backups when backup_dir is set (SIMPLELISTS_BACKUP_DIR); the
    scheduler if this process got the job, else None. Call it in every worker process:
    the lock file lets exactly one of them run it."""
    if not backup_dir:
        return None
    scheduler = BackupScheduler(db_path, backup_dir, keep)
    return scheduler if scheduler.start() else None
