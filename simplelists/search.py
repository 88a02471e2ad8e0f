"""Finding items and lists by their text, ignoring case and accents (matching.search_key).

SearchStore.search looks through every list that is not deleted; whether a person may
search them all is the web side's decision (routes/search.py), since with sign-in off and
lists hidden, a list's link is its only key. filter_items is the search within one list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from simplelists.db import Database
from simplelists.items import Item
from simplelists.matching import search_key

MAX_ITEM_RESULTS = 200  # enough to find anything; a page a phone still shows quickly


@dataclasses.dataclass(frozen=True)
class FoundItem:
    """An item whose text matches."""

    id: int
    description: str
    done: bool


@dataclasses.dataclass(frozen=True)
class FoundList:
    """A list whose name or items match: the matching items, in the list's order."""

    id: str
    name: str
    name_matches: bool
    items: list[FoundItem]


@dataclasses.dataclass(frozen=True)
class SearchResults:
    """The lists with matches, newest first (as on the home page). more: there were more
    matching items than MAX_ITEM_RESULTS, and the rest are left out."""

    lists: list[FoundList]
    more: bool = False

    @property
    def item_count(self) -> int:
        return sum(len(found.items) for found in self.lists)


def query_key(query: str) -> str:
    """What a query is matched as: folded like the texts it is compared with."""
    return search_key(query)


def filter_items(items: Iterable[Item], query: str) -> list[Item]:
    """The items whose text contains the query, ignoring case and accents; all of them
    for a blank query."""
    key = query_key(query)
    if not key:
        return list(items)
    return [item for item in items if key in search_key(item.description)]


class SearchStore:
    """Searching every list that is not deleted."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def search(self, query: str) -> SearchResults:
        """Lists whose name, and items (not deleted) whose text, contain the query,
        ignoring case and accents; no results for a blank query. Deleted lists never
        show, nor their items."""
        key = query_key(query)
        if not key:
            return SearchResults([])
        connection = self.db.connection()
        lists = connection.execute(
            """SELECT id, name, instr(search_key(name), ?) > 0 FROM lists WHERE time_deleted IS NULL
               ORDER BY time_created DESC, rowid DESC""", (key,)).fetchall()
        rows = connection.execute(
            """SELECT list_id, id, description, done FROM items
               WHERE time_deleted IS NULL AND instr(search_key(description), ?) > 0
                 AND list_id IN (SELECT id FROM lists WHERE time_deleted IS NULL)
               ORDER BY coalesce(position, id), id LIMIT ?""", (key, MAX_ITEM_RESULTS + 1)).fetchall()
        items: dict[str, list[FoundItem]] = {}
        for list_id, item_id, description, done in rows[:MAX_ITEM_RESULTS]:
            items.setdefault(list_id, []).append(FoundItem(item_id, description, bool(done)))
        found = [FoundList(list_id, name, bool(name_matches), items.get(list_id, []))
                 for list_id, name, name_matches in lists if name_matches or list_id in items]
        return SearchResults(found, more=len(rows) > MAX_ITEM_RESULTS)
