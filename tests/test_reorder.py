"""User stories: reorder items (up, down, to the top), done items in their own section,
and the order kept in the additive items.position column."""

from __future__ import annotations

import sqlite3

import pytest

from simplelists.db import MIGRATIONS, Database
from simplelists.lists import ListStore


@pytest.fixture
def move(item_form):
    """move(page, item_id, direction): press the item's up, down or to-the-top button."""
    return lambda page, item_id, direction: item_form(page, "/move-item", item_id).submit("move", value=direction)


@pytest.fixture
def shop(app, list_with_items):
    return list_with_items(app, "Shop", "Milk", "Eggs", "Bread", "Butter")


def test_reorder_mode_and_moves(app, config, shop, descriptions, item_ids, list_id_of, make_test_app, visible_order,
                                store, db, move):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    assert 'formaction="/move-item"' not in shop.text  # a tidy list by default
    page = shop.click(description="Reorder items")
    assert 'aria-label="Move Bread up"' in page.text
    assert 'aria-label="Move Bread down"' in page.text
    assert 'aria-label="Move Bread to the top"' in page.text

    response = move(page, ids["Bread"], "up")
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}?reorder=1#item-{ids['Bread']}"
    page = response.follow()
    assert descriptions(store, list_id) == ["Milk", "Bread", "Eggs", "Butter"]
    assert visible_order(page) == ["Milk", "Bread", "Eggs", "Butter"]

    page = move(page, ids["Milk"], "down").follow()
    assert descriptions(store, list_id) == ["Bread", "Milk", "Eggs", "Butter"]
    page = move(page, ids["Butter"], "top").follow()
    assert descriptions(store, list_id) == ["Butter", "Bread", "Milk", "Eggs"]
    # The order survives reloads and new visitors.
    assert visible_order(make_test_app(config, db).get(
        f"/lists/{list_id}")) == ["Butter", "Bread", "Milk", "Eggs"]


def test_first_and_last_buttons_are_disabled_and_harmless(app, shop, descriptions, item_form, item_ids, list_id_of, store):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    page = app.get(f"/lists/{list_id}?reorder=1")
    assert 'aria-label="Move Milk up" title="Move up" disabled' in page.text
    assert 'aria-label="Move Butter down" title="Move down" disabled' in page.text
    # A request sent anyway (an old page) changes nothing.
    form = item_form(page, "/move-item", ids["Milk"])
    app.post("/move-item", {**dict(form.submit_fields()), "move": "up"}, status=303)
    form = item_form(page, "/move-item", ids["Butter"])
    app.post("/move-item", {**dict(form.submit_fields()), "move": "down"}, status=303)
    assert descriptions(store, list_id) == ["Milk", "Eggs", "Bread", "Butter"]


def test_done_items_sit_in_their_own_section_keeping_their_order(app, shop, item_form, item_ids, list_id_of, visible_order, store, move):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    page = item_form(shop, "/update-done", ids["Butter"]).submit().follow()
    page = item_form(page, "/update-done", ids["Milk"]).submit().follow()
    assert "<h2>Done</h2>" in page.text
    # To do first, then Done; each in list order (Milk before Butter).
    assert visible_order(page) == ["Eggs", "Bread", "Milk", "Butter"]
    assert page.text.index("<h2>Done</h2>") < page.text.index("<del>Milk</del>")
    assert page.text.index("Bread") < page.text.index("<h2>Done</h2>")
    # Moves step over done items; unticking puts an item back in its place.
    page = move(app.get(f"/lists/{list_id}?reorder=1"), ids["Bread"], "up").follow()
    page = item_form(page, "/update-done", ids["Milk"]).submit().follow()
    assert visible_order(page) == ["Milk", "Bread", "Eggs", "Butter"]


def test_done_items_cannot_be_moved(app, shop, store, descriptions, item_form, item_ids, list_id_of):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    page = app.get(f"/lists/{list_id}?reorder=1")
    form = item_form(page, "/move-item", ids["Eggs"])
    store.set_done(list_id, ids["Eggs"], True)
    form.submit("move", value="top", status=404)
    assert descriptions(store, list_id) == ["Milk", "Eggs", "Bread", "Butter"]
    assert 'aria-label="Move Eggs up"' not in app.get(f"/lists/{list_id}?reorder=1").text


def test_move_through_another_list_changes_nothing(app, shop, create_list, descriptions, item_form, item_ids, list_id_of, store):
    list_id = list_id_of(shop)
    other = create_list(app, "Other")
    ids = item_ids(store, list_id)
    form = item_form(app.get(f"/lists/{list_id}?reorder=1"), "/move-item", ids["Butter"])
    form["list-id"] = list_id_of(other)
    form.submit("move", value="top", status=404)
    assert descriptions(store, list_id) == ["Milk", "Eggs", "Bread", "Butter"]


@pytest.mark.parametrize("direction", ["", "sideways", "TOP", "up; DROP TABLE items"])
def test_unknown_move_is_400(app, shop, direction, descriptions, item_form, item_ids, list_id_of, store):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    form = item_form(app.get(f"/lists/{list_id}?reorder=1"), "/move-item", ids["Bread"])
    app.post("/move-item", {**dict(form.submit_fields()), "move": direction}, status=400)
    assert descriptions(store, list_id) == ["Milk", "Eggs", "Bread", "Butter"]


def test_unknown_item_move_is_404(app, shop, item_form, item_ids, list_id_of, store):
    list_id = list_id_of(shop)
    form = item_form(app.get(f"/lists/{list_id}?reorder=1"), "/move-item", item_ids(store, list_id)["Bread"])
    form["item-id"].force_value("987654")
    form.submit("move", value="up", status=404)


def test_restored_item_comes_back_in_its_place(app, shop, trash_store, descriptions, item_form, item_ids, list_id_of, store, move):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    move(app.get(f"/lists/{list_id}?reorder=1"), ids["Butter"], "top")
    item_form(app.get(f"/lists/{list_id}"), "/delete-item", ids["Milk"]).submit()
    move(app.get(f"/lists/{list_id}?reorder=1"), ids["Bread"], "top")
    trash_store.restore_items(list_id, [ids["Milk"]])
    assert descriptions(store, list_id) == ["Bread", "Butter", "Milk", "Eggs"]


GO_SCHEMA_V1 = MIGRATIONS[0]


def test_old_database_keeps_insertion_order_and_go_added_items_come_last(tmp_path, descriptions, item_ids):
    """A file made by the Go app (no position column) orders by id; items the Go app adds
    after a reorder here (position NULL) still land at the end."""
    path = str(tmp_path / "go.sqlite")
    connection = sqlite3.connect(path)
    for statement in GO_SCHEMA_V1:
        connection.execute(statement)
    connection.execute("INSERT INTO lists (id, name) VALUES ('bcdfghjklm', 'Go list')")
    for text in ("one", "two", "three"):
        connection.execute("INSERT INTO items (list_id, description) VALUES ('bcdfghjklm', ?)", (text,))
    connection.commit()
    connection.close()

    db = Database(path)
    store = ListStore(db)
    assert db.migrate() == len(MIGRATIONS)
    columns = {row[1]: row for row in db.connection().execute("PRAGMA table_info(items)")}
    assert columns["position"][2] == "INTEGER" and columns["position"][4] is None
    assert [row[1] for row in db.connection().execute("PRAGMA table_info(lists)")] == [
        "id", "time_created", "name", "time_deleted", "version"]
    assert descriptions(store, "bcdfghjklm") == ["one", "two", "three"]
    ids = item_ids(store, "bcdfghjklm")
    assert store.move_item("bcdfghjklm", ids["three"], "top")
    # The Go app adds an item: it knows nothing of positions.
    db.connection().execute("INSERT INTO items (list_id, description) VALUES ('bcdfghjklm', 'four')")
    assert store.add_item("bcdfghjklm", "five")
    assert descriptions(store, "bcdfghjklm") == ["three", "one", "two", "four", "five"]
    db.close()


def test_add_item_goes_last_after_reordering(app, shop, add_item, descriptions, item_ids, list_id_of, store, move):
    list_id = list_id_of(shop)
    ids = item_ids(store, list_id)
    move(app.get(f"/lists/{list_id}?reorder=1"), ids["Butter"], "top")
    add_item(app.get(f"/lists/{list_id}"), "Jam")
    assert descriptions(store, list_id) == ["Butter", "Milk", "Eggs", "Bread", "Jam"]


def test_reorder_link_only_with_two_or_more_to_do_items(app, list_with_items):
    page = list_with_items(app, "Short", "Only")
    assert "Reorder items" not in page.text
