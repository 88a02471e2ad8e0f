"""An item as a VTODO (RFC 5545) both ways, for phones' Reminders and Tasks apps: pure
functions, no database, no request.

The web owns an item's text (SUMMARY), whether it is done (STATUS, COMPLETED,
PERCENT-COMPLETE), its section (the first of CATEGORIES), its place (X-APPLE-SORT-ORDER)
and the times of its changes (LAST-MODIFIED, DTSTAMP). Everything else a client put in a
VTODO (a due date, alarms, notes, priority, RELATED-TO, X- properties, time zones, its
UID and CREATED, its other categories) is kept as sent (Incoming.calendar) and served
back unchanged, with the web's properties written over it (to_ical).

Order: Reminders and Tasks.org sort by X-APPLE-SORT-ORDER (reportedly seconds since
2001-01-01), and items without one by CREATED. Every item is served with one, from its
place in the list (SORT_BASE + position), so items made on the web and on phones
interleave in the web's order; SORT_BASE is such a number of seconds (early 2020), so an
item a phone adds now sorts after them, where the web puts it too.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import TYPE_CHECKING

from simplelists.i18n import N_
from simplelists.matching import duplicate_key

# icalendar is imported where a phone's VTODO is read, not with the module: it takes a
# tenth of the app's start, and only phones' writes and calendar-queries need it (tasks
# are written out line by line without it).
if TYPE_CHECKING:
    import icalendar

SORT_BASE = 600_000_000
PRODID = "-//Simple Lists//Simple Lists//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8; component=VTODO"
# Owned by the web, so never kept from what a client sent.
_OWNED = ("SUMMARY", "STATUS", "COMPLETED", "PERCENT-COMPLETE", "CATEGORIES", "X-APPLE-SORT-ORDER",
          "LAST-MODIFIED", "DTSTAMP")
_KEPT_STATUSES = ("IN-PROCESS", "CANCELLED")  # an open item keeps these, as a phone set them
_WEB_NAME = re.compile(r"^item-([0-9]{1,18})\.ics$")
# What a resource may be called: what clients make (UUIDs, their own IDs) and ours.
RESOURCE_NAME_PATTERN = r"[A-Za-z0-9_@+=-][A-Za-z0-9_@+=.~-]{0,199}"
RESOURCE_NAME = re.compile(f"^{RESOURCE_NAME_PATTERN}$")


NOT_UTF8 = N_("The calendar data is not UTF-8.")
UNREADABLE = N_("The calendar data could not be read: {reason}")
ONLY_TASKS = N_("Only tasks (VTODO) can be stored here.")
ONE_UID = N_("The task must have one UID.")


class InvalidCalendar(ValueError):
    """The body is not iCalendar data this app can read: message (marked with N_, for
    the caller to translate) and its values say why."""

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


class NotATask(InvalidCalendar):
    """The body is iCalendar, but holds something other than one task (a VEVENT)."""


@dataclasses.dataclass(frozen=True)
class Served:
    """What the web knows of an item, to serve it as a VTODO."""

    uid: str
    summary: str
    done: bool
    section: str | None  # its section's name, the first category
    position: int  # its place in the list (coalesce(position, id))
    created: datetime.datetime  # aware
    last_modified: datetime.datetime  # aware
    calendar: str | None = None  # what a client sent (see Incoming.calendar); None: made on the web


@dataclasses.dataclass(frozen=True)
class Incoming:
    """A VTODO a client sent, read: what the web owns, and the rest kept as sent."""

    uid: str
    summary: str  # as sent: the caller cleans and checks it like a form's text
    done: bool
    categories: list[str]  # in order
    sort_order: int | None
    calendar: str  # the whole VCALENDAR as sent, less the category that became the section
    due: str | None  # for the list page: an ISO date, or date and time (UTC when it has a zone)
    notes: str | None  # DESCRIPTION

    def with_section(self, section: str | None) -> Incoming:
        """The same, with the first category naming section (ignoring case and spaces)
        left out of calendar: it is served from the item's section from now on."""
        if section is None:
            return self
        import icalendar  # on first use (see the imports above)

        calendar = icalendar.Calendar.from_ical(self.calendar)
        todo = _main_todo(calendar)
        rest = list(self.categories)
        for index, category in enumerate(rest):
            if duplicate_key(category) == duplicate_key(section):
                del rest[index]
                break
        todo.pop("CATEGORIES", None)
        if rest:
            todo.add("CATEGORIES", rest)
        return dataclasses.replace(self, calendar=calendar.to_ical().decode("utf-8"))


def web_uid(item_id: int) -> str:
    """The UID of an item made on the web."""
    return f"simplelists-item-{item_id}"


def web_name(item_id: int) -> str:
    """The resource name of an item made on the web."""
    return f"item-{item_id}.ics"


def item_id_of_web_name(name: str) -> int | None:
    """The item ID in a name web_name made, else None."""
    match = _WEB_NAME.match(name)
    return int(match.group(1)) if match else None


def sort_order(position: int) -> int:
    """The X-APPLE-SORT-ORDER served for an item at that place."""
    return SORT_BASE + position


def to_ical(item: Served) -> bytes:
    """The item as a whole VCALENDAR with one VTODO (plus whatever else a client sent).

    Written line by line rather than through icalendar's objects, which cost a
    millisecond or two per item: phones fetch hundreds at once. What a client sent was
    written by icalendar when it was stored, so its lines are well formed; the web's
    properties replace those of its task (the VTODO that is not one instance of a
    repeating task), and the section comes as a CATEGORIES line of its own, before the
    client's other categories (RFC 5545 allows several)."""
    if item.calendar is None:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "BEGIN:VTODO", f"UID:{_escape(item.uid)}",
                 f"CREATED:{_utc_text(item.created)}", *_owned_lines(item, None, None), "END:VTODO", "END:VCALENDAR"]
    else:
        lines = _merged(item, _unfold(item.calendar))
    return "".join(_fold(line) for line in lines).encode("utf-8")


def _owned_lines(item: Served, stored_status: str | None, stored_completed: str | None,
                 categories: list[str] = (), stored_percent: str | None = None) -> list[str]:
    modified = _utc_text(item.last_modified)
    lines = [f"DTSTAMP:{modified}", f"LAST-MODIFIED:{modified}", f"SUMMARY:{_escape(item.summary)}"]
    if item.done:
        completed = stored_completed if stored_status == "COMPLETED" and stored_completed else f"COMPLETED:{modified}"
        lines += ["STATUS:COMPLETED", completed, "PERCENT-COMPLETE:100"]
    else:
        kept = stored_status in _KEPT_STATUSES
        lines.append(f"STATUS:{stored_status if kept else 'NEEDS-ACTION'}")
        if kept and stored_percent:
            lines.append(stored_percent)
    if item.section:
        lines.append(f"CATEGORIES:{_escape(item.section)}")
    lines.extend(categories)  # a client's others, after the section
    lines.append(f"X-APPLE-SORT-ORDER:{sort_order(item.position)}")
    return lines


def _merged(item: Served, lines: list[str]) -> list[str]:
    """A client's calendar (unfolded lines) with the web's properties in its task."""
    # Find the task: the first VTODO directly in the VCALENDAR without a RECURRENCE-ID.
    depth, start, todos = 0, 0, []
    for index, line in enumerate(lines):
        name = _name(line)
        if name == "BEGIN":
            depth += 1
            if depth == 2 and line[6:].upper() == "VTODO":
                start = index
        elif name == "END":
            if depth == 2 and line[4:].upper() == "VTODO":
                todos.append((start, index))
            depth -= 1
    main = next(((first, last) for first, last in todos
                 if not any(_name(line) == "RECURRENCE-ID" for line in _top_level(lines, first, last))), todos[0])
    first, last = main
    top = set(_top_level_indexes(lines, first, last))
    # The web's properties go after the task's own, before its alarms (RFC 5545 puts a
    # component's properties first).
    alarms = next((index for index in range(first + 1, last) if index not in top and _name(lines[index]) == "BEGIN"),
                  last)
    stored_status = stored_completed = stored_percent = None
    kept, kept_alarms, categories = [], [], []
    for index in range(first, last):
        line = lines[index]
        name = _name(line)
        if index in top and name in _OWNED_HERE:
            if name == "STATUS":
                stored_status = line.partition(":")[2].strip().upper()
            elif name == "COMPLETED":
                stored_completed = line
            elif name == "PERCENT-COMPLETE":
                stored_percent = line
            continue
        if index in top and name == "CATEGORIES":
            categories.append(line)
            continue
        (kept if index < alarms else kept_alarms).append(line)
    return [*lines[:first], *kept, *_owned_lines(item, stored_status, stored_completed, categories, stored_percent),
            *kept_alarms,
            *lines[last:]]


# The web's properties, less CATEGORIES: a client's other categories stay as sent.
_OWNED_HERE = frozenset(name for name in _OWNED if name != "CATEGORIES")


def _top_level_indexes(lines: list[str], first: int, last: int) -> list[int]:
    """The indexes of a component's own property lines (not its alarms')."""
    depth, indexes = 0, []
    for index in range(first + 1, last):
        name = _name(lines[index])
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        elif depth == 0:
            indexes.append(index)
    return indexes


def _top_level(lines: list[str], first: int, last: int) -> list[str]:
    return [lines[index] for index in _top_level_indexes(lines, first, last)]


def _name(line: str) -> str:
    end = len(line)
    for separator in (";", ":"):
        found = line.find(separator)
        if found != -1:
            end = min(end, found)
    return line[:end].upper()


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def parse(body: bytes) -> Incoming:
    """Read a VCALENDAR a client sent. InvalidCalendar for anything but UTF-8 iCalendar
    with exactly one task (several VTODOs of one UID, a repeating task's instances, are
    kept too); NotATask for one holding events or journal entries instead."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCalendar(NOT_UTF8) from None
    import icalendar  # on first use (see the imports above)

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # noqa: BLE001 - the parser raises many kinds; all mean "unreadable"
        raise InvalidCalendar(UNREADABLE, reason=_first_line(error)) from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise InvalidCalendar(UNREADABLE, reason="not one VCALENDAR")
    kinds = {component.name for component in calendar.subcomponents}
    if kinds & {"VEVENT", "VJOURNAL", "VFREEBUSY"}:
        raise NotATask(ONLY_TASKS)
    todos = [component for component in calendar.subcomponents if component.name == "VTODO"]
    if not todos:
        raise NotATask(ONLY_TASKS)
    uids = {str(todo.get("UID", "")) for todo in todos}
    if len(uids) != 1 or not next(iter(uids)).strip():
        raise InvalidCalendar(ONE_UID)
    todo = _main_todo(calendar)
    try:
        due = _due_text(todo)
        summary = str(todo.get("SUMMARY", ""))
        notes = str(todo["DESCRIPTION"]) if "DESCRIPTION" in todo else None
        categories = _categories(todo)
        calendar_text = calendar.to_ical().decode("utf-8")
    except Exception as error:  # noqa: BLE001 - a value the parser left unread
        raise InvalidCalendar(UNREADABLE, reason=_first_line(error)) from None
    status = str(todo.get("STATUS", "")).upper()
    done = status == "COMPLETED" or (not status and "COMPLETED" in todo)
    return Incoming(uid=next(iter(uids)), summary=summary, done=done, categories=categories,
                    sort_order=_sort_order(todo), calendar=calendar_text, due=due, notes=notes)


def _main_todo(calendar: icalendar.Calendar) -> icalendar.Todo:
    """The task itself: the VTODO that is not one instance of a repeating task."""
    todos = [component for component in calendar.subcomponents if component.name == "VTODO"]
    for todo in todos:
        if "RECURRENCE-ID" not in todo:
            return todo
    return todos[0]


def _categories(todo: icalendar.Component) -> list[str]:
    value = todo.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(category) for part in values for category in part.cats if str(category).strip()]


def _sort_order(todo: icalendar.Component) -> int | None:
    value = str(todo.get("X-APPLE-SORT-ORDER", "")).strip()
    return int(value) if re.fullmatch(r"-?[0-9]{1,18}", value) else None


def _due_text(todo: icalendar.Component) -> str | None:
    if "DUE" not in todo:
        return None
    due = todo.decoded("DUE")
    if isinstance(due, datetime.datetime):
        if due.tzinfo is not None:
            return due.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return due.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(due, datetime.date):
        return due.isoformat()
    return None


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def task_properties(ical: bytes) -> dict[str, list[str]]:
    """The task's own properties in a calendar to_ical made: name -> its values as
    written (escapes and all), for a calendar-query's filters."""
    lines = _unfold(ical.decode("utf-8"))
    first = next(index for index, line in enumerate(lines) if line.upper() == "BEGIN:VTODO")
    last = next(index for index in range(first, len(lines)) if lines[index].upper() == "END:VTODO")
    found: dict[str, list[str]] = {}
    for line in _top_level(lines, first, last):
        found.setdefault(_name(line), []).append(_value(line))
    return found


def _value(line: str) -> str:
    """A content line's value: after the first colon outside quoted parameter values."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[index + 1:]
    return ""
