"""User stories: rename a list, fix an item's text (inline form reached by ?edit=<id>)."""

from __future__ import annotations

import pytest

from simplelists.forms import MAX_TEXT_LENGTH


def test_rename_list(app, store, create_list, list_id_of):
    page = create_list(app, "Groceries")
    rename = page.click(description="Rename list")
    assert rename.forms["rename-list"]["name"].value == "Groceries"
    assert '<label for="list-name" class="visually-hidden">New name for Groceries</label>' in rename.text
    form = rename.forms["rename-list"]
    form["name"] = "  Weekly shop "
    response = form.submit()
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id_of(page)}"
    page = response.follow()
    assert "<h1>Weekly shop</h1>" in page.text
    assert store.get_list(list_id_of(page)).name == "Weekly shop"
    assert "Weekly shop" in app.get("/").text


def test_rename_cancel_changes_nothing(app, store, create_list, list_id_of):
    page = create_list(app, "Groceries")
    back = page.click(description="Rename list").click(description="Cancel")
    assert "rename-list" not in back.forms
    assert store.get_list(list_id_of(page)).name == "Groceries"


@pytest.mark.parametrize("name, message", [
    ("", "The list needs a name."),
    ("   ", "The list needs a name."),
    ("x" * (MAX_TEXT_LENGTH + 1), f"The list name is too long: {MAX_TEXT_LENGTH + 1} characters"),
])
def test_bad_new_name_keeps_input_and_says_why(app, name, message, store, create_list, list_id_of):
    page = create_list(app, "Groceries")
    form = page.click(description="Rename list").forms["rename-list"]
    form["name"] = name
    response = form.submit(status=400)
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert response.forms["rename-list"]["name"].value == name.strip()
    assert store.get_list(list_id_of(page)).name == "Groceries"


def test_rename_unknown_or_deleted_list_is_404(app, store, create_list, list_id_of):
    page = create_list(app, "Groceries")
    form = page.click(description="Rename list").forms["rename-list"]
    form["list-id"] = "bbbbbbbbbb"
    form.submit(status=404)
    form["list-id"] = list_id_of(page)
    store.delete_list(list_id_of(page))
    form.submit(status=404)


def test_edit_item_text(app, descriptions, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Groceries", "Milk", "Egs", "Bread")
    list_id = list_id_of(page)
    eggs = item_ids(store, list_id)["Egs"]
    edit = page.click(description="✎", href=rf"\?edit={eggs}$")
    form = edit.forms["edit-item"]
    assert form["description"].value == "Egs"
    assert "New text for Egs" in edit.text
    form["description"] = "Eggs (12)"
    response = form.submit()
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}#item-{eggs}"
    page = response.follow()
    assert "edit-item" not in page.forms
    assert descriptions(store, list_id) == ["Milk", "Eggs (12)", "Bread"]  # same place, same ID
    assert item_ids(store, list_id)["Eggs (12)"] == eggs


def test_edit_keeps_done_state(app, store, item_form, item_ids, list_id_of, list_with_items):
    page = list_with_items(app, "Groceries", "Milk")
    list_id = list_id_of(page)
    milk = item_ids(store, list_id)["Milk"]
    page = item_form(page, "/update-done", milk).submit().follow()
    form = app.get(f"/lists/{list_id}?edit={milk}").forms["edit-item"]
    form["description"] = "Oat milk"
    form.submit()
    item = store.get_list(list_id).items[0]
    assert (item.description, item.done) == ("Oat milk", True)


def test_edit_cancel_link(app, descriptions, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Groceries", "Milk")
    milk = item_ids(store, list_id_of(page))["Milk"]
    edit = app.get(f"/lists/{list_id_of(page)}?edit={milk}")
    back = edit.click(description="Cancel")
    assert "edit-item" not in back.forms
    assert descriptions(store, list_id_of(page)) == ["Milk"]


@pytest.mark.parametrize("text, message", [
    ("", "The item needs some text. To remove it, delete it instead."),
    ("y" * (MAX_TEXT_LENGTH + 1), f"The item is too long: {MAX_TEXT_LENGTH + 1} characters, and the most is 500."),
])
def test_bad_edit_keeps_input_and_says_why(app, text, message, descriptions, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Groceries", "Milk")
    milk = item_ids(store, list_id_of(page))["Milk"]
    form = app.get(f"/lists/{list_id_of(page)}?edit={milk}").forms["edit-item"]
    form["description"] = text
    response = form.submit(status=400)
    assert message in response.text
    assert response.forms["edit-item"]["description"].value == text
    assert 'aria-describedby="edit-error"' in response.text
    assert descriptions(store, list_id_of(page)) == ["Milk"]


def test_edit_through_another_list_changes_nothing(app, create_list, descriptions, item_ids, list_id_of, list_with_items, store):
    ours = list_with_items(app, "Ours", "Milk")
    theirs = create_list(app, "Theirs")
    milk = item_ids(store, list_id_of(ours))["Milk"]
    form = app.get(f"/lists/{list_id_of(ours)}?edit={milk}").forms["edit-item"]
    form["list-id"] = list_id_of(theirs)
    form["description"] = "Hacked"
    form.submit(status=404)
    assert descriptions(store, list_id_of(ours)) == ["Milk"]
    assert descriptions(store, list_id_of(theirs)) == []


@pytest.mark.parametrize("item_id", ["999999", "abc", "", "-1"])
def test_edit_unknown_item_is_404(app, item_id, descriptions, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Groceries", "Milk")
    milk = item_ids(store, list_id_of(page))["Milk"]
    form = app.get(f"/lists/{list_id_of(page)}?edit={milk}").forms["edit-item"]
    form["item-id"].force_value(item_id)
    form["description"] = "Other"
    form.submit(status=404)
    assert descriptions(store, list_id_of(page)) == ["Milk"]


def test_edit_deleted_item_is_404(app, store, item_ids, list_id_of, list_with_items):
    page = list_with_items(app, "Groceries", "Milk")
    milk = item_ids(store, list_id_of(page))["Milk"]
    form = app.get(f"/lists/{list_id_of(page)}?edit={milk}").forms["edit-item"]
    store.delete_item(list_id_of(page), milk)
    form["description"] = "Oat milk"
    response = form.submit(status=404)
    assert "not on this list any more" in response.text


@pytest.mark.parametrize("edit", ["999999", "junk", "", "1" * 40])
def test_edit_param_for_no_such_item_just_shows_the_list(app, edit, list_id_of, list_with_items):
    page = list_with_items(app, "Groceries", "Milk")
    response = app.get(f"/lists/{list_id_of(page)}?edit={edit}")
    assert response.status_int == 200
    assert "edit-item" not in response.forms
    assert "Milk" in response.text


def test_edit_text_is_escaped(app, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Groceries", "Milk")
    milk = item_ids(store, list_id_of(page))["Milk"]
    form = app.get(f"/lists/{list_id_of(page)}?edit={milk}").forms["edit-item"]
    form["description"] = '"><b>bold</b>'
    page = form.submit().follow()
    assert "<b>bold</b>" not in page.text
    edit = app.get(f"/lists/{list_id_of(page)}?edit={milk}")
    assert 'value="&#34;&gt;&lt;b&gt;bold&lt;/b&gt;"' in edit.text
