"""A list as a whole: its page (with its edit, rename, reorder, filter and confirmation
modes), renaming, copying, unchecking all, clearing done items and deleting it. The page
itself is views.render_list, which the item and section routes come back to as well.
"""

from __future__ import annotations

import bottle

from simplelists import forms, names, security, services
from simplelists.i18n import N_, _, join_names
from simplelists.lists import List
from simplelists.routes.lookup import list_from_form, list_gone
from simplelists.routes.views import page, render_list, render_sections
from simplelists.trash import TRASH_DAYS
from simplelists.urls import list_url


def show_list(list_id: str) -> str:
    """GET /lists/<id>: the list page. Query: delete=1 / clear-done=1 ask to confirm;
    edit=<item-id>, rename=1 and reorder=1 open those forms; deleted=<ids> offers an
    undo; changed=1 says someone else changed the list meanwhile. A deleted list's link
    offers to restore it (knowing the link is what gives access to a list)."""
    ctx = services.current()
    the_list = ctx.lists.get_list(list_id)
    if the_list is None:
        deleted = ctx.trash.get_deleted_list(list_id)
        if deleted is None:
            raise bottle.HTTPError(404)
        return page("deleted_list", status=404, title=_("“{name}” was deleted", name=deleted.name), deleted=deleted,
                      days=TRASH_DAYS)
    query = bottle.request.query
    if not query:
        return render_list(the_list)  # the everyday visit: nothing to confirm or open
    if query.get("delete"):
        return page("confirm_delete", title=_("Delete “{name}”?", name=the_list.name), the_list=the_list)
    if query.get("clear-done"):
        done = the_list.done
        return page("confirm_clear", title=_("Clear done items from “{name}”?", name=the_list.name),
                    the_list=the_list, done_count=len(done), done_names=join_names([item.description for item in done]))
    if query.get("copy"):
        return render_copy(the_list)
    if query.get("sections"):
        return render_sections(the_list)
    return render_list(the_list, edit_id=forms.query_number("edit"), renaming=query.get("rename") == "1")


def copy_name(the_list: List) -> str:
    """The name a copy gets unless the person types another."""
    return _("{name} (copy)", name=the_list.name)


def render_copy(the_list: List, status: int = 200, name: str | None = None, error: str = "") -> str:
    """The page that asks to copy a list, with the new list's name to change."""
    return page("confirm_copy", status=status, title=_("Copy {name}?", name=the_list.name), the_list=the_list,
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
    new_id = services.current().lists.copy_list(the_list.id, name, who=names.current())
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
    change = services.current().lists.rename_list(the_list.id, name, forms.version(), who=names.current())
    if not change:
        raise list_gone()
    security.redirect(list_url(the_list.id, changed=change.stale))


def uncheck_all() -> None:
    """POST /uncheck-all (list-id, version): every item back to not done."""
    change = services.current().lists.uncheck_all(forms.list_id(), forms.version(), who=names.current())
    if not change:
        raise list_gone()
    security.redirect(list_url(forms.list_id(), changed=change.stale))


def clear_done() -> None:
    """POST /clear-done (list-id, version): delete the done items, offering an undo."""
    change = services.current().lists.clear_done(forms.list_id(), forms.version(), who=names.current())
    if not change:
        raise list_gone()
    security.redirect(list_url(forms.list_id(), changed=change.stale, deleted=change.item_ids))


def delete_list() -> None:
    """POST /delete-list (list-id; "id" in the earliest Go version): to the trash, then home."""
    if not services.current().lists.delete_list(forms.list_id(), who=names.current()):
        raise bottle.HTTPError(404)
    security.redirect("/")
