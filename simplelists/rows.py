"""The rows of the pages that repeat one for each thing they show: the list page's items
and the home page's lists, each row built here as markup in one piece, ready to show.

Why in Python and not in the templates: Jinja2 escapes every {{ value }} on its own, and
markupsafe builds a Markup object for each (about a microsecond a value): a list page's
rows hold some twelve values each, and a list of 500 items spent most of its time there.
Here every text a person typed is escaped once (simplelists/escaping.py: a part's texts
in one call), however often the row shows it; numbers are written as numbers; each
translated label is escaped once per language (row_labels), not once per row. The
template then outputs the rows as they are (they are Markup), one value for a whole run
of rows.

Sentences with a name in them ("Mark {name} done") are escaped once, in the pieces
around the name (escaping.sentence_pieces); each row joins the pieces around its
escaped name.

The HTML is the same as the templates wrote before; the item being edited is not built
here, as its form is the template's (list.html).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import babel.dates
from markupsafe import Markup, escape

from simplelists import i18n, urls
from simplelists.escaping import escaped, escaped_all, sentence_pieces
from simplelists.history import Suggestion
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

    def __bool__(self) -> bool:
        """Whether the part shows any item (templates leave an empty part out)."""
        return bool(self.before or self.after) or self.editing is not None


def _isolation(language: i18n.Language) -> tuple[str, str]:
    """What goes around a name put into a sentence: in a right-to-left language it is
    isolated (see i18n.ISOLATE_START), else nothing."""
    return (i18n.ISOLATE_START, i18n.ISOLATE_END) if language.direction == "rtl" else ("", "")


class RowLabels(NamedTuple):
    """The labels of the rows in one language, escaped: the list page's items and "Add
    again" buttons, the home page's lists. The sentences with a name in them are in
    their pieces (see escaping.sentence_pieces); then the buttons' titles, and what goes
    around a name (see _isolation)."""

    mark_done: list[str]
    mark_not_done: list[str]
    edit: list[str]
    delete: list[str]
    move_up: list[str]
    move_down: list[str]
    move_top: list[str]
    edit_title: str
    delete_title: str
    up_title: str
    down_title: str
    top_title: str
    add_again: list[str]
    delete_list: list[str]
    delete_list_title: str
    isolation: tuple[str, str]


# A language's labels are the same on every page: made once per language and process.
@functools.cache
def row_labels(language: i18n.Language) -> RowLabels:
    """The rows' labels in the language."""
    gettext = language.gettext
    return RowLabels(
        mark_done=sentence_pieces(gettext("Mark {name} done")),
        mark_not_done=sentence_pieces(gettext("Mark {name} not done")),
        edit=sentence_pieces(gettext("Edit {name}")), delete=sentence_pieces(language.pgettext("item", "Delete {name}")),
        move_up=sentence_pieces(gettext("Move {name} up")), move_down=sentence_pieces(gettext("Move {name} down")),
        move_top=sentence_pieces(gettext("Move {name} to the top")),
        edit_title=escaped(gettext("Edit item")), delete_title=escaped(gettext("Delete item")),
        up_title=escaped(gettext("Move up")), down_title=escaped(gettext("Move down")),
        top_title=escaped(gettext("Move to the top")), add_again=sentence_pieces(gettext("Add {name} again")),
        delete_list=sentence_pieces(language.pgettext("list", "Delete {name}")),
        delete_list_title=escaped(gettext("Delete list")), isolation=_isolation(language))


class ItemRowMaker:
    """Makes the list page's item rows, part by part (see rows()), with what every row of
    the page shares worked out once: the labels in the language (row_labels), the hidden
    inputs every item's form carries (list_fields: pages.HiddenFields for the list), the
    page's link to edit an item but for the item's ID (edit_link), the page's search, which
    every form keeps (search_text), and the item shown as its edit form instead (edit_id)."""

    def __init__(self, *, language: i18n.Language, zone: datetime.tzinfo, list_fields: str, edit_link: str,
                 search_text: str = "", edit_id: int | None = None) -> None:
        self.language, self.zone, self.edit_id = language, zone, edit_id
        self.labels = row_labels(language)
        # Every item's form: the list's fields, then its own item-id, then the search it keeps.
        self.form_start = f'<form method="post" action="/update-done" class="item-row">\n{list_fields}\n'
        self.kept_search = f'<input type="hidden" name="q" value="{escaped(search_text)}">\n' if search_text else ""
        self.edit_href = escaped(edit_link)

    def rows(self, items: Sequence[Item], reorder: bool = False) -> ItemRows:
        """The rows of one part of the list page (a section's open items, or the done
        ones); with reorder, each open item gets its arrows instead of its edit and
        delete buttons."""
        labels = self.labels
        start, end = labels.isolation
        # What differs between an open item's row and a done one's: the row's class, the
        # tick button's field, state, label and mark, and what goes around the text.
        ticks = {False: ("item", ' name="done" value="on"', "false", labels.mark_done, "", "", ""),
                 True: ("item done", "", "true", labels.mark_not_done, "✓", "<del>", "</del>")}
        parts: list[list[str]] = [[], []]
        editing = None
        last = len(items) - 1
        texts = escaped_all([item.description for item in items])
        for index, item in enumerate(items):
            item_id = int(item.id)
            if item_id == self.edit_id:
                editing = EditedItem(item_id, item.done, item.description, item.section_id)
                continue
            text = texts[index]
            name = f"{start}{text}{end}" if start else text
            phone = (phone_details(item, self.zone, self.language.formats_locale, self.language.gettext)
                     if item.due or item.notes else "")
            row_class, field, pressed, label, mark, text_start, text_end = ticks[item.done]
            if reorder and not item.done:
                first_disabled = " disabled" if index == 0 else ""
                last_disabled = " disabled" if index == last else ""
                actions = (
                    f'<button type="submit" formaction="/move-item" name="move" value="up" class="icon" '
                    f'aria-label="{name.join(labels.move_up)}" title="{labels.up_title}"{first_disabled}>↑</button>\n'
                    f'<button type="submit" formaction="/move-item" name="move" value="down" class="icon" '
                    f'aria-label="{name.join(labels.move_down)}" title="{labels.down_title}"{last_disabled}>↓</button>\n'
                    f'<button type="submit" formaction="/move-item" name="move" value="top" class="icon" '
                    f'aria-label="{name.join(labels.move_top)}" title="{labels.top_title}"{first_disabled}>⤒</button>\n')
            else:
                actions = (f'<a href="{self.edit_href}{item_id}" class="icon" aria-label="{name.join(labels.edit)}" '
                           f'title="{labels.edit_title}">✎</a>\n'
                           f'<button type="submit" formaction="/delete-item" class="icon delete" '
                           f'aria-label="{name.join(labels.delete)}" title="{labels.delete_title}">✕</button>\n')
            # The whole row in one string: each piece made apart is one more copy of it.
            parts[editing is not None].append(
                f'<li id="item-{item_id}" class="{row_class}">\n{self.form_start}'
                f'<input type="hidden" name="item-id" value="{item_id}">\n{self.kept_search}'
                f'<button type="submit"{field} id="tick-{item_id}" class="check" aria-pressed="{pressed}" '
                f'aria-label="{name.join(label)}">{mark}</button>\n'
                f'<label for="tick-{item_id}" class="text">{text_start}{text}{text_end}{phone}</label>\n'
                f'{actions}</form>\n</li>\n')
        return ItemRows(Markup("".join(parts[0])), editing, Markup("".join(parts[1])))


def suggestion_options(suggestions: Iterable[Suggestion]) -> Markup:
    """The add box's suggestions, the <option>s of its <datalist>."""
    texts = escaped_all([suggestion.description for suggestion in suggestions])
    return Markup("".join(f'<option value="{text}"></option>\n' for text in texts))


def add_again_buttons(suggestions: Iterable[Suggestion], *, language: i18n.Language) -> Markup:
    """The "Add again" buttons, one for each earlier item offered, in the language."""
    labels = row_labels(language)
    label, (start, end) = labels.add_again, labels.isolation
    buttons = []
    for text in escaped_all([suggestion.description for suggestion in suggestions]):
        buttons.append(f'<button type="submit" name="description" value="{text}" class="secondary" '
                       f'aria-label="{f"{start}{text}{end}".join(label)}">{text}</button>\n')
    return Markup("".join(buttons))


def list_rows(summaries: Iterable[ListSummary], *, language: i18n.Language, zone: datetime.tzinfo) -> Markup:
    """The home page's rows for the lists (each an <li>), in the language: the list's
    name and link, when it was made, how much of it is done, and its delete link."""
    labels = row_labels(language)
    delete_title, delete, (start, end) = labels.delete_list_title, labels.delete_list, labels.isolation
    summaries = list(summaries)
    dates = [i18n.local_date(summary.time_created, zone, language.formats_locale) for summary in summaries]
    # Each column's texts escaped in one call (see escaping.escaped_all).
    names = escaped_all([summary.name for summary in summaries])
    full_dates = escaped_all([created.full for created in dates])
    short_dates = escaped_all([created.short for created in dates])
    counts = escaped_all([i18n.done_count_text(language, summary.done_count, summary.item_count)
                           for summary in summaries])
    rows = []
    for summary, created, name, full, short, count in zip(summaries, dates, names, full_dates, short_dates, counts):
        # Paths quoted by urls.py and an ISO date: nothing in them to escape.
        page, delete_page = urls.list_url(summary.id), urls.delete_list_url(summary.id)
        rows.append(
            f'<li>\n<a href="{page}" class="list-link">{name}</a>\n'
            f'<span class="meta"><time datetime="{created.iso}" title="{full}">{short}</time> · {count}</span>\n'
            f'<a href="{delete_page}" class="icon delete" '
            f'aria-label="{f"{start}{name}{end}".join(delete)}" title="{delete_title}">✕</a>\n</li>\n')
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
