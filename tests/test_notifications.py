"""A list's Notifications page and what it sets going: adding a destination (refused for
addresses inside the network, with the form filled in again), its URL never shown again,
changing what it hears, deleting it, "Send a test", Resume; the outbox each change fills
in its own transaction; and secrets kept out of pages, logs and exports."""

from __future__ import annotations

import dataclasses
import json
import logging
import pathlib
import re
import subprocess
import sys
import time

import pytest

from simplelists import notify_sender, outbox
from simplelists.destinations import DestinationStore, masked_url
from simplelists.notify_schedule import Timings
from simplelists.notify_sender import Sender

SECRET_URL = "ntfys://ntfy.sh/our-secret-topic-4711"
TOKEN_URL = "tgram://123456789:AAE-very-secret-token/987654321"


@pytest.fixture
def groceries(app, list_with_items, list_id_of):
    return list_id_of(list_with_items(app, "Groceries", "Milk", "Eggs"))


def add_destination(app, list_id, name="Mum’s phone", url=SECRET_URL, events=None, person="", status=303):
    page = app.get(f"/lists/{list_id}/notifications")
    form = page.forms["add-destination"]
    form["name"], form["url"], form["person"] = name, url, person
    if events is not None:
        for checkbox in form.fields["events"]:
            checkbox.checked = checkbox._value in events
    return form.submit(status=status)


def outbox_rows(db):
    return db.connection().execute("SELECT destination_id, event, who, item FROM notify_outbox ORDER BY id").fetchall()


# -- the page ------------------------------------------------------------------------------------

def test_the_list_page_leads_to_its_notifications_page(app, groceries):
    page = app.get(f"/lists/{groceries}").click("Notifications")
    assert page.html.h1.get_text() == "Notifications for “Groceries”"
    assert "No destinations yet." in page.text
    assert page.html.find("a", href="https://github.com/caronc/apprise/wiki")
    assert "ntfys://ntfy.sh/" in page.text and "backups" in page.text
    assert page.click("Back to Groceries").request.path == f"/lists/{groceries}"


def test_a_destination_is_added_and_its_url_never_shown_again(app, groceries, db):
    response = add_destination(app, groceries, events=("added", "done"), person="Mum")
    assert response.status_int == 303
    page = response.follow()
    assert "Saved." in page.text and "Mum’s phone" in page.text
    assert "ntfys://ntfy.sh/•••" in page.text
    assert "our-secret-topic" not in page.text
    assert "quiet about Mum’s own changes" in page.text
    (row,) = db.connection().execute("SELECT url, events, person, language FROM notify_destinations").fetchall()
    assert row == (SECRET_URL, "added,done", "Mum", "en")


def test_a_destination_remembers_the_language_it_was_added_in(app, groceries, db):
    app.set_cookie("language", "de")
    add_destination(app, groceries)
    assert db.connection().execute("SELECT language FROM notify_destinations").fetchone() == ("de",)


@pytest.mark.parametrize(("url", "shown"), [
    (SECRET_URL, "ntfys://ntfy.sh/•••"),
    ("ntfy://my-secret-topic", "ntfy://•••"),
    (TOKEN_URL, "tgram://•••"),
    ("mailtos://me:app-password@gmail.com?to=mum@example.com", "mailtos://•••@gmail.com/•••"),
    ("json://hooks.example.com/secret/path", "json://hooks.example.com/•••"),
    ("hassio://ha.example.com", "hassio://ha.example.com"),
])
def test_masking_keeps_the_scheme_and_host_only(url, shown):
    assert masked_url(url) == shown


@pytest.mark.parametrize(("url", "message"), [
    ("json://127.0.0.1:8080/", "127.0.0.1 is an address inside a private network or on this server"),
    ("json://169.254.169.254/latest/meta-data/", "169.254.169.254 is an address inside a private network"),
    ("json://localhost:9000/hook", "localhost (127.0.0.1) is an address inside a private network"),
    ("mailtos://me:pw@example.com?smtp=10.1.2.3", "10.1.2.3 is an address inside a private network"),
    ("", "Paste the service’s Apprise URL"),
    ("https://ntfy.sh/ topic", "That is not an Apprise URL"),
    ("ntfy.sh/topic", "That is not an Apprise URL"),
    ("ntfys://ntfy.sh/" + "x" * 2000, "The URL is too long"),
])
def test_a_url_that_cannot_be_used_is_refused_with_the_form_filled_in(app, groceries, db, url, message):
    page = add_destination(app, groceries, name="Dad", url=url, person="Dad", status=400)
    assert message in page.html.find(id="add-destination-error").get_text()
    form = page.forms["add-destination"]
    assert (form["name"].value, form["url"].value, form["person"].value) == ("Dad", url.strip(), "Dad")
    assert "SIMPLELISTS_NOTIFY_PRIVATE" in page.text if "private network" in message else True
    assert db.connection().execute("SELECT count(*) FROM notify_destinations").fetchone() == (0,)


def test_private_addresses_are_taken_when_the_setting_allows_them(make_test_app, config, db, create_list, list_id_of):
    app = make_test_app(dataclasses.replace(config, notify_private=True), db)
    list_id = list_id_of(create_list(app, "Groceries"))
    assert add_destination(app, list_id, url="json://127.0.0.1:8080/").status_int == 303
    assert add_destination(app, list_id, url="json://169.254.169.254/", status=400).status_int == 400


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Give it a name"),
    ("name", "x" * 501, "The name is too long"),
    ("person", "x" * 501, "The person’s name is too long"),
])
def test_bad_names_are_refused_with_the_form_filled_in(app, groceries, field, value, message):
    page = app.get(f"/lists/{groceries}/notifications")
    form = page.forms["add-destination"]
    form["name"], form["url"] = "Dad", SECRET_URL
    form[field] = value
    page = form.submit(status=400)
    assert message in page.text and page.forms["add-destination"]["url"].value == SECRET_URL


def test_a_destination_must_hear_something(app, groceries):
    page = add_destination(app, groceries, events=(), status=400)
    assert "Tick at least one thing for it to hear." in page.text
    assert not any(box.checked for box in page.forms["add-destination"].fields["events"])


def test_what_it_hears_and_whose_changes_it_skips_can_change(app, groceries, db):
    add_destination(app, groceries)
    page = app.get(f"/lists/{groceries}/notifications")
    form = page.forms["change-destination-1"]
    for checkbox in form.fields["events"]:
        checkbox.checked = checkbox._value == "done"
    form["person"] = "Dad"
    assert form.submit().status_int == 303
    assert db.connection().execute("SELECT events, person FROM notify_destinations").fetchone() == ("done", "Dad")
    form = app.get(f"/lists/{groceries}/notifications").forms["change-destination-1"]
    for checkbox in form.fields["events"]:
        checkbox.checked = False
    page = form.submit(status=400)
    assert "Tick at least one thing" in page.html.find(id="destination-1-error").get_text()


def test_deleting_a_destination_forgets_what_it_was_to_hear(app, groceries, db, press, add_item):
    add_destination(app, groceries)
    add_item(app.get(f"/lists/{groceries}"), "Bread")
    assert outbox_rows(db)
    page = press(app.get(f"/lists/{groceries}/notifications"), "Delete Mum’s phone").follow()
    assert "The destination was deleted" in page.text and "No destinations yet." in page.text
    assert outbox_rows(db) == []


def test_send_a_test_is_queued_at_once_and_the_page_says_so(app, groceries, db, press):
    add_destination(app, groceries)
    response = press(app.get(f"/lists/{groceries}/notifications"), "Send a test to Mum’s phone")
    assert response.location == f"/lists/{groceries}/notifications?tested=1"
    assert "A test message is on its way" in response.follow().text
    assert outbox_rows(db) == [(1, "test", None, None)]
    assert "1 change is waiting to be sent." in app.get(f"/lists/{groceries}/notifications").text


def test_another_lists_destination_cannot_be_touched(app, groceries, create_list, list_id_of, db):
    add_destination(app, groceries)
    other = list_id_of(create_list(app, "Camping"))
    page = app.get(f"/lists/{other}/notifications")
    for action in ("/delete-destination", "/test-destination", "/resume-destination", "/change-destination"):
        app.post(action, {"list-id": other, "destination-id": "1", "events": "added",
                          "csrf-token": page.forms["add-destination"]["csrf-token"].value}, status=404)
    assert db.connection().execute("SELECT count(*) FROM notify_destinations").fetchone() == (1,)
    assert outbox_rows(db) == []


def test_the_page_needs_sign_in_when_sign_in_is_on(signed_in_app, store, db):
    list_id = store.create_list("Groceries")
    assert "Sign in" in signed_in_app.get(f"/lists/{list_id}/notifications", status=303).follow().text
    signed_in_app.post("/add-destination", {"list-id": list_id, "name": "x", "url": SECRET_URL}, status=[303, 403])
    assert db.connection().execute("SELECT count(*) FROM notify_destinations").fetchone() == (0,)


def test_a_deleted_list_has_no_notifications_page(app, groceries, store):
    store.delete_list(groceries)
    app.get(f"/lists/{groceries}/notifications", status=404)


# -- the outbox ---------------------------------------------------------------------------------

def test_each_add_tick_and_delete_is_queued_with_the_item_as_it_was(app, groceries, db, add_item, tick, item_form):
    add_destination(app, groceries)
    page = add_item(app.get(f"/lists/{groceries}"), "Bread")
    page = tick(page, "Milk")
    bread = db.connection().execute("SELECT id FROM items WHERE description = 'Bread'").fetchone()[0]
    item_form(page, "/delete-item", bread).submit()
    assert outbox_rows(db) == [(1, "added", None, "Bread"), (1, "ticked", None, "Milk"), (1, "deleted", None, "Bread")]


def test_ticking_the_last_open_item_is_all_done_once(app, groceries, db, tick):
    add_destination(app, groceries, events=("done",))
    page = tick(app.get(f"/lists/{groceries}"), "Milk")
    assert outbox_rows(db) == []
    page = tick(page, "Eggs")
    assert outbox_rows(db) == [(1, "done", None, None)]
    # The same tick sent again (the back button) tells no one; unticking and ticking again does.
    app.post("/update-done", {"list-id": groceries, "item-id": "2", "done": "on",
                              "csrf-token": page.forms["add-item"]["csrf-token"].value})
    assert len(outbox_rows(db)) == 1
    page = tick(tick(app.get(f"/lists/{groceries}"), "Eggs"), "Eggs")
    assert outbox_rows(db) == [(1, "done", None, None)] * 2


def test_a_destination_hears_only_what_it_chose(app, groceries, db, add_item, tick):
    add_destination(app, groceries, events=("ticked",))
    add_item(app.get(f"/lists/{groceries}"), "Bread")
    tick(app.get(f"/lists/{groceries}"), "Bread")
    assert outbox_rows(db) == [(1, "ticked", None, "Bread")]


def test_clearing_done_items_is_quiet(app, groceries, db, tick, press):
    add_destination(app, groceries, events=("deleted",))
    tick(app.get(f"/lists/{groceries}"), "Milk")
    app.get(f"/lists/{groceries}?clear-done=1").forms[0].submit()
    assert db.connection().execute("SELECT count(*) FROM items WHERE time_deleted IS NOT NULL").fetchone() == (1,)
    assert outbox_rows(db) == []


def test_a_destination_is_quiet_about_its_own_persons_changes(store, db):
    list_id = store.create_list("Groceries")
    destinations = DestinationStore(db)
    destinations.add(list_id, "Mum's phone", SECRET_URL, outbox.EVENTS, " mum ", "en")
    destinations.add(list_id, "Dad's phone", SECRET_URL, outbox.EVENTS, "Dad", "en")
    store.add_items(list_id, ["Milk"])
    with db.transaction() as connection:
        from simplelists import changes
        changes.record(connection, list_id, changes.ADDED, [1], who="MUM")
    assert outbox_rows(db) == [(1, "added", None, "Milk"), (2, "added", None, "Milk"), (2, "added", "MUM", "Milk")]


def test_a_rolled_back_change_leaves_nothing_in_the_outbox(store, db):
    list_id = store.create_list("Groceries")
    DestinationStore(db).add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    with pytest.raises(RuntimeError), db.transaction() as connection:
        connection.execute("INSERT INTO items (list_id, description) VALUES (?, 'Milk')", (list_id,))
        from simplelists import changes
        changes.record(connection, list_id, changes.ADDED, [1])
        assert outbox_rows(db)
        raise RuntimeError("the change failed")
    assert outbox_rows(db) == []


def test_a_list_without_destinations_costs_one_query_per_change(store, db):
    list_id = store.create_list("Groceries")
    statements = []
    db.connection().set_trace_callback(statements.append)
    store.add_items(list_id, ["Milk"])
    db.connection().set_trace_callback(None)
    assert [s for s in statements if "notify_" in s] == [
        f"SELECT id, events, person FROM notify_destinations WHERE list_id = '{list_id}'"]
    plan = db.connection().execute("EXPLAIN QUERY PLAN SELECT id FROM notify_destinations WHERE list_id = ?",
                                   (list_id,)).fetchall()
    assert "notify_destinations_list" in str(plan)


def test_a_list_purged_from_the_trash_takes_its_destinations(store, db, monkeypatch):
    list_id = store.create_list("Groceries")
    store.add_items(list_id, ["Milk"])
    DestinationStore(db).add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    store.add_items(list_id, ["Eggs"])
    store.delete_list(list_id)
    with db.transaction() as connection:
        connection.execute("UPDATE lists SET time_deleted = '2000-01-01 00:00:00'")
    store.delete_list(store.create_list("Other"))  # every delete purges
    assert db.connection().execute("SELECT count(*) FROM notify_destinations").fetchone() == (0,)
    assert outbox_rows(db) == []


# -- secrets ------------------------------------------------------------------------------------

def test_secrets_stay_out_of_exports_and_the_log(app, groceries, db, caplog, tick):
    caplog.set_level(logging.DEBUG)
    add_destination(app, groceries, url=TOKEN_URL)
    tick(app.get(f"/lists/{groceries}"), "Milk")
    for path in ("/export.json", f"/lists/{groceries}.txt", f"/lists/{groceries}.md",
                 f"/lists/{groceries}/notifications"):
        body = app.get(path).text
        assert "very-secret" not in body and "123456789" not in body
    assert "very-secret" not in caplog.text


# -- the sender, with a stand-in for the sending process ------------------------------------------

FAKE_CHILD = """
import json, sys, pathlib
request = json.load(sys.stdin)
pathlib.Path(sys.argv[1]).open("a").write(json.dumps(request) + "\\n")
ok = pathlib.Path(sys.argv[2]).read_text().strip() == "ok"
print(json.dumps({"results": [{"ok": ok, "error": "" if ok else "503 from the service"} for _ in request["messages"]]}))
"""


@pytest.fixture
def fake_child(tmp_path):
    script, calls, outcome = tmp_path / "child.py", tmp_path / "calls.jsonl", tmp_path / "outcome"
    script.write_text(FAKE_CHILD)
    outcome.write_text("ok")

    class Child:
        command = (sys.executable, str(script), str(calls), str(outcome))

        @staticmethod
        def requests():
            return [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []

        @staticmethod
        def answer(text):
            outcome.write_text(text)
    return Child


def test_the_sender_merges_a_burst_and_deletes_it_once_delivered(store, db, fake_child):
    list_id = store.create_list("Groceries")
    DestinationStore(db).add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    DestinationStore(db).add(list_id, "Quiet one", TOKEN_URL, ("done",), "", "de")
    sender = Sender(db, Timings(window=0.2, max_hold=5), allow_private=False, command=fake_child.command)
    store.add_items(list_id, ["Milk", "Eggs", "Bread", "Tea", "Jam"])
    assert sender.send_due() > 0 and fake_child.requests() == []  # within the window: wait
    time.sleep(0.25)
    assert sender.send_due() == 0
    (request,) = fake_child.requests()
    assert request == {"allow_private": False, "messages": [
        {"url": SECRET_URL, "title": "Groceries", "body": "Someone added Milk, Eggs and 3 more to Groceries"}]}
    assert outbox_rows(db) == []
    assert db.connection().execute("SELECT count(*) FROM notify_sent").fetchone() == (1,)


def test_a_failed_send_keeps_the_rows_backs_off_and_pauses(store, db, fake_child, caplog):
    list_id = store.create_list("Groceries")
    destinations = DestinationStore(db)
    destinations.add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    timings = Timings(window=0.01, backoff=0.05, pause_after=3)
    sender = Sender(db, timings, allow_private=False, command=fake_child.command)
    fake_child.answer("fail")
    store.add_items(list_id, ["Milk"])
    deadline = time.monotonic() + 10
    while not destinations.destinations(list_id)[0].paused and time.monotonic() < deadline:
        time.sleep(sender.send_due())
    (destination,) = destinations.destinations(list_id)
    assert destination.paused and destination.failures == 3 and destination.last_error == "503 from the service"
    assert len(fake_child.requests()) == 3 and len(outbox_rows(db)) == 1
    assert "notification to destination 1 failed (paused until resumed on its page): 503" in caplog.text
    assert SECRET_URL not in caplog.text and "secret-topic" not in caplog.text
    assert sender.send_due() > 0 and len(fake_child.requests()) == 3  # paused: nothing more is tried
    fake_child.answer("ok")
    destinations.resume(list_id, 1)
    assert sender.send_due() == 0 and outbox_rows(db) == []
    assert destinations.destinations(list_id)[0].failures == 0


def test_the_page_shows_a_paused_destination_and_resumes_it(app, groceries, db, press):
    add_destination(app, groceries)
    with db.transaction() as connection:
        connection.execute("UPDATE notify_destinations SET paused = 1, failures = 10, last_error = 'HTTP 401'")
    page = app.get(f"/lists/{groceries}/notifications")
    assert "Paused after 10 failures in a row. The last error: HTTP 401" in page.text
    page = press(page, "Resume Mum’s phone").follow()
    assert "Sending was resumed" in page.text and "Paused" not in page.text


def test_a_hanging_sending_process_is_stopped(store, db, tmp_path):
    list_id = store.create_list("Groceries")
    DestinationStore(db).add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(60)\n")
    sender = Sender(db, Timings(window=0.01, send_timeout=0.5), allow_private=False,
                    command=(sys.executable, str(hang)))
    store.add_items(list_id, ["Milk"])
    time.sleep(0.02)
    started = time.monotonic()
    sender.send_due()
    assert time.monotonic() - started < 5
    (destination,) = DestinationStore(db).destinations(list_id)
    assert destination.last_error == "no answer within 0.5 seconds" and destination.waiting == 1


def test_at_shutdown_the_main_process_sends_what_waits_unless_a_worker_still_sends(store, db, fake_child):
    """SIGTERM: once the web workers have stopped, the server's main process sends what
    the outbox holds at once, window or not, taking the sender's lock."""
    list_id = store.create_list("Groceries")
    DestinationStore(db).add(list_id, "Phone", SECRET_URL, outbox.EVENTS, "", "en")
    store.add_items(list_id, ["Milk"])
    timings = Timings(window=600, max_hold=600)
    worker = Sender(db, timings, False)
    try:
        assert worker.take_lock()  # a worker that has not stopped still sends itself
        notify_sender.flush_at_shutdown(db.path, timings, False, 5.0, command=fake_child.command)
        assert fake_child.requests() == [] and len(outbox_rows(db)) == 1
    finally:
        worker.release_lock()
    notify_sender.flush_at_shutdown(db.path, timings, False, 5.0, command=fake_child.command)
    (request,) = fake_child.requests()
    assert request["messages"][0]["body"] == "Someone added Milk to Groceries"
    assert outbox_rows(db) == []
    notify_sender.flush_at_shutdown(str(db.path) + ".missing", timings, False, 5.0, command=fake_child.command)
    assert len(fake_child.requests()) == 1


def test_one_sender_per_database(db):
    first, second = Sender(db, Timings(), False), Sender(db, Timings(), False)
    try:
        assert first.take_lock() and first.take_lock()
        assert not second.take_lock()
        assert re.search(r"\.notify\.lock$", first.lock_path)
        first.release_lock()
        assert second.take_lock()
    finally:
        first.release_lock()
        second.release_lock()


def test_the_web_worker_never_imports_apprise(tmp_path):
    """Importing the app, serving every kind of page (the Notifications page and its forms
    too) and sending a batch leave Apprise out of the process: only the sending process
    loads it."""
    script = f"""
import json, sys, webtest
from simplelists import notify_sender
from simplelists.app import create_app
from simplelists.config import Config
from simplelists.db import Database
db = Database({str(tmp_path / "lists.sqlite")!r})
app = webtest.TestApp(create_app(Config(db_path=db.path), db))
page = app.get("/").forms["create-list"]
page["name"] = "Groceries"
list_page = page.submit().follow()
list_id = list_page.request.path.rsplit("/", 1)[1]
form = app.get(f"/lists/{{list_id}}/notifications").forms["add-destination"]
form["name"], form["url"] = "Phone", "ntfys://ntfy.sh/topic-4711"
form.submit().follow()
form = list_page.forms["add-item"]
form["description"] = "Milk"
form.submit().follow()
sender = notify_sender.Sender(db, Config().notify, False, command=(sys.executable, "-c", "print('{{}}')"))
sender.send([1], timeout=10)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("apprise", "requests"))))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
    assert "apprise" not in (pathlib.Path(__file__).parents[1] / "simplelists" / "wsgi.py").read_text()


@pytest.mark.parametrize(("person", "who", "same"), [
    ("Mum", "mum", True), (" Mum ", "MUM", True), ("Mum  Smith", "mum smith", True), ("Mum", "Dad", False),
    ("", None, False), ("", "", False), ("Mum", None, False), (None, "Mum", False), ("Straße", "STRASSE", True),
])
def test_whose_changes_a_destination_skips(person, who, same):
    assert outbox.same_person(person, who) is same
