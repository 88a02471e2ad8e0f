"""Hypothesis drives every POST route with arbitrary field values: text of any length and
script, missing fields, wrong and foreign IDs, bad CSRF tokens, invalid UTF-8. Whatever
comes in: never a 5xx, a refused request changes nothing, an acknowledged one (303)
changes exactly what it says, and the database stays consistent.

Routes are found from the app itself, so a POST route added later is fuzzed too (with
the generic checks) without touching this file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import re
import sqlite3
import tempfile
import unicodedata
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simplelists import names, network_rule
from simplelists.config import Config
from simplelists.db import Database
from simplelists.destinations import DestinationStore
from simplelists.lists import ListStore
from simplelists.sections import SectionStore
from simplelists.sessions import SessionStore

# Hundreds of generated requests: part of `make test`, left out of the quick run.
pytestmark = pytest.mark.slow

# The function-scoped fixtures the test uses only hand out helper functions and constants,
# which are the same for every example.
FUZZ_SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that can travel in a form: any code point but lone surrogates (not encodable).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.text(max_size=700).filter(
    lambda text: not any(0xD800 <= ord(char) <= 0xDFFF for char in text))
WEIRD = st.sampled_from(["", " ", "\t\n", "0", "-1", "1e3", "99999999999999999999", "null", "../x",
                         "bcdfghjklm", "<script>", "'; DROP TABLE items; --", "\u202e", "\x00", "é" * 501])
KNOWN_FIELDS = ["csrf-token", "list-id", "id", "item-id", "name", "action", "description", "done", "username",
                "password", "return-url", "section-id", "move", "several", "again", "q", "url", "events", "person",
                "destination-id"]
DESTINATION_ROUTES = ("/add-destination", "/change-destination", "/delete-destination", "/test-destination",
                      "/resume-destination")
URLS = st.sampled_from(["ntfys://ntfy.sh/topic", "json://127.0.0.1:8080/", "json://169.254.169.254/", "json://localhost/",
                        "tgram://123:abc/456", "mailtos://u:p@example.com?smtp=10.0.0.1", "ntfy://x y", "", "x://",
                        "json://[::1]/", "json://0.0.0.0/"])
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def cleaned(text: str, multiline: bool = False) -> str:
    """What a form field should be stored as (see forms.clean)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROL.sub("", text).strip()


def same(text: str) -> str:
    """When two item texts count as the same item (the duplicate rule, written again)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclasses.dataclass(frozen=True)
class Snapshot:
    lists: dict  # id -> (name, deleted)
    items: dict  # id -> (list_id, description, done, deleted, section_id)
    sections: dict  # id -> (list_id, name, position)
    destinations: dict  # id -> (list_id, name, url, events, person, paused)
    outbox: tuple  # (destination_id, event, item) of each waiting row


def snapshot(db_path: str) -> Snapshot:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        lists = {row[0]: (row[1], row[2] is not None)
                 for row in connection.execute("SELECT id, name, time_deleted FROM lists")}
        items = {row[0]: (row[1], row[2], bool(row[3]), row[4] is not None, row[5]) for row in connection.execute(
            "SELECT id, list_id, description, done, time_deleted, section_id FROM items")}
        sections = {row[0]: tuple(row[1:])
                    for row in connection.execute("SELECT id, list_id, name, position FROM sections")}
        destinations = {row[0]: tuple(row[1:]) for row in connection.execute(
            "SELECT id, list_id, name, url, events, person, paused FROM notify_destinations")}
        waiting = tuple(connection.execute("SELECT destination_id, event, item FROM notify_outbox ORDER BY id"))
    return Snapshot(lists, items, sections, destinations, waiting)


def check_consistent(db_path: str) -> None:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        orphans = connection.execute(
            "SELECT count(*) FROM items WHERE list_id NOT IN (SELECT id FROM lists)").fetchone()[0]
        assert orphans == 0, "items without a list"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        strays = connection.execute("""SELECT count(*) FROM items i JOIN sections s ON s.id = i.section_id
                                        WHERE s.list_id != i.list_id""").fetchone()[0]
        assert strays == 0, "an item in another list's section"


class Fuzzer:
    """An app on its own database, and what was acknowledged on it so far."""

    def __init__(self, config, sign_in_on: bool, make_test_app, sign_in) -> None:
        self.config = config
        self.sign_in_on = sign_in_on
        self.sign_in = sign_in
        self.db = Database(config.db_path)
        self.app = make_test_app(config, self.db)
        self.store = ListStore(self.db)
        self.acknowledged_items = 0
        self.routes = sorted({route.rule for route in self.app.app.routes if route.method == "POST"})
        seed = self.store.create_list("Seed")  # so there are real IDs to aim at from the start
        self.store.add_item(seed, "first")
        SectionStore(self.db).add_section(seed, "Dairy")
        SectionStore(self.db).add_section(seed, "Produce")
        DestinationStore(self.db).add(seed, "Phone", "ntfys://ntfy.sh/seed", ("added", "done"), "", "en")

    def start_example(self) -> None:
        if self.sign_in_on:
            SessionStore(self.db).clear_failures("127.0.0.1")  # the throttle would lock us out for good
            self.sign_in(self.app)
        self.app.get("/")  # a CSRF cookie

    def csrf(self) -> str:
        return self.app.cookies.get("csrf-token", "")

    def check(self, route: str, fields: dict | None, response, before: Snapshot, after: Snapshot) -> None:
        assert response.status_int < 500, f"{route} {fields!r} -> {response.status}"
        changed = before != after
        if response.status_int != 303:
            assert not changed, f"{route} answered {response.status} but changed the database"
            return
        if route in ("/sign-in", "/sign-out"):
            assert not changed
            return
        if route == "/name":  # the browser's name: a cookie only, clean and short, then on to a safe place
            assert not changed and response.location.startswith("/") and not response.location.startswith("//")
            name = names.from_environ({"HTTP_COOKIE": f"who={self.app.cookies.get('who', '')}"})
            assert name is None or (len(name) <= names.MAX_LENGTH and name == names.clean(name))
            if fields is not None and (fields.get("action") or "") not in ("skip", "clear"):
                assert name == names.clean(fields.get("name") or ""), (fields, name)
            return
        new_lists = set(after.lists) - set(before.lists)
        new_items = set(after.items) - set(before.items)
        changed_lists = {key for key in before.lists if before.lists[key] != after.lists[key]}
        changed_items = {key for key in before.items if before.items[key] != after.items[key]}
        new_sections = set(after.sections) - set(before.sections)
        gone_sections = set(before.sections) - set(after.sections)
        changed_sections = {key for key in set(before.sections) & set(after.sections)
                            if before.sections[key] != after.sections[key]}
        sections_changed = bool(new_sections or gone_sections or changed_sections)
        value = (lambda name: cleaned(fields.get(name) or "")) if fields is not None else (lambda name: None)
        if route not in ("/add-section", "/rename-section", "/move-section", "/delete-section", "/copy-list",
                         "/import-list"):
            assert not sections_changed, f"{route} changed sections"
        if route not in DESTINATION_ROUTES:
            assert after.destinations == before.destinations, f"{route} changed a destination"
        else:
            assert not (new_lists or changed_lists or new_items or changed_items or sections_changed)
            self.check_destinations(route, fields, before, after)
        if route == "/create-list":
            assert not (new_items or changed_items or changed_lists)
            list_id = one_new_list(new_lists, response)
            if list_id is not None and fields is not None:
                assert after.lists[list_id] == (value("name"), False)
        elif route == "/add-item":
            assert not (new_lists or changed_lists)
            touched = new_items | changed_items
            assert len({after.items[item][0] for item in touched}) <= 1, "items added to two lists"
            for item_id in changed_items:  # re-opened: only un-ticked, nothing else
                assert before.items[item_id][2] and after.items[item_id] == (*before.items[item_id][:2], False,
                                                                            *before.items[item_id][3:])
            for item_id in new_items:
                list_id, description, done, deleted, _ = after.items[item_id]
                assert response.location.split("?")[0].split("#")[0] == f"/lists/{list_id}"
                assert not after.lists[list_id][1] and not done and not deleted
                assert description and len(description) <= 500
                # Never a second open copy of an item on the list.
                assert not any(other[0] == list_id and not other[3] and same(other[1]) == same(description)
                               for key, other in after.items.items() if key != item_id)
            if fields is not None and touched:
                lines = [line.strip() for line in cleaned(fields.get("description") or "", True).split("\n")]
                assert {after.items[item][0] for item in touched} == {form_list_id(fields)}
                assert {same(after.items[item][1]) for item in touched} <= {same(line) for line in lines}
            self.acknowledged_items += len(new_items)
        elif route == "/copy-list":
            assert not (changed_lists or changed_items or changed_sections or gone_sections)
            list_id = one_new_list(new_lists, response)
            if list_id is not None:
                assert all(after.items[item][0] == list_id and not after.items[item][2] for item in new_items)
                if fields is not None:
                    source = form_list_id(fields)
                    assert sorted(after.items[item][1] for item in new_items) == sorted(
                        item[1] for item in before.items.values() if item[0] == source and not item[3])
                    assert sorted(after.sections[key][1] for key in new_sections) == sorted(
                        section[1] for section in before.sections.values() if section[0] == source)
            else:
                assert not (new_items or new_sections)
            self.acknowledged_items += len(new_items)
        elif route in ("/add-section", "/rename-section", "/move-section", "/delete-section"):
            assert not (new_lists or changed_lists or new_items)
            assert len({section[0] for key in new_sections | gone_sections | changed_sections
                        for section in (before.sections.get(key), after.sections.get(key)) if section}) <= 1
            if route == "/add-section":
                assert len(new_sections) <= 1 and not (gone_sections or changed_sections or changed_items)
                for key in new_sections:
                    assert after.sections[key][1] and len(after.sections[key][1]) <= 500
                    if fields is not None:
                        assert after.sections[key][:2] == (form_list_id(fields), value("name"))
            elif route == "/rename-section":
                assert len(changed_sections) <= 1 and not (new_sections or gone_sections or changed_items)
                for key in changed_sections:
                    assert after.sections[key][0::2] == before.sections[key][0::2]  # only the name
                    if fields is not None:
                        assert after.sections[key][1] == value("name") and str(key) == value("section-id")
            elif route == "/move-section":
                assert not (new_sections or gone_sections or changed_items)
                assert all(after.sections[key][:2] == before.sections[key][:2] for key in changed_sections)
            else:
                assert len(gone_sections) <= 1 and not (new_sections or changed_sections)
                for item_id in changed_items:  # only its items change: to no section
                    assert before.items[item_id][4] in gone_sections
                    assert after.items[item_id] == (*before.items[item_id][:4], None)
        elif route in ("/update-done", "/delete-item"):
            assert not (new_lists or new_items or changed_lists)
            assert len(changed_items) <= 1
            if changed_items and fields is not None:
                (item_id,) = changed_items
                assert str(item_id) == value("item-id") and after.items[item_id][0] == form_list_id(fields)
                if route == "/update-done":
                    assert after.items[item_id][2] == (fields.get("done") == "on")
                else:
                    assert after.items[item_id][3]
        elif route == "/delete-list":
            assert not (new_lists or new_items or changed_items)
            assert len(changed_lists) <= 1
            for list_id in changed_lists:
                assert after.lists[list_id][1] and not before.lists[list_id][1]
        # Routes added later: the generic checks below still hold.
        check_consistent(self.config.db_path)
        live_items = sum(1 for item in after.items.values() if not item[3])
        assert live_items <= len(after.items)


    @staticmethod
    def check_destinations(route: str, fields: dict | None, before: Snapshot, after: Snapshot) -> None:
        """An acknowledged change to destinations: one destination, of the list the form named."""
        new = set(after.destinations) - set(before.destinations)
        gone = set(before.destinations) - set(after.destinations)
        changed = {key for key in set(before.destinations) & set(after.destinations)
                   if before.destinations[key] != after.destinations[key]}
        assert len(new | gone | changed) <= 1
        if route == "/add-destination":
            assert not (gone or changed) and len(new) == 1
            (key,) = new
            list_id, name, url, events, person, _ = after.destinations[key]
            assert name and url and set(events.split(",")) <= {"added", "ticked", "done", "deleted"}
            # Never an address inside the network (the fuzzed app does not allow private ones).
            assert network_rule.check_url(url) is None, url
            if fields is not None:
                assert (list_id, name, person) == (form_list_id(fields),
                                                   cleaned(fields.get("name") or ""),
                                                   cleaned(fields.get("person") or ""))
        elif route == "/delete-destination":
            assert not (new or changed) and len(gone) == 1
            assert not any(row[0] in gone for row in after.outbox)
        elif route == "/test-destination":
            assert after.outbox[:-1] == before.outbox and after.outbox[-1][1] == "test"
        if fields is not None:
            for key in new | gone | changed:
                owner = (after.destinations.get(key) or before.destinations[key])[0]
                assert owner == form_list_id(fields)


def form_list_id(fields: dict) -> str:
    """The list a form names (see forms.list_id)."""
    return cleaned(fields.get("list-id") or "") or cleaned(fields.get("id") or "")


def one_new_list(new_lists: set, response) -> str | None:
    """The list a route made, if any: at most one, and the page it went to."""
    assert len(new_lists) <= 1
    if not new_lists:
        return None
    (list_id,) = new_lists
    assert response.location == f"/lists/{list_id}"
    return list_id


PICK = st.integers(0, 10**6).map(lambda index: ("pick", index))  # an existing ID, chosen when sent
SECTION_PICK = st.integers(0, 10**6).map(lambda index: ("section", index))
VALID_CSRF = "(the valid token)"


@st.composite
def requests(draw, routes: list[str], password):
    """One POST: a route, and its fields built from real IDs, real tokens and junk. What
    is drawn never depends on the database (Hypothesis needs that); references to real
    IDs and the token are filled in when the request is sent."""
    route = draw(st.sampled_from(routes))
    list_id = draw(PICK | PICK | TEXT | WEIRD)
    item_id = draw(PICK | PICK | st.integers(-5, 10**20).map(str) | WEIRD)
    if draw(st.integers(0, 9)) == 0:  # invalid UTF-8 in some fields: sent as raw bytes
        raw = draw(st.binary(min_size=1, max_size=20))
        return route, {"list-id": list_id, "raw": raw}
    fields = {
        "csrf-token": draw(st.sampled_from([VALID_CSRF] * 8 + ["", "wrong"])),
        "list-id": list_id, "id": list_id, "item-id": item_id,
        "name": draw(TEXT | WEIRD), "description": draw(TEXT | WEIRD),
        "done": draw(st.sampled_from(["on", "off", "", "ON"])),
        "username": draw(st.sampled_from(["family", ""]) | TEXT),
        "password": draw(st.sampled_from([password]) | TEXT),
        "return-url": draw(st.sampled_from(["/", "/lists/bcdfghjklm", "//evil.example", "https://x"]) | TEXT),
        "section-id": draw(SECTION_PICK | SECTION_PICK | st.sampled_from(["", "0", "-1"]) | WEIRD),
        "move": draw(st.sampled_from(["up", "down", "top", "", "sideways"])),
        "several": draw(st.sampled_from(["1", "", "0"])),
        "again": draw(st.sampled_from(["1", ""])),
        "action": draw(st.sampled_from(["save", "save", "skip", "clear", ""]) | TEXT),
        "q": draw(st.sampled_from(["", "milk"]) | TEXT),
        "url": draw(URLS | TEXT | WEIRD), "person": draw(TEXT | WEIRD | st.sampled_from(["Mum", ""])),
        "events": draw(st.sampled_from(["added", "done", "ticked", "deleted", "", "nonsense"])),
        "destination-id": draw(st.sampled_from(["1", "2", "0", ""]) | WEIRD),
    }
    for name in KNOWN_FIELDS:  # leave some out entirely
        if draw(st.integers(0, 7)) == 0:
            del fields[name]
    return route, fields


# The routes of sections, copying and adding (with its duplicate rule), driven with a valid
# token and real IDs nearly always, and texts that repeat, so most requests get through to
# the precise checks above instead of stopping at the token or a missing list.
SHOP_ROUTES = ["/add-item", "/copy-list", "/add-section", "/rename-section", "/move-section", "/delete-section",
               "/edit-item", "/update-done"]
WORDS = st.sampled_from(["Milk", "milk ", " MILK", "Eggs", "Crème", "crème", "Dairy", "dairy", "", " "])


@st.composite
def shop_requests(draw, routes: list[str], password):
    """One POST to a route of SHOP_ROUTES with mostly usable fields."""
    del routes, password  # the same signature as requests
    words = st.lists(WORDS, max_size=4).map("\n".join)

    def mostly(real, junk):  # the real thing nine times in ten
        return draw(real) if draw(st.integers(0, 9)) < 9 else draw(junk)

    fields = {
        "csrf-token": VALID_CSRF,
        "list-id": mostly(LIVE_PICK, WEIRD),
        "item-id": mostly(PICK, WEIRD),
        "section-id": mostly(SECTION_PICK, st.sampled_from(["", "0"]) | WEIRD),
        "name": draw(WORDS | TEXT), "description": draw(words | WORDS | TEXT),
        "move": draw(st.sampled_from(["up", "down", "top", "sideways"])),
        "several": draw(st.sampled_from(["1", ""])), "again": draw(st.sampled_from(["1", ""])),
        "done": draw(st.sampled_from(["on", ""])),
    }
    for name in ("section-id", "name", "several", "again"):
        if draw(st.integers(0, 9)) == 0:
            del fields[name]
    return draw(st.sampled_from(SHOP_ROUTES)), fields


LIVE_PICK = st.integers(0, 10**6).map(lambda index: ("live", index))


def resolve(fuzzer: Fuzzer, fields: dict) -> dict:
    """Fill in the real IDs and the CSRF token the drawn fields refer to."""
    state = snapshot(fuzzer.config.db_path)
    lists, items, sections = sorted(state.lists), sorted(state.items), sorted(state.sections)
    live = [list_id for list_id in lists if not state.lists[list_id][1]]
    resolved = {}
    for name, value in fields.items():
        if isinstance(value, tuple):
            # A section of the list the form names, mostly: else no form would get through.
            own = [key for key in sections if state.sections[key][0] == resolved.get("list-id")]
            pool = (items if name == "item-id" else (own if own and value[1] % 4 else sections)
                    if value[0] == "section" else live if value[0] == "live" else lists)
            value = str(pool[value[1] % len(pool)]) if pool else ""
        elif value == VALID_CSRF:
            value = fuzzer.csrf()
        resolved[name] = value
    return resolved


def run_fuzz(fuzzer: Fuzzer, data, password: str, strategy=requests) -> None:
    fuzzer.start_example()
    for _ in range(data.draw(st.integers(1, 8))):
        route, fields = data.draw(strategy(fuzzer.routes, password))
        fields = resolve(fuzzer, fields)
        before = snapshot(fuzzer.config.db_path)
        if "raw" in fields:
            raw = fields["raw"]
            body = f"csrf-token={fuzzer.csrf()}&list-id={urllib.parse.quote(fields['list-id'])}&".encode() + \
                b"description=" + urllib.parse.quote_from_bytes(b"\xff" + raw).encode() + \
                b"&name=" + urllib.parse.quote_from_bytes(raw + b"\xc3").encode()
            response = fuzzer.app.post(route, params=body, content_type="application/x-www-form-urlencoded",
                                       expect_errors=True)
            fields = None
        else:
            response = fuzzer.app.post(route, params=fields, expect_errors=True)
        fuzzer.check(route, fields, response, before, snapshot(fuzzer.config.db_path))
    check_consistent(fuzzer.config.db_path)
    with contextlib.closing(sqlite3.connect(fuzzer.config.db_path)) as connection:
        assert connection.execute("SELECT count(*) FROM items").fetchone()[0] == fuzzer.acknowledged_items + 1


@FUZZ_SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("sign_in_on", [False, True], ids=["sign-in off", "sign-in on"])
def test_every_post_route_survives_arbitrary_fields(sign_in_on, data, make_test_app, sign_in, password,
                                                    password_hash):
    # A fresh database for every example, so a failure replays the same way.
    with tempfile.TemporaryDirectory() as folder:
        config = Config(db_path=os.path.join(folder, "fuzz.sqlite"), show_lists=True,
                        timezone=datetime.timezone.utc)
        if sign_in_on:
            config = dataclasses.replace(config, username="family", password_hash=password_hash)
        fuzzer = Fuzzer(config, sign_in_on, make_test_app, sign_in)
        try:
            run_fuzz(fuzzer, data, password)
        finally:
            fuzzer.db.close()


@settings(FUZZ_SETTINGS, max_examples=25)
@given(data=st.data())
def test_sections_copies_and_repeated_adds_survive_arbitrary_fields(data, make_test_app, sign_in, password):
    with tempfile.TemporaryDirectory() as folder:
        config = Config(db_path=os.path.join(folder, "fuzz.sqlite"), show_lists=True,
                        timezone=datetime.timezone.utc)
        fuzzer = Fuzzer(config, False, make_test_app, sign_in)
        try:
            run_fuzz(fuzzer, data, password, shop_requests)
        finally:
            fuzzer.db.close()


def test_the_fuzzer_knows_every_post_route(config, make_test_app, sign_in):
    """The routes the precise checks cover; a new route is still fuzzed generically."""
    fuzzer = Fuzzer(config, False, make_test_app, sign_in)
    assert {"/sign-in", "/sign-out", "/create-list", "/delete-list", "/add-item", "/update-done",
            "/delete-item", "/copy-list", "/add-section", "/rename-section", "/move-section",
            "/delete-section", "/name", *DESTINATION_ROUTES} <= set(fuzzer.routes)
    fuzzer.db.close()
