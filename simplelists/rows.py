"""The rows of the pages that repeat one for each thing they show: the list page's items
and the home page's lists, each row built here as markup in one piece, ready to show.

Why in Python and not in the templates: Jinja2 escapes every {{ value }} on its own, and
markupsafe builds a Markup object for each (about a microsecond a value): a list page's
rows hold some twelve values each, and a list of 500 items spent most of its time there.
Here every text a person typed is escaped once with markupsafe's escape, however often
the row shows it; numbers are written as numbers; each translated label is escaped once
per page, not once per row. The template then outputs the rows as they are (they are
Markup), one value for a whole run of rows.

Sentences with a name in them ("Mark {name} done") are escaped before the name is put in,
then filled in with the escaped name: escaping works character by character and leaves
braces alone, so this is the same text as escaping the finished sentence.

The HTML is the same as the templates wrote before; the item being edited is not built
here, as its form is the template's (list.html).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import babel.dates
from markupsafe import Markup, escape

from simplelists import i18n, urls
from simplelists.items import Item
from simplelists.lists import ListSummary


class EditedItem(NamedTuple):
    """The item whose edit form the list page shows instead of its row."""

    id: int
    done: bool
    description: str
    section_id: int | None


class ItemRows(NamedTuple):
    """One part of the list page (a section's open items, or the done ones): the rows
    before the item being edited, that item, and the rows after it. Without an item
    being edited in this part, every row is in before."""

    before: Markup
    editing: EditedItem | None
    after: Markup


def _sentence(text: str) -> str:
    """A translated sentence with a {name} in it, escaped, to be filled in with an escaped name."""
    return str(escape(text))


def item_rows(items: Sequence[Item], *, language: i18n.Language, zone: datetime.tzinfo, list_fields: str,
              edit_link: str, search_text: str = "", edit_id: int | None = None, reorder: bool = False) -> ItemRows:
    """The rows of one part of the list page. list_fields: the hidden inputs every item's
    form carries (pages.HiddenFields for the list); edit_link: the page's link to edit an
    item, but for the item's ID; search_text: the page's search, kept by every form;
    edit_id: the item shown as its edit form instead (see ItemRows); with reorder, each
    open item gets its arrows instead of its edit and delete buttons."""
    gettext = language.gettext
    mark_done, mark_not_done = _sentence(gettext("Mark {name} done")), _sentence(gettext("Mark {name} not done"))
    edit, delete = _sentence(gettext("Edit {name}")), _sentence(language.pgettext("item", "Delete {name}"))
    move_up, move_down = _sentence(gettext("Move {name} up")), _sentence(gettext("Move {name} down"))
    move_top = _sentence(gettext("Move {name} to the top"))
    edit_title, delete_title = escape(gettext("Edit item")), escape(gettext("Delete item"))
    up_title, down_title = escape(gettext("Move up")), escape(gettext("Move down"))
    top_title = escape(gettext("Move to the top"))
    # Every item's form: the list's fields, then its own item-id, then the search it keeps.
    form_start = f'<form method="post" action="/update-done" class="item-row">\n{list_fields}\n'
    kept_search = f'<input type="hidden" name="q" value="{escape(search_text)}">\n' if search_text else ""
    edit_href = escape(edit_link)
    # In a right-to-left language a name in a sentence is isolated (see i18n.ISOLATE_START).
    start, end = (i18n.ISOLATE_START, i18n.ISOLATE_END) if language.direction == "rtl" else ("", "")
    parts: list[list[str]] = [[], []]
    editing = None
    last = len(items) - 1
    for index, item in enumerate(items):
        item_id = int(item.id)
        if item_id == edit_id:
            editing = EditedItem(item_id, item.done, item.description, item.section_id)
            continue
        text = escape(item.description)
        name = f"{start}{text}{end}"
        phone = phone_details(item, zone, language.formats_locale, gettext) if item.due or item.notes else ""
        row = [f'<li id="item-{item_id}" class="item done">\n' if item.done else f'<li id="item-{item_id}" class="item">\n',
               form_start, f'<input type="hidden" name="item-id" value="{item_id}">\n', kept_search]
        if item.done:
            row.append(f'<button type="submit" id="tick-{item_id}" class="check" aria-pressed="true" '
                       f'aria-label="{mark_not_done.format(name=name)}">✓</button>\n'
                       f'<label for="tick-{item_id}" class="text"><del>{text}</del>{phone}</label>\n')
        else:
            row.append(f'<button type="submit" name="done" value="on" id="tick-{item_id}" class="check" '
                       f'aria-pressed="false" aria-label="{mark_done.format(name=name)}"></button>\n'
                       f'<label for="tick-{item_id}" class="text">{text}{phone}</label>\n')
        if reorder and not item.done:
            first_disabled = " disabled" if index == 0 else ""
            last_disabled = " disabled" if index == last else ""
            row.append(
                f'<button type="submit" formaction="/move-item" name="move" value="up" class="icon" '
                f'aria-label="{move_up.format(name=name)}" title="{up_title}"{first_disabled}>↑</button>\n'
                f'<button type="submit" formaction="/move-item" name="move" value="down" class="icon" '
                f'aria-label="{move_down.format(name=name)}" title="{down_title}"{last_disabled}>↓</button>\n'
                f'<button type="submit" formaction="/move-item" name="move" value="top" class="icon" '
                f'aria-label="{move_top.format(name=name)}" title="{top_title}"{first_disabled}>⤒</button>\n')
        else:
            row.append(f'<a href="{edit_href}{item_id}" class="icon" aria-label="{edit.format(name=name)}" '
                       f'title="{edit_title}">✎</a>\n'
                       f'<button type="submit" formaction="/delete-item" class="icon delete" '
                       f'aria-label="{delete.format(name=name)}" title="{delete_title}">✕</button>\n')
        row.append("</form>\n</li>\n")
        parts[editing is not None].append("".join(row))
    return ItemRows(Markup("".join(parts[0])), editing, Markup("".join(parts[1])))


def list_rows(summaries: Iterable[ListSummary], *, language: i18n.Language, zone: datetime.tzinfo) -> Markup:
    """The home page's rows for the lists (each an <li>), in the language: the list's
    name and link, when it was made, how much of it is done, and its delete link."""
    delete_title = escape(language.gettext("Delete list"))
    delete = _sentence(language.pgettext("list", "Delete {name}"))
    start, end = (i18n.ISOLATE_START, i18n.ISOLATE_END) if language.direction == "rtl" else ("", "")
    rows = []
    for summary in summaries:
        created = i18n.local_date(summary.time_created, zone, language.formats_locale)
        name = escape(summary.name)
        # Paths quoted by urls.py: nothing in them to escape.
        page, delete_page = urls.list_url(summary.id), urls.delete_list_url(summary.id)
        rows.append(
            f'<li>\n<a href="{page}" class="list-link">{name}</a>\n'
            f'<span class="meta"><time datetime="{escape(created.iso)}" title="{escape(created.full)}">'
            f'{escape(created.short)}</time> · '
            f'{escape(i18n.done_count_text(language, summary.done_count, summary.item_count))}</span>\n'
            f'<a href="{delete_page}" class="icon delete" '
            f'aria-label="{delete.format(name=f"{start}{name}{end}")}" title="{delete_title}">✕</a>\n</li>\n')
    return Markup("".join(rows))


NOTES_SHOWN = 200  # characters of a phone's notes shown on the list page


def phone_details(item: Any, zone: datetime.tzinfo, formats_locale: str, gettext: Any) -> Markup:
    """What a phone's app added to an item, read-only, for the list page: its due date
    and the start of its notes; nothing for an item without them."""
    parts = []
    if item.due:
        try:
            if "T" in item.due:
                moment = datetime.datetime.fromisoformat(item.due.replace("Z", "+00:00"))
                moment = moment.astimezone(zone) if moment.tzinfo else moment
                shown = babel.dates.format_datetime(moment, "medium", locale=formats_locale)
            else:
                shown = babel.dates.format_date(datetime.date.fromisoformat(item.due), "medium", locale=formats_locale)
        except ValueError:
            shown = item.due
        stamp = Markup('<time datetime="{}">{}</time>').format(item.due, shown)
        parts.append(escape(gettext("Due {date}")).format(date=stamp))
    if item.notes:
        notes = " ".join(item.notes.split())
        parts.append(escape(notes if len(notes) <= NOTES_SHOWN else notes[:NOTES_SHOWN] + "…"))
    if not parts:
        return Markup("")
    return Markup(' <span class="meta phone">{}</span>').format(Markup(" · ").join(parts))
