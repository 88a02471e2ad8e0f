"""Helpers for the issue 7 feature tests: find a list page's forms the way a user would."""

from __future__ import annotations

from conftest import add_item, create_list
from simplelists.db import Model


def list_id_of(page) -> str:
    """The list ID of a list page (its path is /lists/<id>)."""
    return page.request.path.rsplit("/", 1)[1]


def item_form(page, action: str, item_id: int):
    """The form with that action for that item (tick, delete, move, edit)."""
    return next(form for form in page.forms.values()
                if form.action == action and "item-id" in form.fields and form["item-id"].value == str(item_id))


def form_with_action(page, action: str):
    """The one form on the page posting to action."""
    forms = [form for form in page.forms.values() if form.action == action]
    assert len(forms) == 1, f"expected one form for {action}, found {len(forms)}"
    return forms[0]


def list_with_items(app, name: str, *descriptions: str):
    """Create a list through the forms and add the items one by one; the list page."""
    page = create_list(app, name)
    for description in descriptions:
        page = add_item(page, description)
    return page


def item_ids(model: Model, list_id: str) -> dict[str, int]:
    """Item description -> ID, for the list's items that are not deleted."""
    return {item.description: item.id for item in model.get_list(list_id).items}


def descriptions(model: Model, list_id: str) -> list[str]:
    """The list's item texts in their order."""
    return [item.description for item in model.get_list(list_id).items]


def visible_order(page) -> list[str]:
    """Item texts in the order the page shows them (to-do first, then the Done section)."""
    import re
    return [re.sub(r"</?del>", "", text) for text in
            re.findall(r'<label for="tick-\d+" class="text">(.*?)</label>', page.text)]
