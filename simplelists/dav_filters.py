"""A calendar-query's filter (RFC 4791 9.7), as a test of an item's VTODO.

Supported: what clients send for task lists. The VCALENDAR and VTODO component filters
(is-not-defined too; any other component matches nothing, as lists hold tasks only); a
VTODO's time-range, with RFC 4791 9.9's rules (DTSTART, DUE, DURATION, COMPLETED,
CREATED; dates and floating times taken as UTC); and property filters with
is-not-defined and text-match (substring, ignoring case, negate-condition), which is how
"not completed" is asked (COMPLETED is-not-defined, or STATUS not COMPLETED). Anything
else (a filter on alarms, on parameters, a property's own time-range) is Unsupported,
which the handler answers with 403 and supported-filter rather than a wrong answer.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - types only; bodies are parsed by defusedxml
from collections.abc import Callable
from typing import TYPE_CHECKING

from simplelists import dav_xml, vtodo
from simplelists.dav_xml import caldav

if TYPE_CHECKING:
    import icalendar  # imported where a task is read, like vtodo's (see there)

Test = Callable[[bytes], bool]  # of an item's whole VCALENDAR, as served


def _EVERYTHING(data: bytes) -> bool:
    return True


def _NOTHING(data: bytes) -> bool:
    return False


class Unsupported(ValueError):
    """A filter this server does not evaluate."""


def test_for(node: ET.Element | None) -> Test:
    """The test of a calendar-query's filter element (everything passes without one)."""
    if node is None:
        return _EVERYTHING
    outer = dav_xml.child(node, caldav("comp-filter"))
    if outer is None or outer.get("name", "").upper() != "VCALENDAR":
        return _NOTHING
    if dav_xml.child(outer, caldav("is-not-defined")) is not None:
        return _NOTHING
    if dav_xml.child(outer, caldav("time-range")) is not None or dav_xml.children(outer, caldav("prop-filter")):
        raise Unsupported
    tests = [_component_test(comp) for comp in dav_xml.children(outer, caldav("comp-filter"))]
    return lambda data: all(test(data) for test in tests)


def _component_test(comp: ET.Element) -> Test:
    name = comp.get("name", "").upper()
    absent = dav_xml.child(comp, caldav("is-not-defined")) is not None
    if name != "VTODO":
        return _EVERYTHING if absent else _NOTHING  # items are VTODOs only
    if absent:
        return _NOTHING
    if dav_xml.children(comp, caldav("comp-filter")):  # e.g. VALARM: not looked into
        raise Unsupported
    tests = [_property_test(prop) for prop in dav_xml.children(comp, caldav("prop-filter"))]
    time_range = dav_xml.child(comp, caldav("time-range"))
    if time_range is not None:
        tests.append(_time_range_test(time_range))
    return lambda data: all(test(data) for test in tests)


def _property_test(prop: ET.Element) -> Test:
    name = prop.get("name", "").upper()
    if dav_xml.child(prop, caldav("param-filter")) is not None or dav_xml.child(prop, caldav("time-range")) is not None:
        raise Unsupported
    if dav_xml.child(prop, caldav("is-not-defined")) is not None:
        return lambda data: name not in vtodo.task_properties(data)
    match = dav_xml.child(prop, caldav("text-match"))
    if match is None:
        return lambda data: name in vtodo.task_properties(data)
    text = (match.text or "").casefold()
    negate = match.get("negate-condition", "no").lower() == "yes"

    def test(data: bytes) -> bool:
        values = vtodo.task_properties(data).get(name)
        if values is None:
            return False
        return any(text in value.casefold() for value in values) != negate

    return test


def _time_range_test(node: ET.Element) -> Test:
    start = _utc(node.get("start")) or datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
    end = _utc(node.get("end")) or datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)

    import icalendar  # on first use, as in vtodo.py

    def test(data: bytes) -> bool:
        (todo,) = [component for component in icalendar.Calendar.from_ical(data).walk("VTODO")
                   if "RECURRENCE-ID" not in component][:1] or [None]
        if todo is None:
            return False
        dtstart, due, completed, created = (_moment(todo, name) for name in ("DTSTART", "DUE", "COMPLETED", "CREATED"))
        duration = todo.decoded("DURATION") if "DURATION" in todo else None
        # RFC 4791 9.9, the table for VTODO, row by row.
        if dtstart is not None and isinstance(duration, datetime.timedelta):
            return start <= dtstart + duration and (end > dtstart or end >= dtstart + duration)
        if dtstart is not None and due is not None:
            return (start < due or start <= dtstart) and (end > dtstart or end >= due)
        if dtstart is not None:
            return start <= dtstart < end
        if due is not None:
            return start < due <= end
        if completed is not None and created is not None:
            return (start <= created or start <= completed) and (end >= created or end >= completed)
        if completed is not None:
            return start <= completed <= end
        if created is not None:
            return end > created
        return True

    return test


def _moment(todo: icalendar.Component, name: str) -> datetime.datetime | None:
    """A date or time property as an aware UTC moment (dates and floating times as UTC)."""
    if name not in todo:
        return None
    value = todo.decoded(name)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc) if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
    return None


def _utc(text: str | None) -> datetime.datetime | None:
    """A time-range's bound (UTC, "20261206T000000Z"); None when missing; Unsupported
    when unreadable."""
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Unsupported from None
