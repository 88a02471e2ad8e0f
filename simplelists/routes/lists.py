"""A list as a whole: its page (with its edit, rename, reorder, filter and confirmation
modes), renaming, copying, unchecking all, clearing done items and deleting it.

list_url and render_list are shared with the item and section routes, which come back
to this page.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import bottle

from simplelists import context, forms, i18n, security
from simplelists.history import ADD_AGAIN_LIMIT
from simplelists.lists import TRASH_DAYS, Item, List
from simplelists.pages import render
from simplelists.i18n import N_, _, join_names, ngettext
from simplelists.routes import sections as section_pages
from simplelists.routes.lookup import list_from_form, list_gone
from simplelists.search import filter_items
from simplelists.trash import TrashedItem


def list_url(list_id: str, *, changed: bool = False, deleted: Iterable[int] = (),
             item_id: int | None = None, anchor: str | None = None, **query: str) -> str:
    """The list page's path, with the notices to show after a change: changed (someone
    else changed the list since the form was loaded) and deleted (offer an undo for
    these items); item_id scrolls to that item, anchor to another element."""
    parameters = dict(query)
    deleted_ids = ",".join(str(item) for item in deleted)
    if deleted_ids:
        parameters["deleted"] = deleted_ids
    if changed:
        parameters["changed"] = "1"
    url = f"/lists/{urllib.parse.quote(list_id)}"
    if parameters:
        url += "?" + urllib.parse.urlencode(parameters)
    if item_id is not None:
        url += f"#item-{item_id}"
    elif anchor is not None:
        url += f"#{anchor}"
    return url


def undo_message(deleted: Sequence[TrashedItem]) -> str:
    """What the undo notice says: the item deleted, or how many and the first few."""
    names = [item.description for item in deleted]
    if len(names) == 1:
        return _("Deleted “{name}”.", name=names[0])
    if len(names) > 5:
        # Translators: ends a list of deleted items' names: "Milk, Eggs, ... and 3 more".
        names = [*names[:5], ngettext("{count} more", "{count} more", len(names) - 5)]
    return ngettext("Deleted {count} item: {names}.", "Deleted {count} items: {names}.", len(deleted),
                    names=join_names(names))


def added_message(the_list: List, query: bottle.FormsDict) -> str:
    """What the page says after an add (see routes.items.add_item): for one line, about
    the item (added=, reopened= or already= its ID; nothing if it is gone); for several,
    counts=<added>.<re-opened>.<already there>."""
    counts = query.get("counts", "").split(".")
    if len(counts) == 3 and all(part.isdigit() and len(part) < 6 for part in counts):
        return add_summary(*(int(part) for part in counts))
    items = {item.id: item for item in the_list.items}
    for name in ("added", "reopened", "already"):
        item_id = forms.query_number(name)
        if item_id in items:
            return single_add_message(name, items[item_id])
    return ""


def single_add_message(outcome: str, item: Item) -> str:
    """The sentence for one line added: outcome is "added", "reopened" or "already"."""
    if outcome == "reopened":
        return _("{name} was crossed off, so it is back on the list.", name=item.description)
    if outcome == "already" and not item.done:
        return _("{name} is already on the list.", name=item.description)
    return _("Added {name}.", name=item.description)


def add_summary(added: int, reopened: int, already: int) -> str:
    """The sentences for several lines added: how many were added, re-opened and there
    already (a part with none is left out, but for "added")."""
    parts = [ngettext("Added {count} item.", "Added {count} items.", added) if added else _("Nothing new was added.")]
    if reopened:
        parts.append(ngettext("{count} was crossed off and is back on the list.",
                              "{count} were crossed off and are back on the list.", reopened))
    if already:
        parts.append(ngettext("{count} was already on the list.", "{count} were already on the list.", already))
    return " ".join(parts)


class Moves(NamedTuple):
    """An open item's arrows in reorder mode: their names, and which are disabled."""

    up_label: str
    down_label: str
    top_label: str
    first: bool  # the first of its part: no way up
    last: bool  # the last of its part: no way down


class ItemRow(NamedTuple):
    """An item as the list page shows it, its buttons' names translated. A tuple, so the
    template unpacks each row once rather than looking up each field."""

    id: int
    done: bool
    description: str
    section_id: int | None
    tick_label: str
    edit_label: str
    delete_label: str
    moves: Moves | None  # in reorder mode, for an open item of a part that can move


def item_rows(items: Sequence[Item], reorder: bool = False) -> list[ItemRow]:
    """The rows of one part of the list page (a section's open items, or the done ones);
    with reorder, each open item gets its arrows."""
    language = i18n.current()
    gettext = language.gettext
    rows = []
    last = len(items) - 1
    for index, item in enumerate(items):
        name = item.description
        moves = None
        if reorder and not item.done:
            moves = Moves(gettext("Move {name} up", name=name), gettext("Move {name} down", name=name),
                          gettext("Move {name} to the top", name=name), index == 0, index == last)
        tick_label = gettext("Mark {name} not done", name=name) if item.done else gettext("Mark {name} done", name=name)
        rows.append(ItemRow(item.id, item.done, name, item.section_id, tick_label, gettext("Edit {name}", name=name),
                            language.pgettext("item", "Delete {name}", name=name), moves))
    return rows


def render_list(the_list: List, status: int = 200, **state: Any) -> str:
    """The list page. state overrides the defaults below: the add forms' text, section
    and error, the item being edited, the rename form, reorder mode, the undo and changed
    notices. Query: q filters the items shown; section= is the section last added to;
    again=1 keeps "Add again" open."""
    ctx = context.current()
    query = bottle.request.query
    search_text = forms.clean(query.getunicode("q") or "")[:forms.MAX_TEXT_LENGTH]
    variables: dict[str, Any] = {
        "error": "", "description": "",            # the one-line add form
        "several_error": "", "several_text": "",    # the "Add several" form
        "chosen_section": forms.query_number("section"),
        "edit_id": None, "edit_error": "", "edit_text": None,
        "renaming": False, "rename_error": "", "rename_text": None,
        "reorder": query.get("reorder") == "1" and not search_text,
        "changed": query.get("changed") == "1",
        "again_open": query.get("again") == "1",
    }
    variables.update(state)
    deleted = ctx.trash.get_deleted_items(the_list.id, forms.parse_ids(query.get("deleted")))
    variables.update(deleted=deleted, undo_message=undo_message(deleted))
    suggestions = ctx.history.suggestions(the_list.id, (item.description for item in the_list.to_do),
                                          version=the_list.version)
    shown = filter_items(the_list.items, search_text) if search_text else the_list.items
    to_do = [item for item in shown if not item.done]
    done_count = sum(1 for item in the_list.items if item.done)
    reorder = variables["reorder"]
    return render(
        "list", status=status, title=the_list.name, the_list=the_list,
        groups=[(section, item_rows(items, reorder)) for section, items in the_list.by_section(to_do)],
        done_rows=item_rows([item for item in shown if item.done]),
        to_do_count=len(to_do), done_text=i18n.done_count_text(i18n.current(), done_count, len(the_list.items)),
        focus_add=(variables["edit_id"] is None and not variables["renaming"] and not variables["several_error"]
                   and not search_text and not variables["again_open"]),
        deleted_ids=",".join(str(item.id) for item in deleted),
        search_text=search_text, shown_count=len(shown),
        kept_query=(urllib.parse.urlencode({"q": search_text}) + "&" if search_text else ""),
        search_all_url=("/search?" + urllib.parse.urlencode({"q": search_text})
                        if search_text and ctx.config.all_lists_reachable else ""),
        suggestions=suggestions, add_again=suggestions[:ADD_AGAIN_LIMIT],
        added_message=added_message(the_list, query), **variables)


def show_list(list_id: str) -> str:
    """GET /lists/<id>: the list page. Query: delete=1 / clear-done=1 ask to confirm;
    edit=<item-id>, rename=1 and reorder=1 open those forms; deleted=<ids> offers an
    undo; changed=1 says someone else changed the list meanwhile. A deleted list's link
    offers to restore it (knowing the link is what gives access to a list)."""
    ctx = context.current()
    the_list = ctx.lists.get_list(list_id)
    if the_list is None:
        deleted = ctx.trash.get_deleted_list(list_id)
        if deleted is None:
            raise bottle.HTTPError(404)
        return render("deleted_list", status=404, title=_("“{name}” was deleted", name=deleted.name), deleted=deleted,
                      days=TRASH_DAYS)
    query = bottle.request.query
    if query.get("delete"):
        return render("confirm_delete", title=_("Delete “{name}”?", name=the_list.name), the_list=the_list)
    if query.get("clear-done"):
        done = the_list.done
        return render("confirm_clear", title=_("Clear done items from “{name}”?", name=the_list.name),
                      the_list=the_list, done_count=len(done), done_names=join_names([item.description for item in done]))
    if query.get("copy"):
        return render_copy(the_list)
    if query.get("sections"):
        return section_pages.render_sections(the_list)
    return render_list(the_list, edit_id=forms.query_number("edit"), renaming=query.get("rename") == "1")


def copy_name(the_list: List) -> str:
    """The name a copy gets unless the person types another."""
    return _("{name} (copy)", name=the_list.name)


def render_copy(the_list: List, status: int = 200, name: str | None = None, error: str = "") -> str:
    """The page that asks to copy a list, with the new list's name to change."""
    return render("confirm_copy", status=status, title=_("Copy {name}?", name=the_list.name), the_list=the_list,
                  name=copy_name(the_list) if name is None else name, error=error)


def copy_list() -> str:
    """POST /copy-list (list-id, name): a new list with the same items (all open),
    sections and order, then go to it. A blank name gives "<name> (copy)"; one too long
    shows the page again with the reason."""
    the_list = list_from_form()
    name = forms.text("name") or copy_name(the_list)
    try:
        forms.check_length(name, forms.LIST_NAME_TOO_LONG)
    except forms.FormError as error:
        return render_copy(the_list, status=400, name=name, error=str(error))
    new_id = context.current().lists.copy_list(the_list.id, name)
    if new_id is None:
        raise list_gone()
    security.redirect(list_url(new_id))


def rename_list() -> str:
    """POST /rename-list (list-id, version, name)."""
    the_list = list_from_form()
    name = forms.text("name")
    try:
        forms.check_length(name, forms.LIST_NAME_TOO_LONG, empty=N_("The list needs a name."))
    except forms.FormError as error:
        return render_list(the_list, status=400, renaming=True, rename_error=str(error), rename_text=name)
    change = context.current().lists.rename_list(the_list.id, name, forms.version())
    if not change:
        raise list_gone()
    security.redirect(list_url(the_list.id, changed=change.stale))


def uncheck_all() -> None:
    """POST /uncheck-all (list-id, version): every item back to not done."""
    change = context.current().lists.uncheck_all(forms.list_id(), forms.version())
    if not change:
        raise list_gone()
    security.redirect(list_url(forms.list_id(), changed=change.stale))


def clear_done() -> None:
    """POST /clear-done (list-id, version): delete the done items, offering an undo."""
    change = context.current().lists.clear_done(forms.list_id(), forms.version())
    if not change:
        raise list_gone()
    security.redirect(list_url(forms.list_id(), changed=change.stale, deleted=change.item_ids))


def delete_list() -> None:
    """POST /delete-list (list-id; "id" in the earliest Go version): to the trash, then home."""
    if not context.current().lists.delete_list(forms.list_id()):
        raise bottle.HTTPError(404)
    security.redirect("/")
