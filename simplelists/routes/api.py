"""The API for shortcuts, scripts and voice assistants: add items to a list, and read
its open items. Every route here is of the TOKEN kind: api_auth.authorise has let the
request through for this list before the handler runs (see simplelists/api_auth.py), and
the body is read and the answer written by simplelists/api_io.py.
"""

from __future__ import annotations

from simplelists import api_auth, api_io, services
from simplelists.i18n import _, join_names, ngettext

MAX_ITEMS_NAMED = 5  # more than this and the answer gives their number instead, to stay short to hear


def added_sentence(items: list[str], list_name: str) -> str:
    """What a voice assistant reads aloud after adding: "Added Milk and Eggs to Groceries."
    (the items as they were sent), or "Added 12 items to Groceries." for many."""
    if len(items) <= MAX_ITEMS_NAMED:
        return _("Added {items} to {list}.", items=join_names(items), list=list_name)
    return ngettext("Added {count} item to {list}.", "Added {count} items to {list}.", len(items), list=list_name)


def add_items(list_id: str) -> str:
    """POST /api/lists/<id>/items: add the items the body sends (see api_io.read_items),
    at the end of the list, in one change that bumps its version. 201 with the sentence
    to read aloud, or JSON: {"message", "list": {"id", "name"}, "added": [{"id", "text"}]}."""
    name = api_auth.grant().list_name
    items = api_io.read_items()
    change = services.current().lists.add_items(list_id, items, who=api_auth.grant().token.name)
    if not change:  # deleted between the token check and now
        raise api_io.error(404, _(api_auth.LIST_DELETED))
    message = added_sentence(items, name)
    return api_io.answer(message, {
        "message": message,
        "list": {"id": list_id, "name": name},
        "added": [{"id": item_id, "text": text} for item_id, text in zip(change.item_ids, items)],
    }, status=201)


def list_items(list_id: str) -> str:
    """GET /api/lists/<id>/items: the items not done yet, in the list's order, one per
    line (nothing at all for an empty list), or JSON: {"list": {"id", "name"},
    "items": [{"id", "text"}]}."""
    the_list = services.current().lists.get_list(list_id)
    if the_list is None:
        raise api_io.error(404, _(api_auth.LIST_DELETED))
    to_do = the_list.to_do
    return api_io.answer("".join(item.description + "\n" for item in to_do), {
        "list": {"id": the_list.id, "name": the_list.name},
        "items": [{"id": item.id, "text": item.description} for item in to_do],
    })
