"""Undo and the trash: restoring deleted items and lists.

A list's link is the key to it, so the trash of ALL lists is shown only where the home
page lists them all (SIMPLELISTS_LISTS); otherwise each list has its own trash
(/trash?list=<id>) and a deleted list's own link offers a restore.
"""

from __future__ import annotations

import bottle

from simplelists import forms, names, security, services
from simplelists.i18n import _
from simplelists.routes.lookup import list_gone, list_or_404
from simplelists.routes.views import page
from simplelists.trash import TRASH_DAYS
from simplelists.urls import list_url


def show_trash() -> str:
    """GET /trash: everything deleted lately (when lists are shown on the home page);
    ?list=<id>: what was deleted from that list."""
    ctx = services.current()
    list_id = bottle.request.query.getunicode("list") or None
    the_list = None
    if list_id is not None:
        the_list = list_or_404(list_id, explain=False)
    everything = the_list is None and ctx.config.show_lists
    contents = ctx.trash.get_trash(the_list.id if the_list else None) if the_list or everything else None
    return_url = bottle.request.path + ("?" + bottle.request.query_string if bottle.request.query_string else "")
    return page("trash", title=_("Deleted from {name}", name=the_list.name) if the_list else _("Trash"),
                  the_list=the_list,
                  trash=contents, days=TRASH_DAYS, return_url=return_url)


def restore_items() -> None:
    """POST /restore-items (list-id, item-ids, version; return-url from the trash page):
    the undo after a delete or "clear done", and Restore in the trash. Only items of the
    named list are restored: IDs of any other list are ignored."""
    list_id = forms.list_id()
    change = services.current().trash.restore_items(list_id, forms.parse_ids(forms.text("item-ids")), forms.version(),
                                                   who=names.current())
    if not change:
        raise list_gone()
    return_url = forms.raw("return-url")
    if return_url:
        security.redirect(security.safe_return_url(return_url))
    item_id = change.item_ids[0] if len(change.item_ids) == 1 else None
    security.redirect(list_url(list_id, changed=change.stale, item_id=item_id))


def restore_list() -> None:
    """POST /restore-list (list-id): bring a deleted list back, then go to it."""
    ctx = services.current()
    list_id = forms.list_id()
    # Restored already (a second tap) is fine: the list is there.
    if not ctx.trash.restore_list(list_id, who=names.current()) and ctx.lists.get_list(list_id) is None:
        raise bottle.HTTPError(404, _("That list is not in the trash any more."))
    security.redirect(list_url(list_id))
