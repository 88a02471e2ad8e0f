"""Routes that change items: add (one or several), tick, edit, move, delete.

Each reads its form, calls the model (which only ever changes an item through its own
list) and redirects (303) back to the list page, adding the notices the change calls for.
"""

from __future__ import annotations

import bottle

from simplelists import auth, security
from simplelists.db import Model
from simplelists.db_features import MOVES
from simplelists.listpage import Page, item_from_form, list_from_form, list_url, render_list, version_from_form

ITEM_GONE = "That item is not on this list any more."


def register(app: bottle.Bottle, model: Model, page: Page) -> None:
    """Add the item routes to the app."""

    @app.post("/add-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def add_item() -> str | None:
        # One field for both add forms (the Go original's one-line form posts it too):
        # every non-blank line becomes an item, in order, all in one transaction.
        # The list (with all its items) is loaded only to show the page again with an
        # error: the model's add_items says itself when the list does not exist, so adding
        # to a 1,000-item list costs no more than adding to an empty one (BENCHMARKS.md).
        list_id = security.form_text(bottle.request, "list-id")
        text = security.form_text(bottle.request, "description", multiline=True)
        several = bottle.request.forms.get("several") == "1"
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        try:
            for number, line in enumerate(lines, start=1):
                security.check_length(line, "The item" if len(lines) == 1 else f"Line {number}")
        except security.FormError as error:
            the_list = list_from_form(model)
            if several:
                return render_list(page, model, the_list, status=400, several_error=str(error), several_text=text)
            return render_list(page, model, the_list, status=400, error=str(error), description=text)
        if not lines:
            security.redirect(list_url(list_from_form(model).id))
        change = model.add_items(list_id, lines, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        security.redirect(list_url(list_id, changed=change.stale))
        return None

    @app.post("/update-done")
    @auth.sign_in_required
    @auth.csrf_protected
    def update_done() -> None:
        list_id, item_id = item_from_form()
        done = bottle.request.forms.get("done") == "on"
        change = model.set_done(list_id, item_id, done, version_from_form())
        if not change:
            raise bottle.HTTPError(404, ITEM_GONE)
        # The fragment keeps a phone scrolled to the item just ticked.
        security.redirect(list_url(list_id, changed=change.stale, item_id=item_id))

    @app.post("/edit-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def edit_item() -> str | None:
        list_id, item_id = item_from_form()
        the_list = model.get_list(list_id)
        if the_list is None or not any(item.id == item_id for item in the_list.items):
            raise bottle.HTTPError(404, ITEM_GONE)
        text = security.form_text(bottle.request, "description")
        try:
            security.check_length(text, "The item",
                                  empty_message="The item needs some text. To remove it, delete it instead.")
        except security.FormError as error:
            return render_list(page, model, the_list, status=400, edit_id=item_id, edit_error=str(error),
                               edit_text=text)
        change = model.edit_item(list_id, item_id, text, version_from_form())
        if not change:
            raise bottle.HTTPError(404, ITEM_GONE)
        security.redirect(list_url(list_id, changed=change.stale, item_id=item_id))
        return None

    @app.post("/move-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def move_item() -> None:
        list_id, item_id = item_from_form()
        move = bottle.request.forms.get("move", "")
        if move not in MOVES:
            raise bottle.HTTPError(400, "Items can only be moved up, down or to the top.")
        change = model.move_item(list_id, item_id, move, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That item is not on this list's to-do part any more.")
        # Stay in reorder mode, scrolled to the item, to move it again or the next one.
        security.redirect(list_url(list_id, changed=change.stale, item_id=item_id, reorder="1"))

    @app.post("/delete-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def delete_item() -> None:
        list_id, item_id = item_from_form()
        change = model.delete_item(list_id, item_id, version_from_form())
        if not change:
            raise bottle.HTTPError(404, ITEM_GONE)
        security.redirect(list_url(list_id, changed=change.stale, deleted=change.item_ids))
