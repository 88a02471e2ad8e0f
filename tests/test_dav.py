"""The CalDAV surface in detail, under WebTest: what each resource reports, refusals with
their preconditions, sections and order both ways, the web's notices, the trash, sync
tokens and tombstones, and the one change log behind them. (The stories as phones tell
them, with a real client on the real server, are in test_dav_server.py.)"""

from __future__ import annotations

import base64
import datetime
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from simplelists import changes
from simplelists.devices import DeviceStore
from simplelists.lists import ListStore
from simplelists.sections import SectionStore
from simplelists.timestamps import format_sqlite_time, utc_now
from simplelists.trash import TrashStore

# WebTest's checker does not know WebDAV's methods.
pytestmark = pytest.mark.filterwarnings("ignore:Unknown REQUEST_METHOD")

D, C, CS = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}", "{http://calendarserver.org/ns/}"
XML = "application/xml"


@pytest.fixture
def phone(app, db):
    """A phone with a device password for every list, and a list of two items."""
    return Phone(app, db, DeviceStore(db).create(None, "Mum's iPhone"))


class Phone:
    def __init__(self, app, db, password: str) -> None:
        self.app, self.db, self.password = app, db, password
        self.lists, self.sections = ListStore(db), SectionStore(db)
        self.list_id = self.lists.create_list("Groceries")
        self.lists.add_items(self.list_id, ["Milk", "Eggs"])

    def request(self, method: str, path: str, body: bytes | str = b"", password: str | None = None, **headers):
        headers = {"Authorization": "Basic " + base64.b64encode(f"family:{password or self.password}".encode()).decode(),
                   **{name.replace("_", "-"): value for name, value in headers.items()}}
        if isinstance(body, str):
            body = body.encode()
        return self.app.request(path, method=method, body=body, headers=headers, expect_errors=True)

    def propfind(self, path: str, props: str = "", depth: str = "0"):
        body = f'<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" ' \
               f'xmlns:cs="http://calendarserver.org/ns/"><d:prop>{props}</d:prop></d:propfind>' if props else ""
        return self.request("PROPFIND", path, body, Depth=depth, Content_Type=XML)

    def put(self, name: str, summary: str = "Bread", extra: str = "", list_id: str | None = None, uid: str | None = None,
            **headers):
        body = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VTODO\r\nUID:{uid or name}\r\n"
                f"SUMMARY:{summary}\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n")
        return self.request("PUT", f"/dav/lists/{list_id or self.list_id}/{name}", body,
                            Content_Type="text/calendar", **headers)

    def sync(self, token: str = "", list_id: str | None = None):
        body = (f'<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1'
                f'</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>')
        return self.request("REPORT", f"/dav/lists/{list_id or self.list_id}/", body, Content_Type=XML)

    def descriptions(self, list_id: str | None = None) -> list[str]:
        return [item.description for item in self.lists.get_list(list_id or self.list_id).items]

    def etag(self, name: str) -> str:
        return self.request("GET", f"/dav/lists/{self.list_id}/{name}").headers["ETag"]


def tree(response) -> ET.Element:
    return ET.fromstring(response.body)


def props_found(response) -> dict[str, ET.Element]:
    return {prop.tag: prop for propstat in tree(response).iter(f"{D}propstat")
            if propstat.find(f"{D}status").text.endswith("200 OK") for prop in propstat.find(f"{D}prop")}


def hrefs(response) -> list[str]:
    return [node.find(f"{D}href").text for node in tree(response).iter(f"{D}response")]


def item_id(phone: Phone, description: str) -> int:
    return next(item.id for item in phone.lists.get_list(phone.list_id).items if item.description == description)


def test_options_say_only_what_is_there(phone):
    response = phone.app.request("/dav/lists/", method="OPTIONS")
    assert response.headers["DAV"] == "1, 3, calendar-access"
    assert "MKCALENDAR" in response.headers["Allow"] and "LOCK" not in response.headers["Allow"]


def test_a_list_as_a_collection(phone):
    response = phone.propfind(f"/dav/lists/{phone.list_id}/", "<d:displayname/><d:resourcetype/><cs:getctag/>"
                              "<d:sync-token/><c:supported-calendar-component-set/><d:supported-report-set/>"
                              "<d:current-user-privilege-set/><d:quota-used-bytes/>")
    assert response.status_int == 207
    found = props_found(response)
    assert found[f"{D}displayname"].text == "Groceries"
    assert {node.tag for node in found[f"{D}resourcetype"]} == {f"{D}collection", f"{C}calendar"}
    assert [comp.get("name") for comp in found[f"{C}supported-calendar-component-set"]] == ["VTODO"]
    assert {report[0][0].tag for report in found[f"{D}supported-report-set"]} == {
        f"{C}calendar-multiget", f"{C}calendar-query", f"{D}sync-collection"}
    assert found[f"{D}sync-token"].text.endswith("/" + found[f"{CS}getctag"].text)
    assert f"{D}quota-used-bytes" not in found and b"404 Not Found" in response.body


def test_depth_infinity_is_refused(phone):
    response = phone.propfind("/dav/lists/", depth="infinity")
    assert response.status_int == 403 and tree(response).find(f"{D}propfind-finite-depth") is not None


def test_a_password_for_one_list_reaches_that_list_only(phone):
    other = phone.lists.create_list("Secret plans")
    only = DeviceStore(phone.db).create(phone.list_id, "Kitchen tablet")
    response = phone.request("PROPFIND", "/dav/lists/", password=only, Depth="1")
    assert hrefs(response) == ["/dav/lists/", f"/dav/lists/{phone.list_id}/"]
    assert phone.request("PROPFIND", f"/dav/lists/{other}/", password=only).status_int == 404
    assert phone.request("MKCALENDAR", "/dav/lists/new/", password=only).status_int == 403
    assert len(phone.lists.get_lists()) == 2


def test_cookies_are_never_read(signed_in_app, db, sign_in):
    sign_in(signed_in_app)
    response = signed_in_app.request("/dav/lists/", method="PROPFIND", headers={"Depth": "0"}, expect_errors=True)
    assert response.status_int == 401 and response.headers["WWW-Authenticate"].startswith("Basic")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("body", "content_type", "status", "says"), [
    ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nSUMMARY:Party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "text/calendar",
     403, b"supported-calendar-component"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:" + "x" * 501 + "\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
     "text/calendar", 403, b"too long: 501 characters"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY: \r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "text/calendar",
     403, b"needs a title"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\n", "text/calendar", 400, b"could not be read"),
    ("SUMMARY:Milk", "application/json", 415, b"text/calendar"),
], ids=["an event", "too long", "no title", "cut off", "not iCalendar"])
def test_refused_writes_change_nothing(phone, body, content_type, status, says):
    before = phone.sync().body
    response = phone.request("PUT", f"/dav/lists/{phone.list_id}/new.ics", body, Content_Type=content_type)
    assert response.status_int == status and says in response.body
    assert phone.descriptions() == ["Milk", "Eggs"] and phone.sync().body == before


def test_categories_are_sections_and_a_new_one_is_added_at_the_end(phone):
    dairy = phone.sections.add_section(phone.list_id, "Dairy").section_id
    assert phone.put("a.ics", "Butter", "CATEGORIES:Urgent,dairy\r\n").status_int == 201
    assert phone.put("b.ics", "Nails", "CATEGORIES:Hardware,Urgent\r\n").status_int == 201
    the_list = phone.lists.get_list(phone.list_id)
    assert [section.name for section in the_list.sections] == ["Dairy", "Hardware"]
    sections = {item.description: item.section_id for item in the_list.items}
    assert sections["Butter"] == dairy and sections["Nails"] == the_list.sections[1].id
    data = phone.request("GET", f"/dav/lists/{phone.list_id}/a.ics").text
    assert "CATEGORIES:Dairy\r\nCATEGORIES:Urgent\r\n" in data  # the section first, the rest as sent


def test_phone_and_web_items_interleave_in_the_webs_order(phone):
    milk, eggs = (item_id(phone, name) for name in ("Milk", "Eggs"))
    order = {name: int(phone.request("GET", f"/dav/lists/{phone.list_id}/item-{number}.ics").text
                       .split("X-APPLE-SORT-ORDER:")[1].split()[0]) for name, number in (("Milk", milk), ("Eggs", eggs))}
    assert order["Milk"] < order["Eggs"] < 700_000_000  # in the range of seconds since 2001
    # Reminders puts a new item between the two.
    phone.put("between.ics", "Cream", f"X-APPLE-SORT-ORDER:{order['Milk'] + 0}\r\n")
    assert phone.descriptions() == ["Milk", "Cream", "Eggs"]
    phone.put("late.ics", "Tea", "X-APPLE-SORT-ORDER:818000000\r\n")  # now, as iOS numbers a new item
    phone.put("plain.ics", "Jam")  # no order at all: at the end, as the web adds
    assert phone.descriptions() == ["Milk", "Cream", "Eggs", "Tea", "Jam"]
    data = phone.request("GET", f"/dav/lists/{phone.list_id}/late.ics").text
    assert "X-APPLE-SORT-ORDER:600000004" in data  # served in the web's numbering


def test_a_phones_change_shows_the_webs_changed_notice(phone, list_id_of, tick):
    page = phone.app.get(f"/lists/{phone.list_id}")
    phone.put("bread.ics", "Bread")
    page = tick(page, "Milk")
    assert "changed by someone else" in page.text and "Bread" in page.text


def test_web_changes_give_new_etags_ctags_and_tokens(phone):
    name = f"item-{item_id(phone, 'Milk')}.ics"
    etag, token = phone.etag(name), phone.sync().body
    ctag = props_found(phone.propfind(f"/dav/lists/{phone.list_id}/", "<cs:getctag/>"))[f"{CS}getctag"].text
    phone.lists.set_done(phone.list_id, item_id(phone, "Milk"), True)
    assert phone.etag(name) != etag
    assert props_found(phone.propfind(f"/dav/lists/{phone.list_id}/", "<cs:getctag/>"))[f"{CS}getctag"].text != ctag
    assert phone.sync().body != token


def test_etags_and_if_match(phone):
    name = f"item-{item_id(phone, 'Eggs')}.ics"
    etag = phone.etag(name)
    assert phone.put(name, "Brown eggs", uid="x", If_Match='"stale"').status_int == 412
    assert phone.put(name, "Brown eggs", uid=f"simplelists-item-{item_id(phone, 'Eggs')}",
                     If_Match=etag).status_int == 204
    assert phone.descriptions() == ["Milk", "Brown eggs"]
    assert phone.put("new.ics", "Ham", If_Match='"any"').status_int == 412  # nothing there to match
    assert phone.put("new.ics", "Ham", If_None_Match="*").status_int == 201
    assert phone.put("new.ics", "Ham", If_None_Match="*").status_int == 412
    assert phone.request("GET", f"/dav/lists/{phone.list_id}/new.ics", If_None_Match=phone.etag("new.ics")
                         ).status_int == 304


def test_one_uid_per_list_and_the_webs_names_are_kept(phone):
    assert phone.put("a.ics", "Ham", uid="same").status_int == 201
    response = phone.put("b.ics", "Spam", uid="same")
    assert response.status_int == 403 and b"no-uid-conflict" in response.body
    assert phone.put("item-999.ics", "Spam", uid="other").status_int == 403
    assert phone.descriptions() == ["Milk", "Eggs", "Ham"]


def test_a_deleted_item_goes_to_the_trash_and_comes_back_to_the_phone(phone):
    token = tree(phone.sync()).find(f"{D}sync-token").text
    eggs = item_id(phone, "Eggs")
    assert phone.request("DELETE", f"/dav/lists/{phone.list_id}/item-{eggs}.ics").status_int == 204
    response = phone.sync(token)
    assert b"404 Not Found" in response.body and hrefs(response) == [f"/dav/lists/{phone.list_id}/item-{eggs}.ics"]
    deleted = TrashStore(phone.db).get_trash(phone.list_id).items
    assert [item.description for item in deleted] == ["Eggs"]
    token = tree(response).find(f"{D}sync-token").text
    TrashStore(phone.db).restore_items(phone.list_id, [eggs])
    response = phone.sync(token)
    assert hrefs(response) == [f"/dav/lists/{phone.list_id}/item-{eggs}.ics"] and b"getetag" in response.body


def test_a_token_older_than_the_tombstones_kept_is_refused(phone, db):
    token = tree(phone.sync()).find(f"{D}sync-token").text
    phone.lists.delete_item(phone.list_id, item_id(phone, "Eggs"))
    month_ago = format_sqlite_time(utc_now() - datetime.timedelta(days=31))
    db.connection().execute("UPDATE items SET time_deleted = ? WHERE time_deleted IS NOT NULL", (month_ago,))
    db.connection().execute("UPDATE change_log SET time = ?", (month_ago,))
    phone.lists.delete_item(phone.list_id, item_id(phone, "Milk"))  # purges the month-old deletion
    response = phone.sync(token)
    assert response.status_int == 403 and tree(response).find(f"{D}valid-sync-token") is not None
    for bad in ("https://simplelists.invalid/ns/sync/99999", "nonsense"):
        assert phone.sync(bad).status_int == 403
    assert phone.sync().status_int == 207  # and the client syncs afresh


def test_calendar_query_for_open_tasks(phone):
    phone.lists.set_done(phone.list_id, item_id(phone, "Eggs"), True)
    for condition in ('<c:prop-filter name="COMPLETED"><c:is-not-defined/></c:prop-filter>',
                      '<c:prop-filter name="STATUS"><c:text-match negate-condition="yes">COMPLETED</c:text-match>'
                      '</c:prop-filter>'):
        body = ('<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>'
                '</d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO">'
                f'{condition}</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>')
        response = phone.request("REPORT", f"/dav/lists/{phone.list_id}/", body, Content_Type=XML)
        assert hrefs(response) == [f"/dav/lists/{phone.list_id}/item-{item_id(phone, 'Milk')}.ics"]


def test_multiget_answers_each_href(phone):
    milk = f"/dav/lists/{phone.list_id}/item-{item_id(phone, 'Milk')}.ics"
    body = ('<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>'
            f'<c:calendar-data/></d:prop><d:href>{milk}</d:href><d:href>/dav/lists/{phone.list_id}/gone.ics</d:href>'
            '</c:calendar-multiget>')
    response = phone.request("REPORT", f"/dav/lists/{phone.list_id}/", body, Content_Type=XML)
    assert response.status_int == 207 and b"SUMMARY:Milk" in response.body and b"404 Not Found" in response.body


def test_proppatch_renames_keeps_a_colour_and_refuses_protected_properties_whole(phone):
    path = f"/dav/lists/{phone.list_id}/"
    body = ('<d:propertyupdate xmlns:d="DAV:" xmlns:a="http://apple.com/ns/ical/"><d:set><d:prop>'
            '<d:displayname>Big shop</d:displayname><a:calendar-color>#FF2968FF</a:calendar-color>'
            '{extra}</d:prop></d:set></d:propertyupdate>')
    refused = phone.request("PROPPATCH", path, body.format(extra="<d:getetag>x</d:getetag>"), Content_Type=XML)
    assert b"403 Forbidden" in refused.body and b"424 Failed Dependency" in refused.body
    assert phone.lists.get_list(phone.list_id).name == "Groceries"
    assert phone.request("PROPPATCH", path, body.format(extra=""), Content_Type=XML).status_int == 207
    assert phone.lists.get_list(phone.list_id).name == "Big shop"
    found = props_found(phone.propfind(path, '<a:calendar-color xmlns:a="http://apple.com/ns/ical/"/>'))
    assert found["{http://apple.com/ns/ical/}calendar-color"].text == "#FF2968FF"


def test_mkcalendar_makes_a_list_where_the_client_asked(phone):
    body = ('<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
            '<d:displayname>Camping</d:displayname></d:prop></d:set></c:mkcalendar>')
    assert phone.request("MKCALENDAR", "/dav/lists/A1B2-C3/", body, Content_Type=XML).status_int == 201
    assert phone.request("MKCALENDAR", "/dav/lists/A1B2-C3/", body, Content_Type=XML).status_int == 403
    assert phone.put("tent.ics", "Tent", list_id="A1B2-C3").status_int == 201
    (camping,) = [summary for summary in phone.lists.get_lists() if summary.name == "Camping"]
    assert phone.descriptions(camping.id) == ["Tent"]
    events = body.replace("</d:prop>", '<c:supported-calendar-component-set><c:comp name="VEVENT"/>'
                          '</c:supported-calendar-component-set></d:prop>')
    response = phone.request("MKCALENDAR", "/dav/lists/events/", events, Content_Type=XML)
    assert response.status_int == 403 and b"supported-calendar-component" in response.body


def test_every_change_is_logged_once_in_its_transaction_with_who_made_it(phone, db):
    def log() -> list[tuple]:
        return db.connection().execute("SELECT action, item_id, who FROM change_log ORDER BY id").fetchall()

    start = len(log())
    milk = item_id(phone, "Milk")
    phone.lists.set_done(phone.list_id, milk, True)
    phone.request("DELETE", f"/dav/lists/{phone.list_id}/item-{milk}.ics")
    phone.lists.rename_list(phone.list_id, "Shop")
    assert log()[start:] == [(changes.TICKED, milk, None), (changes.DELETED, milk, "Mum's iPhone"),
                             (changes.LIST_RENAMED, None, None)]
    with pytest.raises(sqlite3.OperationalError), db.transaction() as connection:
        phone.lists.set_done(phone.list_id, item_id(phone, "Eggs"), True)
        connection.execute("SELECT nonsense")  # the change fails: its log row goes with it
    assert len(log()) == start + 3


def test_device_passwords_on_the_connect_page(app, phone):
    page = app.get(f"/lists/{phone.list_id}/connect")
    form = page.forms["create-device-password"]
    form["name"] = "Dad's Android"
    made = form.submit()
    secret = made.html.find(id="new-device-password")["value"]
    assert made.html.find(id="new-device-user")["value"] == "family"
    assert made.html.find(id="new-device-server")["value"] == "http://localhost:80"
    assert phone.request("PROPFIND", "/dav/lists/", password=secret).status_int == 207
    page = app.get(f"/lists/{phone.list_id}/connect")
    assert "Dad's Android" in page.html.get_text()
    assert secret not in page.text  # shown once
    revoke = next(form for form in page.forms.values() if form.action == "/revoke-device-password")
    assert "revoked-device=1" in revoke.submit().headers["Location"]
    assert phone.request("PROPFIND", "/dav/lists/", password=secret).status_int == 401


def test_passwords_for_every_list_only_where_every_list_is_reachable(make_test_app, config, db):
    import dataclasses
    hidden = make_test_app(dataclasses.replace(config, show_lists=False), db)
    assert hidden.get("/devices", expect_errors=True).status_int == 404
    every = DeviceStore(db).create(None, "Old iPad")
    response = hidden.request("/dav/", method="PROPFIND", expect_errors=True, headers={
        "Authorization": "Basic " + base64.b64encode(f"x:{every}".encode()).decode()})
    assert response.status_int == 401
    shown = make_test_app(config, db)
    form = shown.get("/devices").forms["create-device-password"]
    form["name"] = "Gran's iPad"
    assert shown.get("/").html.find("a", href="/devices") is not None
    assert form.submit().html.find(id="new-device-password")["value"]


def test_answers_are_xml_that_reads_back_the_same():
    from simplelists import dav_xml

    root = dav_xml.element(dav_xml.dav("multistatus"), [dav_xml.response("/dav/lists/a b/", {
        dav_xml.dav("displayname"): 'Fish & "chips" <today>\r\n',
        "{http://example.com/ns}colour": [dav_xml.element("{http://example.com/ns}rgb", "#fff", kind="a&b")],
    }, missing=[dav_xml.caldav("calendar-description")])])
    def shape(node: ET.Element) -> tuple:
        return node.tag, dict(node.attrib), node.text, [shape(child) for child in node]

    ours = ET.fromstring(dav_xml.multistatus(list(root)))
    assert shape(ours) == shape(root)
    assert ours.find(f".//{D}displayname").text == 'Fish & "chips" <today>\r\n'  # CR kept, as iCalendar needs


def test_the_log_keeps_a_month_and_each_items_newest_row(phone, db):
    milk, eggs = item_id(phone, "Milk"), item_id(phone, "Eggs")
    for done in (True, False, True):
        phone.lists.set_done(phone.list_id, milk, done)
    phone.lists.delete_item(phone.list_id, eggs)
    month_ago = format_sqlite_time(utc_now() - datetime.timedelta(days=31))
    db.connection().execute("UPDATE items SET time_deleted = ? WHERE time_deleted IS NOT NULL", (month_ago,))
    db.connection().execute("UPDATE change_log SET time = ?", (month_ago,))
    newest_milk = db.connection().execute("SELECT max(id) FROM change_log WHERE item_id = ?", (milk,)).fetchone()[0]
    other = phone.lists.create_list("Other")
    phone.lists.delete_list(other)  # any delete purges
    rows = db.connection().execute(
        "SELECT id, item_id, action FROM change_log WHERE list_id = ? ORDER BY id", (phone.list_id,)).fetchall()
    assert [row for row in rows if row[1] == milk] == [(newest_milk, milk, changes.TICKED)]
    assert not [row for row in rows if row[1] == eggs]  # gone for good with the item
    assert rows[-1][2] == changes.FORGOTTEN
    assert phone.request("GET", f"/dav/lists/{phone.list_id}/item-{milk}.ics").status_int == 200


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("20300101T000000Z", "20301231T000000Z", ["Milk", "Eggs", "Dentist"]),  # open-ended tasks match later ranges
    ("20200101T000000Z", "20200201T000000Z", ["Old"]),
])
def test_calendar_query_time_range_follows_rfc_4791(phone, start, end, expected):
    phone.put("dentist.ics", "Dentist", "DUE;VALUE=DATE:20300517\r\n")
    phone.put("old.ics", "Old", "DUE:20200115T100000Z\r\n")
    body = ('<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/>'
            '</d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO">'
            f'<c:time-range start="{start}" end="{end}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>')
    response = phone.request("REPORT", f"/dav/lists/{phone.list_id}/", body, Content_Type=XML)
    summaries = [data.text.split("SUMMARY:")[1].split("\r")[0] for data in tree(response).iter(f"{C}calendar-data")]
    assert summaries == expected


def test_filters_it_cannot_evaluate_are_refused(phone):
    body = ('<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>'
            '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:comp-filter name="VALARM"/>'
            '</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>')
    response = phone.request("REPORT", f"/dav/lists/{phone.list_id}/", body, Content_Type=XML)
    assert response.status_int == 403 and tree(response).find(f"{C}supported-filter") is not None


def test_deeply_nested_xml_is_refused_and_changes_nothing(phone):
    deep = "<x>" * 5000 + "</x>" * 5000
    body = ('<d:propertyupdate xmlns:d="DAV:" xmlns:a="http://apple.com/ns/ical/"><d:set><d:prop>'
            f'<a:calendar-color>{deep}</a:calendar-color></d:prop></d:set></d:propertyupdate>')
    response = phone.request("PROPPATCH", f"/dav/lists/{phone.list_id}/", body, Content_Type=XML)
    assert response.status_int == 400 and b"nested more than 32 levels" in response.body
    assert phone.db.connection().execute("SELECT count(*) FROM dav_lists").fetchone()[0] == 0


def test_a_list_made_under_a_name_with_signs_is_found_by_its_hrefs(phone):
    assert phone.request("MKCALENDAR", "/dav/lists/me@home+1/", "").status_int == 201
    (made,) = [summary for summary in phone.lists.get_lists() if summary.name == "me@home+1"]
    assert phone.put("tea.ics", "Tea", list_id="me@home+1").status_int == 201
    home = phone.request("PROPFIND", "/dav/lists/", Depth="1")
    assert "/dav/lists/me@home+1/" in hrefs(home)
    body = ('<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>'
            '</d:prop><d:href>/dav/lists/me%40home%2B1/tea.ics</d:href></c:calendar-multiget>')
    response = phone.request("REPORT", "/dav/lists/me@home+1/", body, Content_Type=XML)
    assert b"getetag" in response.body and b"404" not in response.body
    assert phone.descriptions(made.id) == ["Tea"]
