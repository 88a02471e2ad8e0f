"""A list as a whole: its page (with its edit, rename, reorder and confirmation modes),
renaming, unchecking all, clearing done items and deleting it.

list_url and render_list are shared with the item routes, which come back to this page.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any

import bottle

from simplelists import context, forms, security
from simplelists.lists import TRASH_DAYS, List
from simplelists.pages import render
from simplelists.i18n import N_, _, join_names, ngettext
from simplelists.trash import TrashedItem

LIST_GONE = N_("That list does not exist any more.")


def list_url(list_id: str, *, changed: bool = False, deleted: Iterable[int] = (),
             item_id: int | None = None, **query: str) -> str:
    """The list page's path, with the notices to show after a change: changed (someone
    else changed the list since the form was loaded) and deleted (offer an undo for
    these items); item_id scrolls to that item."""
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
    return url


def list_from_form() -> List:
    """The list named by the form's list-id field; 404 if there is none (or it is deleted)."""
    the_list = context.current().lists.get_list(forms.list_id())
    if the_list is None:
        raise bottle.HTTPError(404, _(LIST_GONE))
    return the_list


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


def render_list(the_list: List, status: int = 200, **state: Any) -> str:
    """The list page. state overrides the defaults below: the add forms' text and error,
    the item being edited, the rename form, reorder mode, the undo and changed notices."""
    query = bottle.request.query
    variables: dict[str, Any] = {
        "error": "", "description": "",            # the one-line add form
        "several_error": "", "several_text": "",    # the "Add several" form
        "edit_id": None, "edit_error": "", "edit_text": None,
        "renaming": False, "rename_error": "", "rename_text": None,
        "reorder": query.get("reorder") == "1",
        "changed": query.get("changed") == "1",
    }
    variables.update(state)
    deleted = context.current().trash.get_deleted_items(the_list.id, forms.parse_ids(query.get("deleted")))
    variables.update(deleted=deleted, undo_message=undo_message(deleted))
    return render("list", status=status, title=the_list.name, the_list=the_list, **variables)


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
        return render("confirm_clear", title=_("Clear done items from “{name}”?", name=the_list.name),
                      the_list=the_list)
    return render_list(the_list, edit_id=forms.query_number("edit"), renaming=query.get("rename") == "1")


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
        raise bottle.HTTPError(404, _(LIST_GONE))
    security.redirect(list_url(the_list.id, changed=change.stale))


def uncheck_all() -> None:
    """POST /uncheck-all (list-id, version): every item back to not done."""
    change = context.current().lists.uncheck_all(forms.list_id(), forms.version())
    if not change:
        raise bottle.HTTPError(404, _(LIST_GONE))
    security.redirect(list_url(forms.list_id(), changed=change.stale))


def clear_done() -> None:
    """POST /clear-done (list-id, version): delete the done items, offering an undo."""
    change = context.current().lists.clear_done(forms.list_id(), forms.version())
    if not change:
        raise bottle.HTTPError(404, _(LIST_GONE))
    security.redirect(list_url(forms.list_id(), changed=change.stale, deleted=change.item_ids))


def delete_list() -> None:
    """POST /delete-list (list-id; "id" in the earliest Go version): to the trash, then home."""
    if not context.current().lists.delete_list(forms.list_id()):
        raise bottle.HTTPError(404)
    security.redirect("/")
