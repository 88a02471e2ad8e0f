"""An item as a VTODO both ways (vtodo.py), read back with icalendar as clients read it:
what the web owns is written over what a phone sent, and everything else survives."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simplelists import forms, vtodo

NOW = datetime.datetime(2026, 12, 6, 15, 30, tzinfo=datetime.timezone.utc)
CREATED = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.timezone.utc)

PHONE = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Apple Inc.//iOS 18.1//EN\r
BEGIN:VTIMEZONE\r
TZID:Europe/Paris\r
BEGIN:STANDARD\r
DTSTART:19701025T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VTODO\r
UID:6D3F2A8E-AAAA-4B7E-9D0C-phone\r
CREATED:20261101T080000Z\r
DTSTAMP:20261101T080000Z\r
SUMMARY:Birthday cake\r
STATUS:IN-PROCESS\r
PERCENT-COMPLETE:40\r
PRIORITY:1\r
DUE;TZID=Europe/Paris:20261207T100000\r
DESCRIPTION:Chocolate\\, for Sam\\nTwo layers\r
CATEGORIES:Party,Urgent\r
RELATED-TO:PARENT-UID\r
X-APPLE-SORT-ORDER:818000000\r
X-TASKS-ORG-FLAG:keep me\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
DESCRIPTION:Cake!\r
TRIGGER:-PT2H\r
END:VALARM\r
END:VTODO\r
END:VCALENDAR\r
"""


def served(incoming: vtodo.Incoming | None = None, **changes) -> vtodo.Served:
    values = dict(uid="simplelists-item-7", summary="Milk", done=False, section=None, position=7, created=CREATED,
                  last_modified=NOW, calendar=incoming.calendar if incoming else None)
    values.update(changes)
    return vtodo.Served(**values)


def task(data: bytes) -> icalendar.Todo:
    (todo,) = icalendar.Calendar.from_ical(data).walk("VTODO")
    return todo


def test_a_web_item_as_a_vtodo():
    todo = task(vtodo.to_ical(served(summary="Crème fraîche, 2; big", section="Dairy")))
    assert str(todo["UID"]) == "simplelists-item-7"
    assert str(todo["SUMMARY"]) == "Crème fraîche, 2; big"
    assert str(todo["STATUS"]) == "NEEDS-ACTION" and "COMPLETED" not in todo and "PERCENT-COMPLETE" not in todo
    assert todo.categories == ["Dairy"]
    assert str(todo["X-APPLE-SORT-ORDER"]) == "600000007"
    assert todo.decoded("CREATED") == CREATED and todo.decoded("LAST-MODIFIED") == NOW == todo.decoded("DTSTAMP")


def test_done_items_say_when():
    todo = task(vtodo.to_ical(served(done=True)))
    assert str(todo["STATUS"]) == "COMPLETED" and todo.decoded("COMPLETED") == NOW
    assert int(todo["PERCENT-COMPLETE"]) == 100


def test_what_a_phone_sent_comes_back_with_the_webs_properties_over_it():
    incoming = vtodo.parse(PHONE).with_section("party")
    assert (incoming.uid, incoming.summary, incoming.done) == ("6D3F2A8E-AAAA-4B7E-9D0C-phone", "Birthday cake", False)
    assert incoming.categories == ["Party", "Urgent"] and incoming.sort_order == 818000000
    assert incoming.due == "2026-12-07T09:00:00Z" and incoming.notes == "Chocolate, for Sam\nTwo layers"
    # The web renamed it and moved it; it is still open.
    todo = task(vtodo.to_ical(served(incoming, uid=incoming.uid, summary="Birthday cake (big)", section="Party",
                                     position=3)))
    assert str(todo["SUMMARY"]) == "Birthday cake (big)"
    assert str(todo["STATUS"]) == "IN-PROCESS" and int(todo["PERCENT-COMPLETE"]) == 40  # as the phone set them
    assert todo.categories == ["Party", "Urgent"]
    assert str(todo["X-APPLE-SORT-ORDER"]) == "600000003"
    assert str(todo["UID"]) == "6D3F2A8E-AAAA-4B7E-9D0C-phone" and todo.decoded("CREATED") == CREATED
    assert int(todo["PRIORITY"]) == 1 and str(todo["RELATED-TO"]) == "PARENT-UID"
    assert str(todo["X-TASKS-ORG-FLAG"]) == "keep me"
    assert todo.decoded("DUE") == datetime.datetime(2026, 12, 7, 10, 0, tzinfo=todo.decoded("DUE").tzinfo)
    assert str(todo["DESCRIPTION"]) == "Chocolate, for Sam\nTwo layers"
    assert [str(alarm["DESCRIPTION"]) for alarm in todo.walk("VALARM")] == ["Cake!"]
    calendar = icalendar.Calendar.from_ical(vtodo.to_ical(served(incoming, uid=incoming.uid)))
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(calendar["PRODID"]) == "-//Apple Inc.//iOS 18.1//EN"


def test_ticked_and_unticked_on_the_web():
    incoming = vtodo.parse(PHONE)
    todo = task(vtodo.to_ical(served(incoming, done=True)))
    assert str(todo["STATUS"]) == "COMPLETED" and int(todo["PERCENT-COMPLETE"]) == 100
    completed = vtodo.parse(PHONE.replace(b"STATUS:IN-PROCESS", b"STATUS:COMPLETED\r\nCOMPLETED:20261102T090000Z"))
    assert completed.done
    assert task(vtodo.to_ical(served(completed, done=True))).decoded("COMPLETED") == datetime.datetime(
        2026, 11, 2, 9, tzinfo=datetime.timezone.utc)  # when the phone ticked it
    todo = task(vtodo.to_ical(served(completed, done=False)))  # unticked on the web
    assert str(todo["STATUS"]) == "NEEDS-ACTION" and "COMPLETED" not in todo and "PERCENT-COMPLETE" not in todo


def test_the_web_properties_go_before_the_alarms():
    lines = vtodo.to_ical(served(vtodo.parse(PHONE))).decode().split("\r\n")
    assert lines.index("SUMMARY:Milk") < lines.index("BEGIN:VALARM")


def test_a_repeating_tasks_instances_are_kept_and_the_task_itself_changed():
    data = PHONE.replace(b"END:VCALENDAR", b"BEGIN:VTODO\r\nUID:6D3F2A8E-AAAA-4B7E-9D0C-phone\r\n"
                         b"RECURRENCE-ID:20261214T100000Z\r\nSUMMARY:One of them\r\nEND:VTODO\r\nEND:VCALENDAR")
    calendar = icalendar.Calendar.from_ical(vtodo.to_ical(served(vtodo.parse(data), summary="Cake")))
    assert [str(todo["SUMMARY"]) for todo in calendar.walk("VTODO")] == ["Cake", "One of them"]


@pytest.mark.parametrize(("body", "error"), [
    (b"\xff\xfe", vtodo.InvalidCalendar),
    (b"hello", vtodo.InvalidCalendar),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\n", vtodo.InvalidCalendar),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", vtodo.InvalidCalendar),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:a\r\nDUE:tomorrow\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
     vtodo.InvalidCalendar),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", vtodo.NotATask),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", vtodo.NotATask),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:a\r\nEND:VTODO\r\nBEGIN:VTODO\r\nUID:b\r\nEND:VTODO\r\n"
     b"END:VCALENDAR\r\n", vtodo.InvalidCalendar),
], ids=["not UTF-8", "not iCalendar", "cut off", "no UID", "bad date", "an event", "no task", "two UIDs"])
def test_what_is_refused(body, error):
    with pytest.raises(error):
        vtodo.parse(body)


# Any text an item can have on the web: what forms.clean leaves of any string.
ITEM_TEXT = st.text(min_size=1, max_size=forms.MAX_TEXT_LENGTH).map(forms.clean).filter(bool)


@settings(max_examples=150, deadline=None)
@given(text=ITEM_TEXT, section=st.none() | ITEM_TEXT)
def test_any_item_text_survives_web_to_icalendar_to_web(text, section):
    data = vtodo.to_ical(served(summary=text, section=section))
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))  # folded
    incoming = vtodo.parse(data)
    assert incoming.summary == text
    assert incoming.categories == ([section] if section else [])
    assert task(data)["SUMMARY"] == text  # as icalendar reads it too
