"""Routes for undo and the trash: restore deleted items and lists.

What was deleted stays in the database (time_deleted set) for db_features.TRASH_DAYS
days, then is purged by the next delete. A list's link is the key to it, so the trash of
ALL lists is shown only where the home page lists them all (SIMPLELISTS_LISTS); otherwise
each list has its own trash (/trash?list=<id>) and a deleted list's link offers a restore.
"""

from __future__ import annotations

import bottle

from simplelists import auth, security
from simplelists.db import Model
from simplelists.db_features import TRASH_DAYS
from simplelists.listpage import Page, list_url, parse_ids, version_from_form


def register(app: bottle.Bottle, model: Model, page: Page) -> None:
    """Add the trash routes to the app."""
    config = app.config["simplelists.config"]

    @app.get("/trash")
    @auth.sign_in_required
    def trash() -> str:
        list_id = bottle.request.query.getunicode("list") or None
        the_list = None
        if list_id is not None:
            the_list = model.get_list(list_id)
            if the_list is None:
                raise bottle.HTTPError(404)
        everything = the_list is None and config.show_lists
        contents = model.get_trash(the_list.id if the_list else None) if the_list or everything else None
        return page("trash", title=f"Deleted from {the_list.name}" if the_list else "Trash", list=the_list,
                    trash=contents, days=TRASH_DAYS, timezone=config.timezone,
                    return_url=bottle.request.path + ("?" + bottle.request.query_string
                                                      if bottle.request.query_string else ""))

    @app.post("/restore-items")
    @auth.sign_in_required
    @auth.csrf_protected
    def restore_items() -> None:
        # Undo after a delete or "clear done", and Restore in the trash. Only items of the
        # named list are restored: the model ignores IDs of any other list.
        list_id = security.form_text(bottle.request, "list-id")
        ids = parse_ids(security.form_text(bottle.request, "item-ids"))
        change = model.restore_items(list_id, ids, version_from_form())
        if not change:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        return_url = security.form_text(bottle.request, "return-url")
        if return_url:
            security.redirect(security.safe_return_url(return_url))
        item_id = change.item_ids[0] if len(change.item_ids) == 1 else None
        security.redirect(list_url(list_id, changed=change.stale, item_id=item_id))

    @app.post("/restore-list")
    @auth.sign_in_required
    @auth.csrf_protected
    def restore_list() -> None:
        list_id = security.form_text(bottle.request, "list-id")
        # Restored already (a second tap) is fine: the list is there.
        if not model.restore_list(list_id) and model.get_list(list_id) is None:
            raise bottle.HTTPError(404, "That list is not in the trash any more.")
        security.redirect(list_url(list_id))
