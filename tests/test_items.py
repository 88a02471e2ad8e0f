"""User stories for items: add, tick and untick, delete; only ever through their own list."""

from __future__ import annotations

import pytest



@pytest.fixture
def groceries(app, create_list):
    return create_list(app, "Groceries")


def test_add_items_keeps_order_and_trims(groceries, store, add_item, list_id_of):
    page = add_item(groceries, "  Milk ")
    page = add_item(page, "Eggs")
    page = add_item(page, "Bread")
    the_list = store.get_list(list_id_of(groceries))
    assert [item.description for item in the_list.items] == ["Milk", "Eggs", "Bread"]
    assert page.text.index("Milk") < page.text.index("Eggs") < page.text.index("Bread")


def test_add_item_redirects_to_the_list(groceries, list_id_of):
    form = groceries.forms["add-item"]
    form["description"] = "Milk"
    response = form.submit()
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id_of(groceries)}"


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_blank_item_is_ignored(groceries, text, store, add_item, list_id_of):
    page = add_item(groceries, text)
    assert store.get_list(list_id_of(groceries)).items == []
    assert page.status_int == 200


def test_tick_and_untick_sends_the_wanted_state(groceries, store, add_item, list_id_of, item_form):
    page = add_item(groceries, "Milk")
    item = store.get_list(list_id_of(groceries)).items[0]
    form = item_form(page, "/update-done", item.id)
    assert [(button.get("name"), button.get("value")) for button in form.buttons()] == [("done", "on")]
    response = form.submit()
    assert response.status_int == 303
    assert response.location.endswith(f"/lists/{list_id_of(groceries)}#item-{item.id}")
    page = response.follow()
    assert "<del>Milk</del>" in page.text
    assert store.get_list(list_id_of(groceries)).items[0].done
    # The untick button sends no "done" field: the wanted state is "not done".
    form = item_form(page, "/update-done", item.id)
    assert [(button.get("name"), button.get("value")) for button in form.buttons()] == [(None, None)]
    assert "done" not in form.fields
    page = form.submit().follow()
    assert "<del>Milk</del>" not in page.text
    assert not store.get_list(list_id_of(groceries)).items[0].done


def test_two_people_ticking_at_once_agree(groceries, store, add_item, list_id_of, item_form):
    page = add_item(groceries, "Milk")
    item_id = store.get_list(list_id_of(groceries)).items[0].id
    # Both loaded the page while Milk was not done; both tick it. A toggle would undo it.
    item_form(page, "/update-done", item_id).submit()
    item_form(page, "/update-done", item_id).submit()
    assert store.get_list(list_id_of(groceries)).items[0].done


def test_delete_item_is_soft(groceries, db, store, add_item, list_id_of, item_form):
    page = add_item(add_item(groceries, "Milk"), "Eggs")
    milk = store.get_list(list_id_of(groceries)).items[0]
    response = item_form(page, "/delete-item", milk.id).submit()
    assert response.status_int == 303
    page = response.follow()
    # Milk is gone from the items; the page now offers to undo (see test_clear_and_undo.py).
    assert f'id="tick-{milk.id}"' not in page.text
    assert "Deleted “Milk”." in page.text
    assert [item.description for item in store.get_list(list_id_of(groceries)).items] == ["Eggs"]
    row = db.connection().execute("SELECT time_deleted FROM items WHERE id = ?", (milk.id,)).fetchone()
    assert row[0] is not None


def test_item_cannot_be_changed_through_another_list(app, store, add_item, create_list, list_id_of, item_form):
    ours = add_item(create_list(app, "Ours"), "Milk")
    theirs = create_list(app, "Theirs")
    item_id = store.get_list(list_id_of(ours)).items[0].id
    form = item_form(ours, "/update-done", item_id)
    form["list-id"] = list_id_of(theirs)
    form.submit(status=404)
    form = item_form(ours, "/delete-item", item_id)
    form["list-id"] = list_id_of(theirs)
    form.submit(status=404)
    item = store.get_list(list_id_of(ours)).items[0]
    assert not item.done
    assert item.description == "Milk"


def test_add_to_unknown_or_deleted_list_is_404(groceries, db, store, list_id_of):
    form = groceries.forms["add-item"]
    store.delete_list(list_id_of(groceries))
    form["description"] = "Milk"
    form.submit(status=404)
    assert db.connection().execute("SELECT count(*) FROM items").fetchone()[0] == 0


@pytest.mark.parametrize("item_id", ["", "abc", "-1", "1.5", "99999999999999999999999", "1 OR 1=1"])
def test_malformed_item_id_is_404(groceries, item_id, store, add_item, list_id_of, item_form):
    page = add_item(groceries, "Milk")
    real_id = store.get_list(list_id_of(groceries)).items[0].id
    form = item_form(page, "/update-done", real_id)
    form["item-id"].force_value(item_id)
    form.submit(status=404)
    assert not store.get_list(list_id_of(groceries)).items[0].done


def test_item_text_is_escaped_and_unicode_kept(groceries, store, add_item, list_id_of):
    page = add_item(groceries, "Crème brûlée <b>& 🍮")
    assert "Crème brûlée &lt;b&gt;&amp; 🍮" in page.text
    assert store.get_list(list_id_of(groceries)).items[0].description == "Crème brûlée <b>& 🍮"


def test_sql_metacharacters_are_stored_literally(groceries, store, add_item, list_id_of):
    text = "Robert'); DROP TABLE items;-- %_\\"
    page = add_item(groceries, text)
    assert store.get_list(list_id_of(groceries)).items[0].description == text
    assert "Robert&#39;); DROP TABLE items;-- %_\\" in page.text


def test_buttons_have_accessible_names(groceries, add_item):
    page = add_item(groceries, "Milk")
    assert 'aria-label="Mark Milk done"' in page.text
    assert 'aria-label="Delete Milk"' in page.text
    assert '<label for="description"' in page.text
