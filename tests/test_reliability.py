"""Storage trouble: a full disk or a read-only database file gives a clear 503 page,
reads keep working, nothing half-written appears, writes work again once the trouble is
gone (no restart), and /healthz reports the problem meanwhile.

Simulations (the tests run as root, where chmod does not stop writes):
- full disk: PRAGMA max_page_count on the database's connections (LimitedDatabase below), and,
  where the machine allows mounting, a real tiny tmpfs that runs out of space;
- read-only file: the database opens the file with SQLite's ?mode=ro (ReadOnlyDatabase), which
  fails writes with the same SQLITE_READONLY a chmod'ed file gives an ordinary user;
  and, where the file system supports it, a real file made immutable with chattr +i,
  which stops root too.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import sqlite3
import subprocess
import time
import uuid

import pytest

import simplelists.db
from simplelists.db import Database, is_storage_error
from simplelists.lists import ListStore


class LimitedDatabase(Database):
    """A Database whose file may not grow past max_pages pages: a full disk, on demand."""

    max_pages: int | None = None

    def connection(self) -> sqlite3.Connection:
        connection = super().connection()
        if self.max_pages is not None:
            connection.execute(f"PRAGMA max_page_count = {self.max_pages}")
        return connection

    def fill_up(self) -> None:
        """Let the file grow no further than it is now."""
        self.max_pages = self.connection().execute("PRAGMA page_count").fetchone()[0]

    def free_space(self) -> None:
        self.max_pages = 1_000_000


class ReadOnlyDatabase(Database):
    """A Database that opens the file read-only, as SQLite does with a file it may not write."""

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None,
                                     check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 5000")
        return connection


def items_of(db_path: str, list_id: str) -> list[str]:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT description FROM items WHERE list_id = ? AND time_deleted IS NULL ORDER BY id", (list_id,))]


def post_add_item(list_page, description: str):
    form = list_page.forms["add-item"]
    form["description"] = description
    return form.submit(expect_errors=True)


def fill_until_refused(list_page, limit: int = 2000) -> tuple[list[str], str, object]:
    """Add items until the app refuses one; returns (acknowledged, refused text, response)."""
    acknowledged = []
    for number in range(limit):
        description = f"item {number} " + "x" * 300
        response = post_add_item(list_page, description)
        if response.status_int != 303:
            return acknowledged, description, response
        acknowledged.append(description)
    raise AssertionError("the database never filled up")


# -- full disk ------------------------------------------------------------------------


@pytest.fixture
def limited_db(config):
    db = LimitedDatabase(config.db_path)
    db.migrate()
    yield db
    db.close()


def test_full_disk_gives_503_keeps_reads_and_recovers(config, limited_db, add_item, create_list, make_test_app,
                                                      list_id_of):
    app = make_test_app(config, limited_db)
    page = add_item(create_list(app, "Groceries"), "Milk")
    list_id = list_id_of(page)
    assert app.get("/healthz").text == "ok"

    limited_db.fill_up()
    acknowledged, refused, response = fill_until_refused(page)

    assert response.status_int == 503
    assert response.headers["Retry-After"] == "5"
    assert "Could not save, try again" in response.text
    assert "could not be saved" in response.text
    # Nothing half-written: every acknowledged item once, the refused one not at all.
    assert items_of(config.db_path, list_id) == ["Milk"] + acknowledged
    # Reads keep working.
    list_page = app.get(f"/lists/{list_id}")
    assert list_page.status_int == 200 and "Milk" in list_page.text
    assert app.get("/").status_int == 200
    # The health check says so, with a reason.
    health = app.get("/healthz", status=503)
    assert "write failed" in health.text and "full" in health.text

    limited_db.free_space()  # space is back: no restart needed
    response = post_add_item(list_page, refused)
    assert response.status_int == 303
    assert items_of(config.db_path, list_id) == ["Milk"] + acknowledged + [refused]
    assert app.get("/healthz").text == "ok"
    with contextlib.closing(sqlite3.connect(config.db_path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_disk_on_create_list_and_tick(config, limited_db, add_item, create_list, make_test_app, list_id_of,
                                           item_form, item_ids):
    app = make_test_app(config, limited_db)
    page = add_item(create_list(app, "Groceries"), "Milk")
    limited_db.fill_up()
    fill_until_refused(page)
    created = []
    for number in range(500):
        form = app.get("/").forms["create-list"]
        form["name"] = f"List {number} " + "y" * 400
        response = form.submit(expect_errors=True)
        if response.status_int != 303:
            break
        created.append(form["name"].value)
    assert response.status_int == 503
    assert "Could not save, try again" in response.text
    store = ListStore(limited_db)
    assert sorted(summary.name for summary in store.get_lists()) == sorted(created + ["Groceries"])
    # Ticking rewrites a page that exists already, so it may still work: never a 500.
    list_id = list_id_of(page)
    tick = item_form(app.get(f"/lists/{list_id}"), "/update-done", item_ids(store, list_id)["Milk"])
    assert tick.submit(expect_errors=True).status_int in (303, 503)


def test_the_failed_write_leaves_the_connection_usable(limited_db):
    store = ListStore(limited_db)
    list_id = store.create_list("Groceries")
    limited_db.fill_up()
    with pytest.raises(sqlite3.OperationalError) as raised:
        for number in range(2000):
            store.add_item(list_id, f"{number} " + "x" * 300)
    assert is_storage_error(raised.value)
    assert not limited_db.connection().in_transaction
    limited_db.free_space()
    assert store.add_item(list_id, "after") is not None


def test_a_failed_commit_is_rolled_back(monkeypatch, db, store):
    """A full disk can fail the COMMIT itself (the WAL cannot grow): the transaction must
    not stay open, or every later write on that thread would fail."""
    list_id = store.create_list("Groceries")
    connection = db.connection()

    class FailingCommit:
        def __init__(self, real):
            self.real = real

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return self.real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.real, name)

    monkeypatch.setattr(db, "connection", lambda: FailingCommit(connection))
    with pytest.raises(sqlite3.OperationalError):
        store.add_item(list_id, "lost")
    assert not connection.in_transaction
    assert "write failed" in db.health_problem()
    monkeypatch.undo()
    assert [item.description for item in store.get_list(list_id).items] == []
    store.add_item(list_id, "kept")
    assert [item.description for item in store.get_list(list_id).items] == ["kept"]
    assert db.health_problem() is None


def test_health_forgets_an_old_failure(monkeypatch, db, store):
    list_id = store.create_list("Groceries")
    db._last_storage_error = (time.monotonic(), "database or disk is full")
    assert "write failed" in db.health_problem()
    monkeypatch.setattr(simplelists.db, "STORAGE_ERROR_MEMORY_SECONDS", 0.0)
    assert db.health_problem() is None
    monkeypatch.undo()
    store.add_item(list_id, "Milk")  # a write that works clears it at once
    assert db.health_problem() is None


def test_health_reports_a_nearly_full_disk(monkeypatch, db):
    real = os.statvfs(os.path.dirname(db.path))

    class Nearly:
        f_bavail = 10
        f_frsize = real.f_frsize

    monkeypatch.setattr(simplelists.db.os, "statvfs", lambda path: Nearly)
    assert "disk almost full" in db.health_problem()


@contextlib.contextmanager
def tiny_file_system(tmp_path: pathlib.Path, size: str):
    """A tmpfs of the given size mounted at tmp_path/small, or skip where we may not mount."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tiny file system here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_really_full_disk(tmp_path, config, create_list, make_test_app, list_id_of):
    """The real thing: a 256 KiB file system fills up under the database and its WAL."""
    with tiny_file_system(tmp_path, "256k") as small:
        small_config = config.__class__(db_path=str(small / "lists.sqlite"), timezone=config.timezone)
        small_db = Database(small_config.db_path)
        app = make_test_app(small_config, small_db)
        page = create_list(app, "Groceries")
        list_id = list_id_of(page)
        acknowledged, refused, response = fill_until_refused(page)
        assert response.status_int == 503
        assert "Could not save, try again" in response.text
        assert app.get(f"/lists/{list_id}").status_int == 200
        assert app.get("/healthz", status=503)
        # Space is back (the file system grows): the same process writes again.
        subprocess.run(["mount", "-o", "remount,size=4m", str(small)], check=True)
        response = post_add_item(app.get(f"/lists/{list_id}"), refused)
        assert response.status_int == 303
        assert items_of(small_config.db_path, list_id) == acknowledged + [refused]
        assert app.get("/healthz").text == "ok"
        small_db.close()


# -- read-only database -----------------------------------------------------------------


def check_read_only_app(app, list_id: str, db_path: str) -> None:
    page = app.get(f"/lists/{list_id}")
    assert page.status_int == 200 and "Milk" in page.text
    assert app.get("/").status_int == 200
    response = post_add_item(page, "Eggs")
    assert response.status_int == 503
    assert "Could not save, try again" in response.text
    form = app.get("/").forms["create-list"]
    form["name"] = "Hardware"
    assert form.submit(expect_errors=True).status_int == 503
    assert items_of(db_path, list_id) == ["Milk"]
    health = app.get("/healthz", status=503)
    assert "readonly" in health.text


def test_read_only_database_serves_reads_and_refuses_writes(config, db, store, make_test_app):
    list_id = store.create_list("Groceries")
    store.add_item(list_id, "Milk")
    read_only = ReadOnlyDatabase(config.db_path)
    app = make_test_app(config, read_only)  # starts: migrate writes nothing when current
    check_read_only_app(app, list_id, config.db_path)
    read_only.close()
    # Writable again (here: opened normally), with no other change.
    writable = make_test_app(config, db)
    assert post_add_item(writable.get(f"/lists/{list_id}"), "Eggs").status_int == 303
    assert items_of(config.db_path, list_id) == ["Milk", "Eggs"]
    assert writable.get("/healthz").text == "ok"


@contextlib.contextmanager
def immutable(path: str):
    """chattr +i: not even root may write the file. Skips where the file system says no."""
    result = subprocess.run(["chattr", "+i", path], capture_output=True, text=True) \
        if shutil.which("chattr") else None
    if result is None or result.returncode != 0:
        pytest.skip("cannot make a file immutable here (chattr)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", path], check=False)


def test_immutable_database_file(config, db, store, make_test_app):
    list_id = store.create_list("Groceries")
    store.add_item(list_id, "Milk")
    db.close()  # the last connection checkpoints: everything is in the main file
    with immutable(config.db_path):
        app_db = Database(config.db_path)
        app = make_test_app(config, app_db)
        check_read_only_app(app, list_id, config.db_path)
        app_db.close()
    # Writable again: the same process (a new connection, as after a worker restart) writes.
    app_db = Database(config.db_path)
    app = make_test_app(config, app_db)
    assert post_add_item(app.get(f"/lists/{list_id}"), "Eggs").status_int == 303
    assert app.get("/healthz").text == "ok"
    app_db.close()


# -- what counts as storage trouble ------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), [
    (sqlite3.SQLITE_FULL, True),
    (sqlite3.SQLITE_READONLY, True),
    (sqlite3.SQLITE_BUSY, True),
    (sqlite3.SQLITE_LOCKED, True),
    (sqlite3.SQLITE_IOERR_WRITE, True),
    (sqlite3.SQLITE_CANTOPEN, True),
    (sqlite3.SQLITE_CORRUPT, False),
    (sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, False),
    (sqlite3.SQLITE_ERROR, False),
])
def test_storage_error_codes(code, expected):
    error = sqlite3.OperationalError("whatever")
    error.sqlite_errorcode = code
    assert is_storage_error(error) is expected


def test_storage_error_without_a_code_goes_by_message():
    assert is_storage_error(sqlite3.OperationalError("database or disk is full"))
    assert not is_storage_error(sqlite3.OperationalError("no such table: x"))
    assert not is_storage_error(ValueError("disk full"))


def test_a_real_bug_is_still_a_500(app, monkeypatch, create_list):
    page = create_list(app, "Groceries")

    def broken(*args):
        raise sqlite3.OperationalError("no such column: oops")

    monkeypatch.setattr(ListStore, "add_items", broken)
    response = post_add_item(page, f"x{uuid.uuid4()}")
    assert response.status_int == 500
    assert "oops" not in response.text
