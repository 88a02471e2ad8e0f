"""Items as CalDAV resources (…/<list>/<name>.ics): finding them by name, their ETags, and
a phone's writes, which go through the same stores as the forms (items.py, sections.py),
so they are trimmed and limited the same way, bump the list's version, are logged, and a
deleted item goes to the trash.

An item made on the web is item-<id>.ics with UID simplelists-item-<id>; one a client made
keeps the client's name and UID (dav_items), with the whole VTODO it sent (vtodo.py).

ETags are strong: a hash of everything the served VTODO is made from (its text, done,
section, place, what the client sent, its newest change in the log), so one changes
exactly when the served data does. A write's precondition (If-Match, If-None-Match: *)
is checked in the same transaction as the write, so a phone and the web editing an item
at once never silently overwrite each other: the one that comes second gets 412.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Sequence

from simplelists import changes, forms, vtodo
from simplelists.db import Database, placeholders
from simplelists.items import ITEM_ORDER
from simplelists.lists import ListStore
from simplelists.matching import duplicate_key
from simplelists.sections import SectionStore
from simplelists.timestamps import parse_timestamp


class PreconditionFailed(Exception):
    """If-Match or If-None-Match did not hold: the item changed, or exists, or not."""


class UidConflict(Exception):
    """Another item of the list has that UID already (RFC 4791's no-uid-conflict)."""


class NameReserved(Exception):
    """A new item may not take a name of the kind the web's items have (item-<id>.ics)."""


@dataclasses.dataclass(frozen=True)
class Resource:
    """An item as a resource."""

    item_id: int
    name: str
    etag: str  # with its quotes
    served: vtodo.Served

    def ical(self) -> bytes:
        return vtodo.to_ical(self.served)


@dataclasses.dataclass(frozen=True)
class Written:
    """What a PUT did: the item, and whether it is new."""

    item_id: int
    created: bool


# One item with all it is served from; {where} narrows it down. The change log is searched
# with the list's ID as a parameter, not items.list_id: that column has the Go schema's
# INTEGER affinity, and comparing it with the log's text column would skip the index.
_SELECT = """
    SELECT i.id, i.description, i.done, s.name, coalesce(i.position, i.id), i.time_created,
           d.name, d.uid, d.calendar,
           newest.id, newest.time
    FROM items i
    LEFT JOIN change_log newest ON newest.id = (
        SELECT max(c.id) FROM change_log c WHERE c.list_id = ? AND c.item_id = i.id)
    LEFT JOIN sections s ON s.id = i.section_id AND s.list_id = i.list_id
    LEFT JOIN dav_items d ON d.item_id = i.id
    WHERE i.list_id = ? {where} ORDER BY coalesce(i.position, i.id), i.id"""


class DavItems:
    """Reading items as resources, and the writes phones make to them."""

    def __init__(self, db: Database, lists: ListStore, sections: SectionStore) -> None:
        self.db = db
        self.lists = lists
        self.sections = sections

    # -- reading -----------------------------------------------------------------------

    def resources(self, list_id: str) -> list[Resource]:
        """The list's items (not deleted), in the list's order."""
        return _resources(self.db.connection(), list_id, "AND i.time_deleted IS NULL", ())

    def by_ids(self, list_id: str, item_ids: Sequence[int]) -> dict[int, Resource]:
        """Those of the items (not deleted) that are on the list, by ID."""
        found: dict[int, Resource] = {}
        ids = list(item_ids)
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for resource in _resources(self.db.connection(), list_id,
                                       f"AND i.time_deleted IS NULL AND i.id IN ({placeholders(part)})", part):
                found[resource.item_id] = resource
        return found

    def by_names(self, list_id: str, names: Sequence[str]) -> dict[str, Resource]:
        """Those of the resource names that are items of the list (not deleted): a
        client's own names, and web items' names (item-<id>.ics) of items that have none."""
        names = list(dict.fromkeys(names))
        ids: dict[str, int] = {}
        for start in range(0, len(names), 500):
            part = names[start:start + 500]
            ids.update(self.db.connection().execute(
                f"SELECT name, item_id FROM dav_items WHERE list_id = ? AND name IN ({placeholders(part)})",
                (list_id, *part)).fetchall())
        for name in names:
            item_id = vtodo.item_id_of_web_name(name)
            if name not in ids and item_id is not None:
                ids[name] = item_id
        found = self.by_ids(list_id, list(ids.values()))
        # A web item's name stops working once a client gave the item a name of its own.
        return {name: found[item_id] for name, item_id in ids.items()
                if item_id in found and found[item_id].name == name}

    def names_of(self, list_id: str, item_ids: Sequence[int]) -> dict[int, str]:
        """The resource names of items, deleted ones too (for tombstones)."""
        if not item_ids:
            return {}
        named = dict(self.db.connection().execute(
            f"SELECT item_id, name FROM dav_items WHERE list_id = ? AND item_id IN ({placeholders(item_ids)})",
            (list_id, *item_ids)).fetchall())
        return {item_id: named.get(item_id) or vtodo.web_name(item_id) for item_id in item_ids}

    # -- writing -----------------------------------------------------------------------

    def put(self, list_id: str, name: str, incoming: vtodo.Incoming, summary: str, *, if_match: list[str] | None,
            if_none_match: bool, who: str) -> Written:
        """Store a VTODO a client sent under its name: a new item at the end of the list
        (even if one has the same text), or a change to the item of that name. summary
        is its text, cleaned and checked by the caller. PreconditionFailed, UidConflict
        or NameReserved change nothing. The list must exist (the caller checks)."""
        with self.db.transaction() as connection:
            item_id = _item_id(connection, list_id, name)
            current = None
            if item_id is not None:
                found = _resources(connection, list_id, "AND i.time_deleted IS NULL AND i.id = ?", (item_id,))
                current = found[0] if found else None
            if (if_none_match and current is not None) or (
                    if_match is not None and (current is None or ("*" not in if_match and current.etag not in if_match))):
                raise PreconditionFailed
            owner = _uid_owner(connection, list_id, incoming.uid)
            if owner is not None and (current is None or owner != current.item_id):
                raise UidConflict
            section_id, section_name = self._section_for(connection, list_id, incoming.categories, who)
            incoming = incoming.with_section(section_name)
            if current is None:
                if vtodo.item_id_of_web_name(name) is not None:
                    raise NameReserved
                # A name left by an item in the trash is given to the new one.
                connection.execute("DELETE FROM dav_items WHERE list_id = ? AND name = ?", (list_id, name))
                item_id = self.lists.add_new_item(list_id, summary, section_id, incoming.done, who=who)
                assert item_id is not None
                _save(connection, list_id, item_id, name, incoming)
                if incoming.sort_order is not None:
                    self._place(connection, list_id, item_id, incoming.sort_order, who)
                return Written(item_id, True)
            item_id = current.item_id
            changed = False
            if summary != current.served.summary or section_name != current.served.section:
                self.lists.edit_item(list_id, item_id, summary, section_id=section_id, who=who)
                changed = True
            if incoming.done != current.served.done:
                self.lists.set_done(list_id, item_id, incoming.done, who=who)
                changed = True
            if current.served.calendar != incoming.calendar or current.name != name:
                _save(connection, list_id, item_id, name, incoming)
                if not changed:
                    changes.record(connection, list_id, changes.EDITED, (item_id,), who=who)
                    changes.bump_version(connection, list_id, None)
            if incoming.sort_order is not None and incoming.sort_order != vtodo.sort_order(current.served.position):
                self._place(connection, list_id, item_id, incoming.sort_order, who)
            return Written(item_id, False)

    def delete(self, list_id: str, name: str, *, if_match: list[str] | None, who: str) -> bool:
        """Move the item of that name to the trash; False if there is none.
        PreconditionFailed if If-Match does not hold."""
        with self.db.transaction() as connection:
            item_id = _item_id(connection, list_id, name)
            found = [] if item_id is None else _resources(
                connection, list_id, "AND i.time_deleted IS NULL AND i.id = ?", (item_id,))
            if not found:
                if if_match is not None:
                    raise PreconditionFailed
                return False
            if if_match is not None and "*" not in if_match and found[0].etag not in if_match:
                raise PreconditionFailed
            return bool(self.lists.delete_item(list_id, found[0].item_id, who=who))

    def _section_for(self, connection: sqlite3.Connection, list_id: str, categories: list[str],
                     who: str) -> tuple[int | None, str | None]:
        """The section the categories put an item in: the first naming one of the list's
        sections; else a new section named by the first, at the end; else none."""
        sections = connection.execute(
            "SELECT id, name FROM sections WHERE list_id = ? ORDER BY position, id", (list_id,)).fetchall()
        keys = {duplicate_key(name): (section_id, name) for section_id, name in reversed(sections)}
        for category in categories:
            if duplicate_key(category) in keys:
                return keys[duplicate_key(category)]
        name = forms.clean(categories[0]) if categories else ""
        if name and len(name) <= forms.MAX_TEXT_LENGTH:
            change = self.sections.add_section(list_id, name, who=who)
            return change.section_id, name
        return None, None

    def _place(self, connection: sqlite3.Connection, list_id: str, item_id: int, sort_order: int, who: str) -> None:
        """Put the item where its X-APPLE-SORT-ORDER sorts among the others' (served)."""
        rows = connection.execute(
            f"SELECT id, coalesce(position, id) FROM items WHERE list_id = ? {ITEM_ORDER}", (list_id,)).fetchall()
        others = [(row_id, vtodo.sort_order(position)) for row_id, position in rows if row_id != item_id]
        before = next((row_id for row_id, order in others if order > sort_order), None)
        current = [row_id for row_id, _position in rows]
        index = current.index(item_id)
        following = current[index + 1] if index + 1 < len(current) else None
        if following != before:
            self.lists.place_item(list_id, item_id, before, who=who)


def _resources(connection: sqlite3.Connection, list_id: str, where: str, parameters: Sequence[object]) -> list[Resource]:
    rows = connection.execute(_SELECT.format(where=where), (list_id, list_id, *parameters)).fetchall()
    resources = []
    for item_id, description, done, section, position, created, name, uid, calendar, newest, newest_time in rows:
        last = parse_timestamp(newest_time) if newest_time is not None else None
        created_time = parse_timestamp(created)
        served = vtodo.Served(uid=uid or vtodo.web_uid(item_id), summary=description, done=bool(done),
                              section=section, position=position, created=created_time,
                              last_modified=last or created_time, calendar=calendar)
        digest = hashlib.blake2b(repr((item_id, description, bool(done), section, position, calendar, newest,
                                       uid, name)).encode("utf-8"), digest_size=12).hexdigest()
        resources.append(Resource(item_id, name or vtodo.web_name(item_id), f'"{digest}"', served))
    return resources


def _item_id(connection: sqlite3.Connection, list_id: str, name: str) -> int | None:
    """The item a resource name stands for (deleted or not), or None: a client's own
    name, else a web item's name, unless that item was given a client's name."""
    row = connection.execute("SELECT item_id FROM dav_items WHERE list_id = ? AND name = ?",
                             (list_id, name)).fetchone()
    if row is not None:
        return row[0]
    item_id = vtodo.item_id_of_web_name(name)
    if item_id is None:
        return None
    row = connection.execute(
        """SELECT 1 FROM items i WHERE i.id = ? AND i.list_id = ?
           AND NOT EXISTS (SELECT 1 FROM dav_items d WHERE d.item_id = i.id)""", (item_id, list_id)).fetchone()
    return item_id if row is not None else None


def _uid_owner(connection: sqlite3.Connection, list_id: str, uid: str) -> int | None:
    """The live item of the list with that UID, if any."""
    row = connection.execute(
        """SELECT d.item_id FROM dav_items d JOIN items i ON i.id = d.item_id
           WHERE d.list_id = ? AND d.uid = ? AND i.time_deleted IS NULL""", (list_id, uid)).fetchone()
    if row is not None:
        return row[0]
    prefix = vtodo.web_uid(0)[:-1]
    if uid.startswith(prefix) and uid[len(prefix):].isdigit() and len(uid) - len(prefix) < 19:
        item_id = int(uid[len(prefix):])
        row = connection.execute(
            """SELECT 1 FROM items i WHERE i.id = ? AND i.list_id = ? AND i.time_deleted IS NULL
               AND NOT EXISTS (SELECT 1 FROM dav_items d WHERE d.item_id = i.id)""", (item_id, list_id)).fetchone()
        return item_id if row is not None else None
    return None


def _save(connection: sqlite3.Connection, list_id: str, item_id: int, name: str, incoming: vtodo.Incoming) -> None:
    connection.execute(
        """INSERT INTO dav_items (item_id, list_id, name, uid, calendar, due, notes) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (item_id) DO UPDATE SET name = excluded.name, uid = excluded.uid,
               calendar = excluded.calendar, due = excluded.due, notes = excluded.notes""",
        (item_id, list_id, name, incoming.uid, incoming.calendar, incoming.due, incoming.notes))
