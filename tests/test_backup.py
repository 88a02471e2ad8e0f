"""Backups: `simplelists backup` and `restore`, and the daily scheduled backup."""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import pathlib
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from simplelists import backup, cli
from simplelists.backup import BackupError, BackupScheduler
from simplelists.db import Database
from simplelists.lists import ListStore

UTC = datetime.timezone.utc


def dump(path) -> list[tuple]:
    """Every list and item row, in a stable order: 'the same data'."""
    with contextlib.closing(sqlite3.connect(f"{pathlib.Path(path).absolute().as_uri()}?mode=ro", uri=True)) as c:
        lists = c.execute("SELECT id, name, time_created, time_deleted FROM lists ORDER BY id").fetchall()
        items = c.execute("SELECT id, list_id, description, done, time_deleted FROM items ORDER BY id").fetchall()
    return [("list", *row) for row in lists] + [("item", *row) for row in items]


def integrity(path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def groceries(store) -> str:
    list_id = store.create_list("Groceries")
    for description in ("Milk", "Eggs", "Bread"):
        store.add_item(list_id, description)
    store.set_done(list_id, 2, True)
    return list_id


@contextlib.contextmanager
def held_open(db_path: str):
    """Another process with the database open, like a running server between requests."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM lists').fetchall();"
         " print('open', flush=True); sys.stdin.read()", db_path],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()


# -- backup -----------------------------------------------------------------------------


def test_backup_to_a_folder_gets_a_timestamped_checked_copy(groceries, tmp_path, db):
    folder = tmp_path / "backups"
    folder.mkdir()
    moment = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    written = backup.backup(db.path, folder, now=moment)
    assert written == folder / "simplelists-backup-20250102T030405Z.sqlite"
    assert dump(written) == dump(db.path)
    assert integrity(written) == "ok"
    # One self-contained file: no WAL beside it, none needed.
    assert sorted(path.name for path in folder.iterdir()) == [written.name]
    with contextlib.closing(sqlite3.connect(written)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_to_a_file_name_replaces_it_whole(groceries, tmp_path, db, store):
    target = tmp_path / "new-folder" / "latest.sqlite"
    assert backup.backup(db.path, target) == target
    store.add_item(groceries, "Butter")
    assert backup.backup(db.path, str(target)) == target
    assert dump(target) == dump(db.path)
    assert sorted(path.name for path in target.parent.iterdir()) == ["latest.sqlite"]


def test_backup_default_goes_beside_the_database_or_to_the_backup_dir(groceries, tmp_path, db):
    beside = backup.backup(db.path)
    assert beside.parent == pathlib.Path(db.path).parent
    assert beside.name.startswith("simplelists-backup-")
    elsewhere = backup.backup(db.path, backup_dir=str(tmp_path / "auto"))
    assert elsewhere.parent == tmp_path / "auto"


def test_backup_refuses_a_missing_database_and_the_database_itself(tmp_path, db):
    with pytest.raises(BackupError, match="no database"):
        backup.backup(tmp_path / "nothing.sqlite")
    assert not (tmp_path / "nothing.sqlite").exists()  # not created by looking
    with pytest.raises(BackupError, match="the database itself"):
        backup.backup(db.path, db.path)


def test_a_copy_that_fails_its_check_is_not_kept(groceries, tmp_path, monkeypatch, db):
    monkeypatch.setattr(backup, "check_database", lambda path: "integrity_check: page 3 is wrong")
    with pytest.raises(BackupError, match="failed its check"):
        backup.backup(db.path, tmp_path / "out.sqlite")
    assert list(tmp_path.glob("out.sqlite*")) == []


def test_backup_while_writes_go_on_then_restore_gives_the_same_data(groceries, tmp_path, db):
    """A backup taken mid-stream is one consistent moment: every item added before it
    started, then a gapless run, nothing torn; restoring it gives exactly that data."""
    stop = threading.Event()
    committed: list[str] = []

    def keep_writing() -> None:
        writer = Database(db.path)
        number = 0
        while not stop.is_set():
            ListStore(writer).add_item(groceries, f"w{number}")
            committed.append(f"w{number}")
            number += 1
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(committed) < 50:
            time.sleep(0.01)
        before = len(committed)
        written = backup.backup(db.path, tmp_path / "mid.sqlite")
        after = len(committed)
        while len(committed) < after + 20:  # writes go on after the backup too
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    assert integrity(written) == "ok"
    in_backup = [row[3] for row in dump(written) if row[0] == "item" and row[3].startswith("w")]
    assert before <= len(in_backup) <= after + 1
    assert in_backup == committed[:len(in_backup)]

    snapshot = dump(written)
    db.close()
    replaced = backup.restore(written, db.path)
    assert dump(db.path) == snapshot
    assert integrity(db.path) == "ok"
    assert len([row for row in dump(replaced) if row[0] == "item"]) == 3 + len(committed)
    # The app opens the restored file and carries on.
    reopened = Database(db.path)
    reopened.migrate()
    ListStore(reopened).add_item(groceries, "after restore")
    assert [item.description for item in ListStore(reopened).get_list(groceries).items][-1] == "after restore"
    reopened.close()


# -- restore ----------------------------------------------------------------------------


def test_restore_keeps_the_replaced_file_aside(groceries, tmp_path, db, store):
    saved = backup.backup(db.path, tmp_path / "saved.sqlite")
    store.add_item(groceries, "added after the backup")
    newer = dump(db.path)
    db.close()
    moment = datetime.datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
    replaced = backup.restore(saved, db.path, now=moment)
    assert replaced == pathlib.Path(db.path + ".replaced-20250601T120000Z")
    assert dump(replaced) == newer
    assert dump(db.path) == dump(saved)
    # A second restore in the same second never overwrites the first kept file.
    again = backup.restore(saved, db.path, now=moment)
    assert again == pathlib.Path(db.path + ".replaced-20250601T120000Z-2")
    assert dump(replaced) == newer


def test_restore_into_a_fresh_place(groceries, tmp_path, db):
    saved = backup.backup(db.path, tmp_path / "saved.sqlite")
    target = tmp_path / "new" / "lists.sqlite"
    target.parent.mkdir()
    assert backup.restore(saved, target) is None
    assert dump(target) == dump(saved)


def test_restore_refuses_while_the_database_is_in_use(groceries, tmp_path, db, store):
    saved = backup.backup(db.path, tmp_path / "saved.sqlite")
    store.add_item(groceries, "newer")
    newer = dump(db.path)
    db.close()
    with held_open(db.path):
        with pytest.raises(BackupError, match="in use"):
            backup.restore(saved, db.path)
        assert dump(db.path) == newer
        # --force does it anyway, and still keeps the old file (with its WAL) aside.
        replaced = backup.restore(saved, db.path, force=True)
        assert dump(db.path) == dump(saved)
        assert dump(replaced) == newer


def test_restore_is_allowed_once_the_server_stopped(groceries, tmp_path, db):
    saved = backup.backup(db.path, tmp_path / "saved.sqlite")
    with held_open(db.path):
        pass
    db.close()
    assert backup.restore(saved, db.path) is not None


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_restore_refuses_a_file_that_is_not_a_database(groceries, tmp_path, content, db):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(content)
    before = dump(db.path)
    db.close()
    with pytest.raises(BackupError, match="cannot be restored"):
        backup.restore(bogus, db.path)
    assert dump(db.path) == before


def test_restore_refuses_another_apps_database(tmp_path, db):
    other = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (text)")
    db.close()
    with pytest.raises(BackupError, match="not a Simple Lists database"):
        backup.restore(other, db.path)


def test_restore_of_a_missing_backup(tmp_path, db):
    with pytest.raises(BackupError, match="no backup"):
        backup.restore(tmp_path / "gone.sqlite", db.path)


# -- the scheduler ----------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime(2025, 3, 1, 2, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime.datetime:
        return self.now


def test_scheduler_makes_at_most_one_backup_a_day_and_keeps_the_newest(groceries, tmp_path, db):
    clock = Clock()
    folder = tmp_path / "auto"
    scheduler = BackupScheduler(db.path, str(folder), keep=3, clock=clock)
    first = scheduler.run_once()
    assert first is not None and first.exists()
    clock.now += datetime.timedelta(hours=3)
    assert scheduler.run_once() is None  # checked again, not due yet
    clock.now += datetime.timedelta(hours=21)
    made = [first, scheduler.run_once()]
    for _ in range(4):
        clock.now += datetime.timedelta(days=1)
        made.append(scheduler.run_once())
    kept = [path for _, path in backup.list_backups(folder)]
    assert kept == made[-3:]
    assert all(integrity(path) == "ok" for path in kept)


def test_scheduler_only_counts_and_prunes_its_own_files(groceries, tmp_path, db):
    folder = tmp_path / "auto"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "simplelists-backup-20990101T000000Z.sqlite.partial-1").write_text("torn")
    os.utime(folder / "simplelists-backup-20990101T000000Z.sqlite.partial-1", (0, 0))
    scheduler = BackupScheduler(db.path, str(folder), keep=1, clock=Clock())
    assert scheduler.run_once() is not None
    assert sorted(path.name for path in folder.iterdir()) == [
        "notes.txt", "simplelists-backup-20250301T020000Z.sqlite"]


def test_a_backup_dated_in_the_future_does_not_stop_backups(groceries, tmp_path, db):
    folder = tmp_path / "auto"
    folder.mkdir()
    backup.backup(db.path, folder, now=datetime.datetime(2030, 1, 1, tzinfo=UTC))
    assert BackupScheduler(db.path, str(folder), keep=5, clock=Clock()).run_once() is not None


def test_only_one_process_runs_the_scheduler(groceries, tmp_path, db):
    folder = str(tmp_path / "auto")
    first = backup.start_scheduler(db.path, folder, 10)
    try:
        assert first is not None
        assert backup.start_scheduler(db.path, folder, 10) is None  # another worker
        # ...and in another process too.
        probe = subprocess.run(
            [sys.executable, "-c", "import sys; from simplelists import backup;"
             " sys.exit(0 if backup.start_scheduler(sys.argv[1], sys.argv[2], 10) is None else 1)",
             db.path, folder])
        assert probe.returncode == 0
        deadline = time.monotonic() + 10
        while not backup.list_backups(folder) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(backup.list_backups(folder)) == 1
    finally:
        first.stop()
    # When the process that had it goes away, the next one takes over.
    successor = backup.start_scheduler(db.path, folder, 10)
    assert successor is not None
    successor.stop()


def test_scheduler_off_without_a_folder(db):
    assert backup.start_scheduler(db.path, "", 10) is None


def test_a_failing_backup_is_logged_and_the_thread_carries_on(tmp_path, caplog):
    scheduler = BackupScheduler(str(tmp_path / "missing.sqlite"), str(tmp_path / "auto"), keep=2,
                                check_every_seconds=0.05)
    with caplog.at_level(logging.ERROR, logger="simplelists"):
        assert scheduler.start()
        deadline = time.monotonic() + 10
        while len([r for r in caplog.records if "scheduled backup" in r.getMessage()]) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
    assert scheduler.thread.is_alive()
    scheduler.stop()
    assert not scheduler.thread.is_alive()
    assert "no database" in caplog.text


def test_an_unusable_backup_folder_turns_scheduling_off_with_a_log_line(tmp_path, caplog, db):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with caplog.at_level(logging.ERROR, logger="simplelists"):
        assert backup.start_scheduler(db.path, str(blocker / "sub"), 10) is None
    assert "scheduled backups are off" in caplog.text


# -- the command line -------------------------------------------------------------------


@pytest.fixture
def environment(monkeypatch, db):
    for name in list(os.environ):
        if name.startswith("SIMPLELISTS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SIMPLELISTS_DB", db.path)
    return monkeypatch


def test_cli_backup_and_restore(environment, groceries, tmp_path, capsys, db, store):
    destination = tmp_path / "copies"
    destination.mkdir()
    assert cli.main(["backup", str(destination)]) == 0
    out = capsys.readouterr().out.strip()
    written = pathlib.Path(out.rsplit(" to ", 1)[1])
    assert written.parent == destination and dump(written) == dump(db.path)

    store.add_item(groceries, "after")
    db.close()
    assert cli.main(["restore", str(written)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and ".replaced-" in out
    assert dump(db.path) == dump(written)


def test_cli_backup_default_uses_the_backup_dir(environment, groceries, tmp_path, capsys):
    environment.setenv("SIMPLELISTS_BACKUP_DIR", str(tmp_path / "auto"))
    assert cli.main(["backup"]) == 0
    assert str(tmp_path / "auto") in capsys.readouterr().out
    assert len(backup.list_backups(tmp_path / "auto")) == 1


def test_cli_errors_are_one_line_and_nonzero(environment, groceries, tmp_path, capsys, db):
    saved = tmp_path / "saved.sqlite"
    backup.backup(db.path, saved)
    db.close()
    with held_open(db.path):
        assert cli.main(["restore", str(saved)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("simplelists: ") and "in use" in err and err.count("\n") == 1
        assert cli.main(["restore", "--force", str(saved)]) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(tmp_path / "gone.sqlite")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    environment.setenv("SIMPLELISTS_DB", str(tmp_path / "none.sqlite"))
    assert cli.main(["backup"]) == 1
    assert "no database" in capsys.readouterr().err
    environment.setenv("SIMPLELISTS_BACKUP_KEEP", "0")
    assert cli.main(["backup"]) == 2
    assert "SIMPLELISTS_BACKUP_KEEP" in capsys.readouterr().err


def test_cli_without_a_command_still_serves(environment, monkeypatch):
    served = []
    monkeypatch.setattr(cli, "serve", lambda config, environ: served.append(config) or 0)
    assert cli.main([]) == 0
    assert cli.main(["serve"]) == 0
    assert len(served) == 2
    with pytest.raises(SystemExit) as usage:
        cli.main(["restore"])  # BACKUP is required
    assert usage.value.code == 2


def test_cli_run_as_a_program(environment, groceries, tmp_path, db):
    """The installed command, end to end: exit codes and output streams."""
    command = [sys.executable, "-c", "import sys; from simplelists.cli import main; sys.exit(main())"]
    env = {**os.environ, "SIMPLELISTS_DB": db.path}
    ok = subprocess.run(command + ["backup", str(tmp_path / "x.sqlite")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip().endswith("x.sqlite") and ok.stderr == ""
    bad = subprocess.run(command + ["restore", str(tmp_path / "nope")], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout == "" and bad.stderr.count("\n") == 1


def test_restoring_a_file_is_refused_while_replication_is_on(environment, groceries, tmp_path, db, capsys):
    """Putting a file in place of the database would split it from the replica's history."""
    copy = tmp_path / "copy.sqlite"
    assert cli.main(["backup", str(copy)]) == 0
    environment.setenv("SIMPLELISTS_REPLICA_URL", f"file://{tmp_path / 'replica'}")
    before = pathlib.Path(db.path).read_bytes()
    assert cli.main(["restore", str(copy), "--force"]) == 1
    error = capsys.readouterr().err
    assert "replication is on" in error and "--from-replica" in error and error.count("\n") == 1
    assert pathlib.Path(db.path).read_bytes() == before


@pytest.mark.parametrize("arguments", [["restore", "x.sqlite", "--from-replica"], ["restore", "--timestamp", "x"],
                                       ["restore", "x.sqlite", "--output", "y.sqlite"]])
def test_restore_takes_a_file_or_the_replica(environment, arguments):
    with pytest.raises(SystemExit) as usage:
        cli.main(arguments)
    assert usage.value.code == 2


def test_restoring_from_the_replica_needs_one(environment, capsys):
    assert cli.main(["restore", "--from-replica"]) == 1
    assert "replication is off" in capsys.readouterr().err
