"""Phones' Reminders and Tasks apps on the real server (the Procfile's command, sign-in
on, two workers), played with the `caldav` library Home Assistant itself uses: discovery
from the site's root, the lists, items added, ticked, unticked, renamed and deleted from
the phone and seen on the web page, a web change picked up at the next sync by fetching
only that item, a phone's due date, alarm and notes surviving an edit on the web, stale
writes refused, revoked passwords and throttling, hostile XML, and a list deleted from the
phone restored from the trash."""

from __future__ import annotations

import base64
import datetime
import urllib.parse
from collections.abc import Iterator

import bcrypt
import caldav
import icalendar
import pytest
from caldav.elements import dav as dav_elements

from e2e.e2e_server import Server, run_server
from simplelists import auth, dav_auth
from simplelists.db import Database
from simplelists.devices import DeviceStore
from simplelists.lists import ListStore
from simplelists.secret import new_secret, secret_digest
from simplelists.sections import SectionStore
from simplelists.sessions import SessionStore
from simplelists.trash import TrashStore

pytestmark = pytest.mark.slow

PASSWORD_HASH = bcrypt.hashpw(b"family password", bcrypt.gensalt(4)).decode()


class Family:
    """The server, its database, a list, and device passwords made before it starts."""

    def __init__(self, server: Server, db: Database, list_id: str, every_list: str, one_list: str,
                 session: str) -> None:
        self.server, self.db = server, db
        self.lists, self.devices = ListStore(db), DeviceStore(db)
        self.list_id, self.every_list, self.one_list, self.session = list_id, every_list, one_list, session
        self.clients: list[caldav.DAVClient] = []

    def client(self, password: str | None = None, url: str | None = None) -> caldav.DAVClient:
        """A client like a phone's, kept until the test ends (then its connections are closed)."""
        client = caldav.DAVClient(url=url or self.server.url + "/", username="family",
                                  password=password or self.every_list)
        self.clients.append(client)
        return client

    def close_clients(self) -> None:
        while self.clients:
            self.clients.pop().close()

    def calendar(self, list_id: str | None = None, password: str | None = None) -> caldav.Calendar:
        wanted = list_id or self.list_id
        for calendar in self.client(password).principal().get_calendars():
            if calendar.url.path.rstrip("/").endswith(wanted):
                return calendar
        raise AssertionError(f"no calendar for {wanted}")

    def page(self, list_id: str | None = None) -> str:
        """The list's web page, as the signed-in family sees it."""
        status, _headers, body = call(self, "GET", f"/lists/{list_id or self.list_id}",
                                      headers={"Cookie": f"{auth.SESSION_COOKIE}={self.session}"})
        assert status == 200
        return body

    def items(self, list_id: str | None = None) -> dict[str, bool]:
        return {item.description: item.done for item in self.lists.get_list(list_id or self.list_id).items}


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Family]:
    folder = tmp_path_factory.mktemp("dav-server")
    db = Database(str(folder / "simplelists.sqlite"))
    db.migrate()
    list_id = ListStore(db).create_list("Groceries")
    ListStore(db).add_items(list_id, ["Milk", "Eggs"])
    every_list = DeviceStore(db).create(None, "Mum's iPhone")
    one_list = DeviceStore(db).create(list_id, "Kitchen tablet")
    session = new_secret()
    SessionStore(db).create_session(secret_digest(session))
    env = {"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": PASSWORD_HASH, "WEB_CONCURRENCY": "2"}
    with run_server(folder, env) as server:
        yield Family(server, db, list_id, every_list, one_list, session)
    db.close()


@pytest.fixture(autouse=True)
def close_clients(family: Family) -> Iterator[None]:
    yield
    family.close_clients()


def call(family: Family, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One request on a fresh connection; (status, headers, body as text)."""
    return family.server.call(method, path, body, headers)


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"family:{password}".encode()).decode()}


def test_discovery_from_the_site_root(family):
    status, headers, _ = call(family, "GET", "/.well-known/caldav")
    assert (status, headers["location"]) == (301, "/dav/")
    status, headers, _ = call(family, "PROPFIND", "/", headers={"Depth": "0"})
    assert status == 401 and headers["www-authenticate"].startswith('Basic realm="Simple Lists"')
    # An iPhone given only the server's name: the well-known address, then the principal.
    status, headers, _ = call(family, "PROPFIND", "/.well-known/caldav", headers={**basic(family.every_list),
                                                                                "Depth": "0"})
    assert (status, headers["location"]) == (301, "/dav/")
    status, _, body = call(family, "PROPFIND", "/dav/", headers={**basic(family.every_list), "Depth": "0"})
    assert status == 207 and "<d:href>/dav/principal/</d:href>" in body
    status, headers, _ = call(family, "OPTIONS", "/dav/lists/")
    assert status == 200 and headers["dav"] == "1, 3, calendar-access"
    names = {calendar.get_display_name() for calendar in family.client().principal().get_calendars()}
    assert "Groceries" in names
    # A password for one list sees that list only.
    (only,) = family.client(family.one_list).principal().get_calendars()
    assert only.get_display_name() == "Groceries"
    # DAVx⁵ and Home Assistant may be given the DAV root itself.
    assert "Groceries" in {c.get_display_name() for c in family.client(url=family.server.url + "/dav/")
                           .principal().get_calendars()}


def test_items_from_the_phone_show_on_the_web(family):
    calendar = family.calendar()
    todo = calendar.add_todo(summary="Bread & butter")
    assert "Bread &amp; butter" in family.page() and family.items()["Bread & butter"] is False
    todo.complete()
    assert family.items()["Bread & butter"] is True and "<del>Bread &amp; butter</del>" in family.page()
    todo.uncomplete()
    assert family.items()["Bread & butter"] is False
    todo.load()
    todo.icalendar_component["SUMMARY"] = "Sourdough"
    todo.save()
    assert "Sourdough" in family.page() and "Bread & butter" not in family.items()
    todo.delete()
    assert "Sourdough" not in family.items()
    trash = TrashStore(family.db).get_trash(family.list_id)
    assert [item.description for item in trash.items] == ["Sourdough"]
    # The same text twice from a phone is two items (the phone must find each again).
    calendar.add_todo(summary="Milk")
    assert [item.description for item in family.lists.get_list(family.list_id).items].count("Milk") == 2


def test_a_web_change_is_picked_up_at_the_next_sync_by_fetching_one_item(family):
    list_id = family.lists.create_list("Hardware")
    family.lists.add_items(list_id, [f"Screw {number}" for number in range(30)])
    calendar = family.calendar(list_id)
    objects = calendar.get_objects_by_sync_token(load_objects=True)
    assert len(list(objects)) == 30
    token = objects.sync_token
    item = next(item for item in family.lists.get_list(list_id).items if item.description == "Screw 7")
    family.lists.edit_item(list_id, item.id, "Screw 7 (brass)")
    family.lists.delete_item(list_id, next(i.id for i in family.lists.get_list(list_id).items
                                           if i.description == "Screw 8"))
    changed = calendar.get_objects_by_sync_token(sync_token=token, load_objects=True)
    assert changed.sync_token != token
    summaries = sorted(str(obj.icalendar_component["SUMMARY"]) for obj in changed if obj.data)
    assert summaries == ["Screw 7 (brass)"]
    assert len(list(changed)) == 2  # the edit, and the deletion's tombstone
    again = calendar.get_objects_by_sync_token(sync_token=changed.sync_token)
    assert (len(list(again)), again.sync_token) == (0, changed.sync_token)


def test_a_phones_due_date_alarm_and_notes_survive_an_edit_on_the_web(family):
    calendar = family.calendar()
    due = datetime.date(2030, 5, 17)
    todo = calendar.add_todo(summary="Birthday cake", due=due, description="Chocolate, for Sam",
                             priority=1, categories=["Party"])
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", "Cake!")
    alarm.add("TRIGGER", datetime.timedelta(hours=-2))
    todo.load()
    todo.icalendar_component.add_component(alarm)
    todo.icalendar_component.add("X-TASKS-ORG-FLAG", "keep me")
    todo.save()
    item = next(item for item in family.lists.get_list(family.list_id).items if item.description == "Birthday cake")
    page = family.page()
    assert "Chocolate, for Sam" in page and "2030" in page  # shown read-only on the web
    assert any(section.name == "Party" for section in family.lists.get_list(family.list_id).sections)
    family.lists.edit_item(family.list_id, item.id, "Birthday cake (big)")
    todo.load()
    component = todo.icalendar_component
    assert str(component["SUMMARY"]) == "Birthday cake (big)"
    assert component.decoded("DUE") == due
    assert str(component["DESCRIPTION"]) == "Chocolate, for Sam"
    assert int(component["PRIORITY"]) == 1 and str(component["X-TASKS-ORG-FLAG"]) == "keep me"
    assert [str(a["DESCRIPTION"]) for a in component.walk("VALARM")] == ["Cake!"]
    assert component.categories == ["Party"]


def test_a_stale_if_match_gets_412_and_changes_nothing(family):
    calendar = family.calendar()
    todo = calendar.add_todo(summary="Apples")
    todo.load()
    path = urllib.parse.urlsplit(str(todo.url)).path
    status, headers, body = call(family, "GET", path, headers=basic(family.every_list))
    etag = headers["etag"]
    item = next(item for item in family.lists.get_list(family.list_id).items if item.description == "Apples")
    family.lists.edit_item(family.list_id, item.id, "Green apples")  # the web, meanwhile
    stale = body.replace("SUMMARY:Green apples", "SUMMARY:Red apples")
    status, _, _ = call(family, "PUT", path, stale.encode(), {**basic(family.every_list), "If-Match": etag,
                                                              "Content-Type": "text/calendar"})
    assert status == 412
    assert "Green apples" in family.items() and "Red apples" not in family.items()
    status, _, _ = call(family, "DELETE", path, headers={**basic(family.every_list), "If-Match": etag})
    assert status == 412 and "Green apples" in family.items()
    status, _, _ = call(family, "PUT", path, body.encode(), {**basic(family.every_list), "If-None-Match": "*",
                                                             "Content-Type": "text/calendar"})
    assert status == 412


def test_a_revoked_password_gets_401_at_once_and_wrong_ones_are_throttled(family):
    secret = family.devices.create(family.list_id, "Old phone")
    client = {"Fly-Client-IP": "203.0.113.60"}
    assert call(family, "PROPFIND", "/dav/lists/", headers={**basic(secret), **client, "Depth": "0"})[0] == 207
    (device,) = [d for d in family.devices.devices(family.list_id) if d.name == "Old phone"]
    family.devices.revoke(family.list_id, device.id)
    status, headers, _ = call(family, "PROPFIND", "/dav/lists/", headers={**basic(secret), **client, "Depth": "0"})
    assert status == 401 and "www-authenticate" in headers
    for _ in range(dav_auth.DEVICE_THROTTLE.max_failures - 1):
        assert call(family, "PROPFIND", "/dav/", headers={**basic("wrong"), **client})[0] == 401
    # A request without credentials is only challenged, never counted.
    for _ in range(3):
        assert call(family, "PROPFIND", "/dav/", headers=client)[0] == 401
    status, headers, body = call(family, "PROPFIND", "/dav/", headers={**basic(family.every_list), **client})
    assert status == 429 and 0 < int(headers["retry-after"]) <= 900 and "Too many wrong passwords" in body
    assert call(family, "PROPFIND", "/dav/", headers={**basic(family.every_list),
                                                       "Fly-Client-IP": "203.0.113.61"})[0] == 207


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>&secret;</d:displayname></d:prop></d:set>
</d:propertyupdate>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>&lol3;</d:displayname></d:prop></d:set>
</d:propertyupdate>"""


@pytest.mark.parametrize("body", [XXE, LAUGHS], ids=["XXE", "billion laughs"])
def test_hostile_xml_is_refused_and_changes_nothing(family, body):
    before = family.lists.get_list(family.list_id)
    for method in ("PROPPATCH", "PROPFIND", "REPORT"):
        status, _, text = call(family, method, f"/dav/lists/{family.list_id}/", body,
                               {**basic(family.every_list), "Content-Type": "application/xml", "Depth": "0"})
        assert status == 400 and "DTDs and entities are not accepted" in text
    assert family.lists.get_list(family.list_id).name == before.name == "Groceries"
    assert "root:" not in family.page()


def test_lists_made_renamed_and_deleted_from_the_phone(family):
    principal = family.client().principal()
    calendar = principal.make_calendar(name="Camping", cal_id="9F5A3C1E-camping",
                                       supported_calendar_component_set=["VTODO"])
    (made,) = [summary for summary in family.lists.get_lists() if summary.name == "Camping"]
    calendar.add_todo(summary="Tent")
    assert family.items(made.id) == {"Tent": False}
    calendar.set_properties([dav_elements.DisplayName("Camping trip")])
    assert family.lists.get_list(made.id).name == "Camping trip"
    assert family.client().principal().calendar(cal_id="9F5A3C1E-camping").get_display_name() == "Camping trip"
    # A password for one list may not make lists.
    with pytest.raises(caldav.lib.error.AuthorizationError):
        family.client(family.one_list).principal().make_calendar(name="Nope", cal_id="nope")
    calendar.delete()
    assert family.lists.get_list(made.id) is None
    assert TrashStore(family.db).restore_list(made.id)
    assert "Camping trip" in {c.get_display_name() for c in family.client().principal().get_calendars()}
    assert family.items(made.id) == {"Tent": False}


def test_home_assistant_reads_open_tasks_and_adds_one(family):
    """What Home Assistant's CalDAV to-do entity does: read the tasks not completed with
    a calendar-query, add one (an Assist sentence "add cheese to Groceries")."""
    list_id = family.lists.create_list("Weekend")
    family.lists.add_items(list_id, ["Cheese", "Wine"])
    wine = next(item for item in family.lists.get_list(list_id).items if item.description == "Wine")
    family.lists.set_done(list_id, wine.id, True)
    calendar = family.calendar(list_id)
    open_tasks = calendar.search(todo=True, include_completed=False)
    assert [str(task.icalendar_component["SUMMARY"]) for task in open_tasks] == ["Cheese"]
    every = calendar.search(todo=True, include_completed=True)
    assert sorted(str(task.icalendar_component["SUMMARY"]) for task in every) == ["Cheese", "Wine"]
    calendar.add_todo(summary="Olives", status="NEEDS-ACTION")
    assert family.items(list_id) == {"Cheese": False, "Wine": True, "Olives": False}
    assert "Olives" in family.page(list_id)
    SectionStore(family.db)  # sections are covered by the mapping's own tests
