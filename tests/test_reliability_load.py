"""The real server under load, and killed in the middle of it.

The Procfile's web server (granian with the package's settings) runs with
several workers and threads on a temporary database; 20 family members, each with their
own cookies and CSRF token, add 50 items each to the same list and tick their items at
random. Every change the server acknowledged (answered 303) must be in the database
exactly once afterwards, even when the server is killed with SIGKILL mid-way.
Loopback only, bounded in requests and time.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import http.cookies
import os
import pathlib
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

import bcrypt
import pytest

pytestmark = pytest.mark.slow

# The family's sign-in on these servers (cost 4 keeps signing in fast).
PASSWORD = "load test password"
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
REPO = pathlib.Path(__file__).resolve().parent.parent
CLIENTS = 20
ITEMS_PER_CLIENT = 50
_CSRF = re.compile(r'name="csrf-token" value="([^"]+)"')
_ITEM = re.compile(r'<li id="item-(\d+)" class="item(?: done)?">.*?class="text">(?:<del>)?([^<]*)<', re.S)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The web server as `simplelists serve` runs it, with the package's settings."""

    def __init__(self, db_path: pathlib.Path, log_path: pathlib.Path, **extra_env: str) -> None:
        self.db_path = db_path
        self.log_path = log_path
        self.extra_env = extra_env
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self, command: list[str] | None = None) -> Server:
        self.port = free_port()
        env = {**os.environ, "PORT": str(self.port), "SIMPLELISTS_DB": str(self.db_path),
               "WEB_CONCURRENCY": "3", "SIMPLELISTS_THREADS": "4",
               "SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": PASSWORD_HASH, **self.extra_env}
        command = command or [sys.executable, "-m", "simplelists.web_server"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log,
                                            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited: {self.log_path.read_text()[-2000:]}"
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return self
            time.sleep(0.1)
        raise AssertionError(f"server did not start: {self.log_path.read_text()[-2000:]}")

    def pids(self) -> list[int]:
        """The main process and its workers."""
        found = []
        for entry in pathlib.Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    if os.getpgid(int(entry.name)) == self.process.pid:
                        found.append(int(entry.name))
        return found

    def kill(self) -> None:
        """SIGKILL the main process and every worker at once, like a machine losing power."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # no worker outlives the test


class Client:
    """One family member's browser: own connection, cookies and CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except Exception:
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        match = _CSRF.search(text)
        if match:
            self.csrf = match.group(1)
        return response.status, response.headers, text  # names in any case: granian sends them lower-case

    def sign_in(self) -> None:
        assert self.request("GET", "/")[0] == 200
        status, headers, _ = self.request("POST", "/sign-in", {
            "csrf-token": self.csrf, "username": "family", "password": PASSWORD, "return-url": "/"})
        assert status == 303 and "sign-in" in self.cookies, (status, headers)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


class FamilyMember(threading.Thread):
    """Adds ITEMS_PER_CLIENT items to the list and ticks them at random, recording what
    the server acknowledged."""

    def __init__(self, number: int, port: int, list_id: str, stop: threading.Event) -> None:
        super().__init__(name=f"client-{number}")
        self.number = number
        self.client = Client(port)
        self.list_id = list_id
        self.stop_event = stop
        self.random = random.Random(number)
        self.acknowledged: list[str] = []  # item descriptions answered 303
        self.unanswered: list[str] = []  # sent, but no answer (server killed)
        self.ids: dict[str, int] = {}
        self.done: dict[int, bool] = {}  # the last acknowledged state of each ticked item
        self.uncertain: set[int] = set()  # a tick was sent but not answered
        self.statuses: list[int] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.client.sign_in()
            for n in range(ITEMS_PER_CLIENT):
                if self.stop_event.is_set():
                    break
                self.add(f"c{self.number:02d}-{n:03d} {'é' if n % 7 == 0 else ''}".strip())
                if n % 5 == 4:
                    self.tick_some()
        except (OSError, http.client.HTTPException):
            if not self.stop_event.is_set():
                raise
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.client.close()

    def add(self, description: str) -> None:
        try:
            status, headers, _ = self.client.request("POST", "/add-item", {
                "csrf-token": self.client.csrf, "list-id": self.list_id, "description": description})
        except (OSError, http.client.HTTPException):
            self.unanswered.append(description)
            raise
        self.statuses.append(status)
        if status == 303 and headers.get("Location") == f"/lists/{self.list_id}":
            self.acknowledged.append(description)

    def tick_some(self) -> None:
        status, _, page = self.client.request("GET", f"/lists/{self.list_id}")
        self.statuses.append(status)
        for item_id, description in _ITEM.findall(page):
            self.ids[html.unescape(description)] = int(item_id)
        mine = [self.ids[d] for d in self.acknowledged if d in self.ids]
        for item_id in self.random.sample(mine, min(3, len(mine))):
            done = self.random.random() < 0.6
            fields = {"csrf-token": self.client.csrf, "list-id": self.list_id, "item-id": str(item_id)}
            if done:
                fields["done"] = "on"
            try:
                status, _, _ = self.client.request("POST", "/update-done", fields)
            except (OSError, http.client.HTTPException):
                self.uncertain.add(item_id)
                raise
            self.statuses.append(status)
            if status == 303:
                self.done[item_id] = done


def create_list(port: int) -> str:
    client = Client(port)
    client.sign_in()
    status, headers, _ = client.request("POST", "/create-list", {"csrf-token": client.csrf, "name": "Family"})
    client.close()
    assert status == 303
    return headers["Location"].rsplit("/", 1)[1]


def database_items(db_path: pathlib.Path, list_id: str) -> list[tuple[int, str, bool]]:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [(row[0], row[1], bool(row[2])) for row in connection.execute(
            "SELECT id, description, done FROM items WHERE list_id = ? AND time_deleted IS NULL", (list_id,))]


def check_acknowledged(members: list[FamilyMember], items: list[tuple[int, str, bool]]) -> None:
    """Every acknowledged item exactly once, nothing twice, and every acknowledged tick."""
    descriptions = [description for _, description, _ in items]
    assert len(descriptions) == len(set(descriptions)), "an item was stored twice"
    present = set(descriptions)
    done_of = {item_id: done for item_id, _, done in items}
    for member in members:
        missing = [d for d in member.acknowledged if d not in present]
        assert not missing, f"acknowledged but lost: {missing[:5]}"
        for item_id, done in member.done.items():
            if item_id not in member.uncertain:
                assert done_of[item_id] == done, f"tick of item {item_id} lost"
    allowed = {d for member in members for d in member.acknowledged + member.unanswered}
    assert present - {"first"} <= allowed, "an item nobody added"


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "lists.sqlite", tmp_path / "server.log",
                     SIMPLELISTS_BACKUP_DIR=str(tmp_path / "backups"))
    yield running
    running.stop()


def test_many_family_members_at_once(server, tmp_path):
    server.start()
    list_id = create_list(server.port)
    stop = threading.Event()
    members = [FamilyMember(number, server.port, list_id, stop) for number in range(CLIENTS)]
    started = time.monotonic()
    for member in members:
        member.start()
    for member in members:
        member.join(timeout=300)
        assert not member.is_alive(), "a client hung"
        assert member.error is None, repr(member.error)
    elapsed = time.monotonic() - started
    statuses = [status for member in members for status in member.statuses]
    assert not [s for s in statuses if s >= 500], "the server answered 5xx"
    assert set(statuses) <= {200, 303}
    assert sum(len(member.acknowledged) for member in members) == CLIENTS * ITEMS_PER_CLIENT
    assert sum(len(member.done) for member in members) > 100  # ticks happened
    print(f"\n{len(statuses)} requests from {CLIENTS} clients in {elapsed:.1f} s")

    # Exactly one worker makes the scheduled backups: it holds the lock file open.
    lock = tmp_path / "backups" / ".simplelists-backup.lock"
    holders = [pid for pid in server.pids()
               if any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == str(lock)
                      for fd in os.listdir(f"/proc/{pid}/fd"))]
    assert len(server.pids()) == 4 and len(holders) == 1
    assert len(list((tmp_path / "backups").glob("lists-backup-*.sqlite"))) == 1

    server.stop()  # a clean stop, then look at the file
    check_acknowledged(members, database_items(server.db_path, list_id))
    assert len(database_items(server.db_path, list_id)) == CLIENTS * ITEMS_PER_CLIENT


def test_killed_mid_write_loses_nothing_acknowledged(server):
    server.start()
    list_id = create_list(server.port)
    stop = threading.Event()
    members = [FamilyMember(number, server.port, list_id, stop) for number in range(CLIENTS)]
    for member in members:
        member.start()
    deadline = time.monotonic() + 120
    while sum(len(member.acknowledged) for member in members) < CLIENTS * ITEMS_PER_CLIENT // 3:
        assert time.monotonic() < deadline, "the load never got going"
        time.sleep(0.01)
    stop.set()
    server.kill()  # mid-write: clients are still sending
    for member in members:
        member.join(timeout=60)
        assert not member.is_alive()
        assert member.error is None, repr(member.error)
    acknowledged = sum(len(member.acknowledged) for member in members)
    assert CLIENTS * ITEMS_PER_CLIENT // 3 <= acknowledged < CLIENTS * ITEMS_PER_CLIENT
    assert not [s for member in members for s in member.statuses if s >= 500]

    server.start()  # the same file, after the crash
    items = database_items(server.db_path, list_id)
    check_acknowledged(members, items)
    # ...and the family carries on.
    client = Client(server.port)
    client.sign_in()
    status, _, page = client.request("GET", f"/lists/{list_id}")
    assert status == 200
    status, _, _ = client.request("POST", "/add-item", {
        "csrf-token": client.csrf, "list-id": list_id, "description": "after the crash"})
    client.close()
    assert status == 303
    assert "after the crash" in [d for _, d, _ in database_items(server.db_path, list_id)]


def test_the_simplelists_command_runs_one_backup_scheduler_too(tmp_path):
    """`simplelists` (cli.serve) starts scheduled backups in exactly one worker as well."""
    server = Server(tmp_path / "lists.sqlite", tmp_path / "server.log",
                    SIMPLELISTS_BACKUP_DIR=str(tmp_path / "backups"))
    command = [sys.executable, "-c", "import sys; from simplelists.cli import main; sys.exit(main())"]
    try:
        server.start(command)
        lock = str(tmp_path / "backups" / ".simplelists-backup.lock")
        deadline = time.monotonic() + 20
        while not list((tmp_path / "backups").glob("lists-backup-*.sqlite")):
            assert time.monotonic() < deadline, "no backup was made"
            time.sleep(0.05)
        holders = [pid for pid in server.pids()
                   if any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == lock for fd in os.listdir(f"/proc/{pid}/fd"))]
        assert len(holders) == 1
    finally:
        server.stop()
