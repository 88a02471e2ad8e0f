"""Hypothesis drives the CalDAV methods as test_fuzz.py drives the forms: arbitrary XML and
iCalendar (well formed or not, with entities and DTDs, in any script), odd Depth,
If-Match and Content-Type headers, names and paths real and made up. Whatever comes in:
never a 5xx, a refused request changes nothing, and the database passes its integrity
check."""

from __future__ import annotations

import base64
import contextlib
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simplelists.db import Database
from simplelists.devices import DeviceStore
from simplelists.lists import ListStore
from simplelists.sections import SectionStore

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Unknown REQUEST_METHOD")]

FUZZ_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
TABLES = ("lists", "items", "sections", "dav_items", "dav_lists", "change_log")

XML_BODIES = st.sampled_from([
    '<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:getetag/>{text}</d:prop></d:propfind>',
    '<d:propfind xmlns:d="DAV:"><d:allprop/></d:propfind>',
    '<d:propertyupdate xmlns:d="DAV:" xmlns:a="http://apple.com/ns/ical/"><d:set><d:prop>'
    '<d:displayname>{text}</d:displayname><a:calendar-color>{text}</a:calendar-color></d:prop></d:set>'
    '</d:propertyupdate>',
    '<d:propertyupdate xmlns:d="DAV:"><d:remove><d:prop><d:resourcetype/></d:prop></d:remove></d:propertyupdate>',
    '<d:sync-collection xmlns:d="DAV:"><d:sync-token>{text}</d:sync-token><d:prop><d:getetag/></d:prop>'
    '</d:sync-collection>',
    '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/>'
    '</d:prop><d:href>{text}</d:href><d:href>/dav/lists/{list}/item-1.ics</d:href></c:calendar-multiget>',
    '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><c:filter><c:comp-filter '
    'name="VCALENDAR"><c:comp-filter name="{text}"><c:prop-filter name="{text}"><c:text-match '
    'negate-condition="yes">{text}</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter></c:filter>'
    '</c:calendar-query>',
    '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>{text}'
    '</d:displayname></d:prop></d:set></c:mkcalendar>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><d:propfind xmlns:d="DAV:">'
    '<d:prop><d:displayname>&e;</d:displayname></d:prop></d:propfind>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "{text}{text}"><!ENTITY b "&a;&a;&a;&a;">]>'
    '<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>&b;</d:displayname></d:prop></d:set>'
    '</d:propertyupdate>',
    '<d:unknown xmlns:d="DAV:">{text}</d:unknown>',
    '<not even xml {text}',
])
ICAL_BODIES = st.sampled_from([
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:{text}\r\nSUMMARY:{text}\r\nSTATUS:{text}\r\n"
    "CATEGORIES:{text}\r\nX-APPLE-SORT-ORDER:{text}\r\nDUE:{text}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:fixed\r\nSUMMARY:{text}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{text}\r\nSUMMARY:{text}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\n{text}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    "{text}",
])


class Fuzzer:
    def __init__(self, app, db: Database) -> None:
        self.app, self.db = app, db
        lists = ListStore(db)
        self.list_id = lists.create_list("Seed")
        lists.add_items(self.list_id, ["Milk", "Eggs"])
        SectionStore(db).add_section(self.list_id, "Dairy")
        self.every = DeviceStore(db).create(None, "Phone")
        self.one = DeviceStore(db).create(self.list_id, "Tablet")

    def snapshot(self) -> dict[str, list]:
        connection = self.db.connection()
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}

    def check_consistent(self) -> None:
        with contextlib.closing(sqlite3.connect(self.db.path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            assert connection.execute(
                "SELECT count(*) FROM items WHERE list_id NOT IN (SELECT id FROM lists)").fetchone()[0] == 0
            assert connection.execute(
                "SELECT count(*) FROM dav_items d JOIN items i ON i.id = d.item_id WHERE d.list_id != i.list_id"
            ).fetchone()[0] == 0
            assert connection.execute(
                "SELECT count(*) FROM items WHERE length(description) > 500 OR trim(description) = ''").fetchone()[0] == 0


METHODS = ["PROPFIND", "PROPPATCH", "REPORT", "MKCALENDAR", "PUT", "DELETE", "GET", "OPTIONS", "MKCOL"]


@st.composite
def dav_requests(draw, method: str):
    collection = draw(TEXT if draw(st.integers(0, 9)) == 9 else
                      st.sampled_from(["{list}"] * 6 + ["bcdfghjklm", "new-list-1", "A"]))
    name = draw(TEXT if draw(st.integers(0, 9)) == 9 else
                st.sampled_from(["item-1.ics", "item-2.ics", "phone.ics", "phone.ics", "x y.ics", ""]))
    # Mostly where each method is answered, sometimes anywhere.
    usual = {"PUT": "/dav/lists/{c}/{n}", "GET": "/dav/lists/{c}/{n}", "DELETE": "/dav/lists/{c}/{n}"}.get(
        method, "/dav/lists/{c}/")
    path = draw(st.sampled_from([usual] * 6 + ["/", "/dav/", "/dav/principal/", "/dav/lists/", "/dav/lists/{c}/",
                                               "/dav/lists/{c}/{n}", "/.well-known/caldav"]))
    text = draw(TEXT)
    kind = draw(st.sampled_from(["ical", "ical", "bytes", "none"] if method == "PUT" else
                                ["xml", "xml", "xml", "ical", "bytes", "none"]))
    if kind == "xml":
        body = draw(XML_BODIES).replace("{text}", text).encode("utf-8")
    elif kind == "ical":
        body = draw(ICAL_BODIES).replace("{text}", text).encode("utf-8")
    elif kind == "bytes":
        body = draw(st.binary(max_size=200))
    else:
        body = b""
    headers = {
        "Depth": draw(st.sampled_from(["0", "1", "0", "1", "infinity", "2", "", "-1"])),
        "Content-Type": draw(st.sampled_from(
            ["text/calendar"] * 5 if kind == "ical" else ["application/xml"] * 4 + ["text/xml; charset=utf-8"])
            if draw(st.integers(0, 4)) < 4 else st.sampled_from(["text/calendar", "text/plain", "application/xml", ""])),
    }
    if draw(st.integers(0, 3)) == 3:
        headers["If-Match"] = draw(st.sampled_from(['"x"', "*", "", '"a", W/"b"']) | TEXT.map(lambda t: t.replace("\n", "")))
    if draw(st.integers(0, 3)) == 3:
        headers["If-None-Match"] = draw(st.sampled_from(["*", '"x"']))
    who = draw(st.sampled_from(["every"] * 4 + ["one", "wrong", "none"]))
    return method, path, collection, name, body, headers, who


@pytest.mark.parametrize("method", METHODS)
def test_dav_methods_never_fail_and_refusals_change_nothing(app, db, method):
    fuzzer = Fuzzer(app, db)

    @FUZZ_SETTINGS
    @given(request=dav_requests(method))
    def run(request):
        method, path, collection, name, body, headers, who = request
        collection = collection.replace("{list}", fuzzer.list_id)
        path = path.replace("{c}", collection).replace("{n}", name).replace("{list}", fuzzer.list_id)
        body = body.replace(b"{list}", fuzzer.list_id.encode())
        password = {"every": fuzzer.every, "one": fuzzer.one, "wrong": "w" * 43, "none": None}[who]
        # What HTTP carries: headers are bytes, which a WSGI server hands on as latin-1.
        sent = {key: value.encode("utf-8").decode("latin-1") for key, value in headers.items() if value}
        if password:
            sent["Authorization"] = "Basic " + base64.b64encode(f"family:{password}".encode()).decode()
        before = fuzzer.snapshot()
        try:
            response = app.request(path.encode("utf-8").decode("latin-1"), method=method, body=body,
                                   headers=sent, expect_errors=True)
        except (UnicodeError, ValueError):
            return  # a path no HTTP client could send
        assert response.status_int < 500, f"{method} {path} -> {response.status}: {response.text[:300]}"
        refused = response.status_int >= 400 or (method == "PROPPATCH" and b"403 Forbidden" in response.body)
        if refused:
            after = fuzzer.snapshot()
            assert after == before, f"{method} {path} answered {response.status} but changed the database"
        if who in ("wrong", "none") and response.status_int < 400 and path.startswith("/dav"):
            assert method == "OPTIONS", f"{method} {path} answered {response.status} without a password"
        fuzzer.check_consistent()
        # The throttle would lock the fuzzer out for good: forget its failures.
        db.connection().execute("DELETE FROM sign_in_failures")

    run()

