"""Notifications through the real server (the Procfile's command, two worker processes),
with real HTTP receivers started here and json:// destinations pointed at them (private
addresses allowed for the test, short timings through the settings): a burst arrives as
one message naming who and what, the list all done once, a destination quiet about its
own person, a receiver down at first served once it is back, nothing lost across a
restart, what waits sent at SIGTERM, and "Send a test" arrives. Every wait polls up to a
deadline."""

from __future__ import annotations

import pathlib
import signal
import subprocess
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from e2e.e2e_server import Server, run_server
from notify_receiver import Receiver, wait_for
from simplelists import outbox
from simplelists.db import Database
from simplelists.destinations import DestinationStore
from simplelists.lists import ListStore
from simplelists.secret import new_secret

pytestmark = pytest.mark.slow

WINDOW = 0.5
FAST = {"SIMPLELISTS_NOTIFY_PRIVATE": "true", "SIMPLELISTS_NOTIFY_WINDOW": str(WINDOW),
        "SIMPLELISTS_NOTIFY_MAX_HOLD": "5", "SIMPLELISTS_NOTIFY_BACKOFF": "0.3", "SIMPLELISTS_NOTIFY_PAUSE_AFTER": "50",
        "SIMPLELISTS_NOTIFY_TIMEOUT": "20", "WEB_CONCURRENCY": "2"}


class Family:
    def __init__(self, server: Server, db: Database) -> None:
        self.server = server
        self.db = db
        self.lists = ListStore(db)
        self.destinations = DestinationStore(db)

    def new_list(self, name: str, *items: str) -> str:
        list_id = self.lists.create_list(name)
        if items:
            self.lists.add_items(list_id, items)
        return list_id

    def listen(self, list_id: str, receiver: Receiver, events=outbox.EVENTS, person: str = "") -> int:
        return self.destinations.add(list_id, "Phone", receiver.url, tuple(events), person, "en")

    def post(self, path: str, fields: dict[str, str], who: str | None = "Mum") -> int:
        """A form sent from a browser whose name is who."""
        return post_form(self.server, path, fields, who)

    def item_id(self, list_id: str, description: str) -> int:
        return next(item.id for item in self.lists.get_list(list_id).items if item.description == description)


def post_form(server: Server, path: str, fields: dict[str, str], who: str | None = "Mum") -> int:
    token = new_secret()
    cookie = f"csrf-token={token}" + (f"; who={urllib.parse.quote(who, safe='')}" if who else "")
    status, _, _ = server.call("POST", path, urllib.parse.urlencode({**fields, "csrf-token": token}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    return status


def new_db(folder: pathlib.Path) -> Database:
    db = Database(str(folder / "simplelists.sqlite"))
    db.migrate()
    return db


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Family]:
    folder = tmp_path_factory.mktemp("notify-server")
    db = new_db(folder)
    with run_server(folder, FAST) as server:
        yield Family(server, db)
    db.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


def stays(condition, seconds: float) -> bool:
    """True if condition() holds all along for that long (for "nothing more arrives")."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not condition():
            return False
        time.sleep(0.1)
    return True


def test_a_burst_of_adds_arrives_as_one_message_naming_who_and_what(family, receiver):
    list_id = family.new_list("Groceries")
    family.listen(list_id, receiver)
    for description in ("Milk", "Eggs", "Bread", "Tea", "Jam"):
        assert family.post("/add-item", {"list-id": list_id, "description": description}) == 303
    wait_for(receiver.messages, what="the message")
    assert stays(lambda: len(receiver.received) == 1, WINDOW * 4)
    assert receiver.received[0]["title"] == "Groceries"
    assert receiver.messages() == ["Mum added Milk, Eggs and 3 more to Groceries"]


def test_ticking_the_last_item_says_all_done_once(family, receiver):
    list_id = family.new_list("Camping", "Tent", "Torch")
    family.listen(list_id, receiver, events=("done",))
    for description in ("Tent", "Torch", "Torch"):  # the last tick sent twice (the back button)
        assert family.post("/update-done", {"list-id": list_id, "item-id": str(family.item_id(list_id, description)),
                                            "done": "on"}) == 303
    wait_for(receiver.messages, what="all done")
    assert stays(lambda: len(receiver.received) == 1, WINDOW * 4)
    assert receiver.messages() == ["Everything on Camping is done"]


def test_a_destination_is_quiet_about_its_own_persons_changes(family, receiver):
    mums = Receiver().start()
    try:
        list_id = family.new_list("Groceries")
        family.listen(list_id, mums, person="mum")
        family.listen(list_id, receiver)
        assert family.post("/add-item", {"list-id": list_id, "description": "Milk"}, who="Mum") == 303
        wait_for(receiver.messages, what="the other phone's message")
        assert stays(lambda: not mums.received, WINDOW * 3)
        assert family.post("/add-item", {"list-id": list_id, "description": "Bread"}, who="Dad") == 303
        assert wait_for(mums.messages, what="Dad's change on Mum's phone") == ["Dad added Bread to Groceries"]
    finally:
        mums.stop()


def test_a_receiver_down_at_first_gets_the_message_once_it_is_back(family):
    receiver = Receiver().start()
    receiver.stop()  # its port is known, nothing listens there
    list_id = family.new_list("Groceries")
    secret_url = receiver.url + "?-X-Token=hunter2hunter2"  # a header with a secret, as some services take
    destination_id = family.destinations.add(list_id, "Phone", secret_url, outbox.EVENTS, "", "en")
    assert family.post("/add-item", {"list-id": list_id, "description": "Milk"}) == 303
    wait_for(lambda: family.db.connection().execute(
        "SELECT failures >= 2 FROM notify_destinations WHERE id = ?", (destination_id,)).fetchone()[0],
        what="failed tries")
    (destination,) = family.destinations.destinations(list_id)
    assert destination.last_error and not destination.paused and destination.waiting == 1
    receiver.start()
    try:
        assert wait_for(receiver.messages, what="the message after the receiver came back") == [
            "Mum added Milk to Groceries"]
        wait_for(lambda: family.destinations.destinations(list_id)[0].waiting == 0, what="the outbox emptied")
        assert family.destinations.destinations(list_id)[0].failures == 0
    finally:
        receiver.stop()
    log = family.server.log()
    assert f"notification to destination {destination_id} failed" in log
    assert "hunter2" not in log and secret_url not in log


def test_send_a_test_arrives(family, receiver):
    list_id = family.new_list("Groceries")
    destination_id = family.listen(list_id, receiver, events=("done",))
    assert family.post("/test-destination", {"list-id": list_id, "destination-id": str(destination_id)}) == 303
    assert wait_for(receiver.messages, what="the test") == [
        "A test from Simple Lists: changes to Groceries will be told here."]
    wait_for(lambda: "The last message was sent on" in family.server.call("GET", f"/lists/{list_id}/notifications")[2],
             what="the page saying it was sent")


def test_nothing_is_lost_across_a_restart_and_sigterm_sends_what_waits(tmp_path, receiver):
    db = new_db(tmp_path)
    family = Family(None, db)  # type: ignore[arg-type]
    list_id = family.new_list("Groceries")
    family.listen(list_id, receiver)
    slow = {**FAST, "SIMPLELISTS_NOTIFY_WINDOW": "600", "SIMPLELISTS_NOTIFY_MAX_HOLD": "600"}
    # A server that would hold changes for ten minutes, stopped at once (SIGINT: no flush).
    with run_server(tmp_path, slow) as server:
        assert post_form(server, "/add-item", {"list-id": list_id, "description": "Milk"}) == 303
    assert db.connection().execute("SELECT count(*) FROM notify_outbox").fetchone() == (1,)
    assert receiver.received == []
    # The next start sends what was left.
    with run_server(tmp_path, FAST) as server:
        assert wait_for(receiver.messages, what="the message after the restart") == ["Mum added Milk to Groceries"]
        # (Stopped before it noted the delivery, it would send it again: at least once.)
        wait_for(lambda: db.connection().execute("SELECT count(*) FROM notify_outbox").fetchone() == (0,),
                 what="the delivery noted")
    # A change waiting when Fly's auto-stop sends SIGTERM goes out before the server stops.
    with run_server(tmp_path, slow) as server:
        assert post_form(server, "/add-item", {"list-id": list_id, "description": "Bread"}) == 303
        time.sleep(0.2)
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the server did not stop:\n{server.log()}")
        assert receiver.messages()[-1] == "Mum added Bread to Groceries", server.log()
    assert db.connection().execute("SELECT count(*) FROM notify_outbox").fetchone() == (0,)
    db.close()
