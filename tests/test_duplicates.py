"""User stories: the same thing added again never makes a second copy. A line matching an
open item (ignoring case, surrounding and repeated spaces) adds nothing and says so; one
matching a done item re-opens it in its place; "Add several" counts each outcome. The
rule lives in ListStore.add_items, so every way of adding (the API too) keeps it."""

from __future__ import annotations

import pytest


@pytest.fixture
def shop(app, list_with_items):
    return list_with_items(app, "Shop", "Milk", "Eggs", "Bread")


def rows(db, list_id):
    """(description, done, deleted) of every item row of the list, in id order."""
    return db.connection().execute(
        "SELECT description, done, time_deleted IS NOT NULL FROM items WHERE list_id = ? ORDER BY id",
        (list_id,)).fetchall()


@pytest.mark.parametrize("typed", ["Milk", "milk", "  MILK ", "mILK\t"])
def test_an_open_item_is_not_added_twice(app, shop, typed, add_item, db, list_id_of, store):
    list_id = list_id_of(shop)
    version = store.get_list(list_id).version
    form = shop.forms["add-item"]
    form["description"] = typed
    response = form.submit()
    milk = store.get_list(list_id).items[0]
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}?already={milk.id}#item-{milk.id}"
    page = response.follow()
    assert "Milk is already on the list." in page.text
    assert 'role="status" id="added-message"' in page.text
    assert len(rows(db, list_id)) == 3
    # Nothing changed, so nobody else's open page is told the list changed.
    assert store.get_list(list_id).version == version


def test_inner_spaces_count_as_one(app, list_with_items, add_item, list_id_of, store):
    page = add_item(list_with_items(app, "Shop", "Crème   fraîche"), "crème fraîche")
    assert "Crème   fraîche is already on the list." in page.text
    assert len(store.get_list(list_id_of(page)).items) == 1


def test_a_done_item_is_reopened_in_its_place(app, shop, add_item, db, list_id_of, store, tick, visible_order):
    list_id = list_id_of(shop)
    page = tick(shop, "Eggs")
    assert visible_order(page) == ["Milk", "Bread", "Eggs"]
    form = page.forms["add-item"]
    form["description"] = "EGGS"
    response = form.submit()
    eggs = [item for item in store.get_list(list_id).items if item.description == "Eggs"][0]
    assert response.location == f"/lists/{list_id}?reopened={eggs.id}#item-{eggs.id}"
    page = response.follow()
    assert "Eggs was crossed off, so it is back on the list." in page.text
    assert visible_order(page) == ["Milk", "Eggs", "Bread"]  # where it was, not at the end
    assert rows(db, list_id) == [("Milk", 0, 0), ("Eggs", 0, 0), ("Bread", 0, 0)]


def test_a_deleted_item_does_not_count(app, shop, add_item, db, item_ids, item_form, list_id_of, store):
    list_id = list_id_of(shop)
    item_form(shop, "/delete-item", item_ids(store, list_id)["Milk"]).submit()
    page = add_item(app.get(f"/lists/{list_id}"), "Milk")
    assert "already" not in page.text
    assert rows(db, list_id)[-1] == ("Milk", 0, 0)


def test_add_several_handles_each_line_and_counts_them(app, shop, db, list_id_of, store, tick, visible_order):
    list_id = list_id_of(shop)
    page = tick(shop, "Bread")
    form = page.forms["add-items"]
    form["description"] = "Jam\nmilk\nBREAD\nTea\njam\nEggs "
    response = form.submit()
    assert response.location == f"/lists/{list_id}?counts=2.1.3"
    page = response.follow()
    assert ("Added 2 items. 1 was crossed off and is back on the list. 3 were already on the list."
            in page.text)
    assert visible_order(page) == ["Milk", "Eggs", "Bread", "Jam", "Tea"]
    assert [row[0] for row in rows(db, list_id)] == ["Milk", "Eggs", "Bread", "Jam", "Tea"]


def test_several_that_are_all_new_are_simply_counted(app, shop, list_id_of):
    form = shop.forms["add-items"]
    form["description"] = "Jam\nTea"
    page = form.submit().follow()
    assert "Added 2 items." in page.text
    assert "already" not in page.text and "crossed off" not in page.text


@pytest.mark.parametrize("counts, message", [
    ("1.0.0", "Added 1 item."),
    ("0.2.0", "Nothing new was added. 2 were crossed off and are back on the list."),
    ("0.0.1", "Nothing new was added. 1 was already on the list."),
])
def test_the_counts_read_as_sentences(app, shop, list_id_of, counts, message):
    assert message in app.get(f"/lists/{list_id_of(shop)}?counts={counts}").text


@pytest.mark.parametrize("query", ["counts=1.2", "counts=x.1.1", "counts=9999999.0.0", "already=999",
                                   "reopened=abc", "added="])
def test_odd_notice_parameters_say_nothing(app, shop, list_id_of, query):
    page = app.get(f"/lists/{list_id_of(shop)}?{query}")
    assert 'id="added-message"' not in page.text


def test_the_store_reports_each_outcome(store):
    """What the API (which calls add_items) gets back: new items in item_ids, and the
    re-opened and already-there items apart, each by ID."""
    list_id = store.create_list("Shop")
    first = store.add_items(list_id, ["Milk", "Eggs"])
    milk, eggs = first.item_ids
    store.set_done(list_id, eggs, True)
    change = store.add_items(list_id, ["MILK", "eggs", "Tea", "tea"])
    assert change.applied and not change.stale
    assert len(change.item_ids) == 1
    assert change.reopened == (eggs,)
    assert change.already == (milk, change.item_ids[0])
    assert store.add_item(list_id, " milk") == milk  # the item holding that text
    assert not store.add_items("nosuchlist", ["Milk"])


def test_an_import_makes_a_new_list_as_written(store, descriptions):
    """An import never adds to an existing list, so it is taken as it is, repeats too."""
    list_id = store.import_list("Shop", [("Milk", False), ("milk", True)])
    assert descriptions(store, list_id) == ["Milk", "milk"]
