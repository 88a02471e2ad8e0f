"""A notification's words: what a destination's waiting changes say, in the language of
the person who added the destination, from the same catalogs as the pages. Composed in
the web process (the sending process only delivers the text).

One message per destination per send, whatever it merges: one line per person and kind
of change, in the order they happened ("Mum added Milk, Eggs and 3 more to Groceries",
"Dad ticked Bread on Groceries", "Everything on Camping is done"). The title is the
list's name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from simplelists import i18n
from simplelists.i18n import Language

# Items named in one line; past that, the first ones and "N more".
MAX_NAMED = 3


@dataclasses.dataclass(frozen=True)
class Change:
    """One waiting row of the outbox: its event (outbox.ADDED ...), who made it (None:
    someone without a name) and the item's text (None for the list all done, or a test)."""

    event: str
    who: str | None
    item: str | None


def compose(language_code: str, list_name: str, changes: Iterable[Change]) -> tuple[str, str]:
    """(title, body) of the message telling of these changes, in that language (English if
    the app no longer has it)."""
    language = i18n.languages().get(language_code) or i18n.languages()[i18n.SOURCE_LANGUAGE]
    groups: dict[tuple[str, str | None], list[str]] = {}
    for change in changes:
        items = groups.setdefault((change.event, change.who), [])
        if change.item is not None and change.item not in items:
            items.append(change.item)
    lines = [_line(language, event, who, items, list_name) for (event, who), items in groups.items()]
    return list_name, "\n".join(line for line in dict.fromkeys(lines) if line)


def _line(language: Language, event: str, who: str | None, items: list[str], list_name: str) -> str:
    person = who.strip() if who and who.strip() else language.gettext("Someone")
    names = _names(language, items)
    if event == "added":
        # Translators: e.g. "Mum added Milk, Eggs and 3 more to Groceries".
        return language.gettext("{who} added {items} to {list}", who=person, items=names, list=list_name)
    if event == "ticked":
        # Translators: ticked off as bought or done, e.g. "Dad ticked Bread on Groceries".
        return language.gettext("{who} ticked {items} on {list}", who=person, items=names, list=list_name)
    if event == "deleted":
        return language.gettext("{who} deleted {items} from {list}", who=person, items=names, list=list_name)
    if event == "done":
        return language.gettext("Everything on {list} is done", list=list_name)
    if event == "test":
        return language.gettext("A test from Simple Lists: changes to {list} will be told here.", list=list_name)
    return ""


def _names(language: Language, items: list[str]) -> str:
    """The items as the sentence names them: all of them up to MAX_NAMED, else the first
    ones and how many more."""
    if len(items) <= MAX_NAMED:
        return language.join_names(items)
    shown = items[:MAX_NAMED - 1]
    # Translators: the end of a list of item names, e.g. "Milk, Eggs and 3 more".
    more = language.ngettext("{count} more", "{count} more", len(items) - len(shown))
    return language.join_names([*shown, more])
