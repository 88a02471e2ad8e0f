"""Changing items: add (one or several, or again), tick, edit, move, delete.

Each reads its form, asks the list store (which only ever changes an item through its
own list) and redirects (303) back to the list page with the notices the change calls
for. None loads the whole list unless it has to show the page again with an error, so a
change to a long list costs no more than one to a short list.
"""

from __future__ import annotations

import bottle

from simplelists import forms, names, security, services
from simplelists.changes import MOVES
from simplelists.i18n import N_, _
from simplelists.items import UNCHANGED
from simplelists.routes.lookup import list_from_form, list_gone
from simplelists.routes.views import render_list
from simplelists.urls import list_url


def add_item() -> str:
    """POST /add-item (list-id, version, description; several=1 from "Add several";
    section-id: the section to add to, "" for none; again=1 from "Add again", which
    puts the item back in the section it was in last time): every non-blank line is
    added, in order, all in one transaction, unless it is on the list already (see
    ListStore.add_items). The Go original's one-line form posts the same fields but the
    new ones. A line too long adds nothing and shows the text again with the reason.

    The page then says what happened (see views.added_message): for one line, only when
    it was there already or re-opened (or came from "Add again", which stays open); for
    several, how many were added, re-opened and there already. The section chosen stays
    chosen for the next add."""
    list_id = forms.list_id()
    text = forms.text("description", multiline=True)
    several = forms.text("several") == "1"
    again = forms.text("again") == "1"
    section_id = forms.chosen_section()
    try:
        lines = forms.check_lines(forms.lines(text))
    except forms.FormError as error:
        if several:
            return render_list(list_from_form(), status=400, several_error=str(error), several_text=text,
                               chosen_section=section_id)
        return render_list(list_from_form(), status=400, error=str(error), description=text,
                           chosen_section=section_id)
    query = {"section": str(section_id)} if section_id is not None and not again else {}
    if not lines:
        security.redirect(list_url(list_from_form().id, **query))
    ctx = services.current()
    if again:
        section_id = ctx.history.usual_section(list_id, lines[0])
    change = ctx.lists.add_items(list_id, lines, forms.version(), section_id=section_id, who=names.current())
    if not change:
        raise list_gone()
    if several or len(lines) > 1:
        query["counts"] = f"{len(change.item_ids)}.{len(change.reopened)}.{len(change.already)}"
        security.redirect(list_url(list_id, changed=change.stale, **query))
    outcome, item_id = next((name, ids[0]) for name, ids in (
        ("added", change.item_ids), ("reopened", change.reopened), ("already", change.already)) if ids)
    if again:
        security.redirect(list_url(list_id, changed=change.stale, anchor="add-again", again="1",
                                   **{outcome: str(item_id)}))
    if outcome == "added":
        security.redirect(list_url(list_id, changed=change.stale, **query))
    security.redirect(list_url(list_id, changed=change.stale, item_id=item_id, **{outcome: str(item_id)}, **query))


def update_done() -> None:
    """POST /update-done (list-id, item-id, version, done): done=on ticks the item, no
    done field (or any other value) unticks it, as in the Go original."""
    list_id, item_id = forms.list_id(), forms.item_id()
    change = services.current().lists.set_done(list_id, item_id, forms.text("done") == "on", forms.version(),
                                                who=names.current())
    if not change:
        raise bottle.HTTPError(404, _(forms.ITEM_GONE))
    # The fragment keeps a phone scrolled to the item just ticked.
    security.redirect(list_url(list_id, changed=change.stale, item_id=item_id, **forms.kept_query()))


def edit_item() -> str:
    """POST /edit-item (list-id, item-id, version, description; section-id: the section
    to put it in, "" for none, left as it is when the field is missing): new text for the
    item. Empty or too long text shows the edit form again with the reason."""
    list_id, item_id = forms.list_id(), forms.item_id()
    text = forms.text("description")
    section_id = forms.chosen_section() if forms.has("section-id") else UNCHANGED
    try:
        forms.check_length(text, forms.ITEM_TOO_LONG,
                           empty=N_("The item needs some text. To remove it, delete it instead."))
    except forms.FormError as error:
        the_list = services.current().lists.get_list(list_id)
        if the_list is None or not any(item.id == item_id for item in the_list.items):
            raise bottle.HTTPError(404, _(forms.ITEM_GONE)) from None
        return render_list(the_list, status=400, edit_id=item_id, edit_error=str(error), edit_text=text)
    change = services.current().lists.edit_item(list_id, item_id, text, forms.version(), section_id=section_id,
                                                 who=names.current())
    if not change:
        raise bottle.HTTPError(404, _(forms.ITEM_GONE))
    security.redirect(list_url(list_id, changed=change.stale, item_id=item_id, **forms.kept_query()))


def move_item() -> None:
    """POST /move-item (list-id, item-id, version, move=up|down|top), in reorder mode."""
    list_id, item_id = forms.list_id(), forms.item_id()
    move = forms.text("move")
    if move not in MOVES:
        raise bottle.HTTPError(400, _("Items can only be moved up, down or to the top."))
    change = services.current().lists.move_item(list_id, item_id, move, forms.version(), who=names.current())
    if not change:
        raise bottle.HTTPError(404, _("That item is not on this list's to-do part any more."))
    # Stay in reorder mode, scrolled to the item, to move it again or the next one.
    security.redirect(list_url(list_id, changed=change.stale, item_id=item_id, reorder="1"))


def delete_item() -> None:
    """POST /delete-item (list-id, item-id, version): to the trash, offering an undo."""
    list_id, item_id = forms.list_id(), forms.item_id()
    change = services.current().lists.delete_item(list_id, item_id, forms.version(), who=names.current())
    if not change:
        raise bottle.HTTPError(404, _(forms.ITEM_GONE))
    security.redirect(list_url(list_id, changed=change.stale, deleted=change.item_ids, **forms.kept_query()))
