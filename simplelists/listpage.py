"""What the list page's routes share: reading list/item/version fields from forms,
building the URL to redirect to after a change, and rendering the list page."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import bottle

from simplelists import security
from simplelists.db import List, Model

_NUMBER = re.compile(r"^[0-9]{1,18}$")  # 18 digits fit SQLite's 64-bit integers
MAX_UNDO_IDS = 1000  # more than any list has done items at once; keeps URLs bounded

Page = Callable[..., str]


def list_from_form(model: Model) -> List:
    """The list named by the form's list-id field; 404 if there is none (or it is deleted)."""
    the_list = model.get_list(security.form_text(bottle.request, "list-id"))
    if the_list is None:
        raise bottle.HTTPError(404, "That list does not exist any more.")
    return the_list


def item_from_form() -> tuple[str, int]:
    """The form's list-id and item-id; 404 for a malformed item ID (nothing can match it)."""
    list_id = security.form_text(bottle.request, "list-id")
    item_id = security.form_text(bottle.request, "item-id")
    if not list_id or not _NUMBER.match(item_id):
        raise bottle.HTTPError(404, "That item is not on this list any more.")
    return list_id, int(item_id)


def version_from_form() -> int | None:
    """The list version the form was loaded with, or None when it carries none (forms
    of the Go original, scripts): then a change is never reported as clashing."""
    version = security.form_text(bottle.request, "version")
    return int(version) if _NUMBER.match(version) else None


def parse_ids(text: str | None) -> list[int]:
    """Item IDs from "12,13,14" (a query parameter or form field); junk is skipped, at
    most MAX_UNDO_IDS are kept."""
    ids = [int(part) for part in (text or "").split(",") if _NUMBER.match(part.strip())]
    return ids[:MAX_UNDO_IDS]


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


def render_list(page: Page, model: Model, the_list: List, status: int = 200, **state: Any) -> str:
    """The list page. state overrides the defaults below: the add forms' text and error,
    the item being edited, the rename form, reorder mode, the undo and changed notices."""
    query = bottle.request.query
    variables: dict[str, Any] = {
        "error": "", "description": "",            # the one-line add form
        "several_error": "", "several_text": "",    # the "Add several" form
        "edit_id": None, "edit_error": "", "edit_text": None,
        "renaming": False, "rename_error": "", "rename_text": None,
        "reorder": query.get("reorder") == "1",
        "deleted": model.get_deleted_items(the_list.id, parse_ids(query.get("deleted"))),
        "changed": query.get("changed") == "1",
    }
    variables.update(state)
    return page("list", status=status, title=the_list.name, list=the_list, **variables)
