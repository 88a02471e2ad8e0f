"""Routes for one list as a whole: its page (with its edit, rename, reorder and confirm
modes), rename, uncheck all and clear done."""

from __future__ import annotations

import bottle

from simplelists import auth, security
from simplelists.db import Model
from simplelists.db_features import TRASH_DAYS
from simplelists.listpage import Page, list_from_form, list_url, render_list, version_from_form


def register(app: bottle.Bottle, model: Model, page: Page) -> None:
    """Add the list routes to the app."""
    pages = app.config["simplelists.pages"]

    @app.get("/lists/<list_id>")
    @auth.sign_in_required
    def show_list(list_id: str) -> str | bytes:
        """The list page. Query parameters: delete=1 / clear-done=1 ask to confirm;
        edit=<item-id>, rename=1 and reorder=1 open those forms; deleted=<ids> offers an
        undo; changed=1 says someone else changed the list meanwhile."""
        if not bottle.request.query_string:
            # The plain page (no forms open, no notices) is the one read again and again.
            return pages.serve(f"list:{list_id}", lambda: show_list_page(list_id), auth.csrf_token)
        return show_list_page(list_id)

    def show_list_page(list_id: str) -> str:
        the_list = model.get_list(list_id)
        if the_list is None:
            deleted = model.get_deleted_list(list_id)
            if deleted is not None:
                # Knowing the link is what gives access to a list, so it may restore it too.
                return page("deleted_list", status=404, title=f"{deleted.name} was deleted", deleted=deleted,
                            days=TRASH_DAYS)
            raise bottle.HTTPError(404)
        query = bottle.request.query
        if query.get("delete"):
            return page("confirm_delete", title=f"Delete {the_list.name}?", list=the_list)
        if query.get("clear-done"):
            return page("confirm_clear", title=f"Clear done items from {the_list.name}?", list=the_list)
        edit = query.get("edit", "")
        edit_id = int(edit) if edit.isdigit() and len(edit) <= 18 else None
        return render_list(page, model, the_list, edit_id=edit_id, renaming=query.get("rename") == "1")

    @app.post("/rename-list")
    @auth.sign_in_required
    @auth.csrf_protected
    def rename_list() -> str | None:
        the_list = list_from_form(model)
        name = security.form_text(bottle.request, "name")
        try:
            security.check_length(name, "The list name", empty_message="The list needs a name.")
        except security.FormError as error:
            return render_list(page, model, the_list, status=400, renaming=True, rename_error=str(error),
                               rename_text=name)
        change = model.rename_list(the_list.id, name, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        security.redirect(list_url(the_list.id, changed=change.stale))
        return None

    @app.post("/uncheck-all")
    @auth.sign_in_required
    @auth.csrf_protected
    def uncheck_all() -> None:
        the_list = list_from_form(model)
        change = model.uncheck_all(the_list.id, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        security.redirect(list_url(the_list.id, changed=change.stale))

    @app.post("/clear-done")
    @auth.sign_in_required
    @auth.csrf_protected
    def clear_done() -> None:
        the_list = list_from_form(model)
        change = model.clear_done(the_list.id, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        security.redirect(list_url(the_list.id, changed=change.stale, deleted=change.item_ids))
