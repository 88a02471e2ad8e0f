"""User stories: copying a list, to start this week's shop from a master list. The copy
has the same items (all open), sections and order, and is named "<name> (copy)" unless
the person types another name on the confirmation page; it opens on the new list."""

from __future__ import annotations

import pytest

from simplelists.forms import MAX_TEXT_LENGTH


@pytest.fixture
def master(app, add_section, list_with_items, list_id_of, store, tick):
    """A master list: Bread, then Milk and Eggs in Dairy; Eggs done; a deleted item."""
    page = list_with_items(app, "Weekly shop", "Bread", "Gone")
    list_id = list_id_of(page)
    add_section(page, "Dairy")
    add_section(page, "Empty aisle")
    form = app.get(f"/lists/{list_id}").forms["add-items"]
    form["description"] = "Milk\nEggs"
    form["section-id"].select(text="Dairy")
    form.submit()
    store.delete_item(list_id, store.get_list(list_id).items[1].id)
    return tick(app.get(f"/lists/{list_id}"), "Eggs")


def copy_page(master):
    page = master.click(description="Copy this list…")
    assert page.html.find("h1").get_text() == "Copy “Weekly shop”?"
    return page


def test_copy_makes_the_same_list_all_open(app, master, list_id_of, store, visible_order):
    list_id = list_id_of(master)
    page = copy_page(master)
    assert "The new list gets its 3 items, none of them done, in the same sections and order." in page.text
    assert page.forms["copy-list"]["name"].value == "Weekly shop (copy)"
    response = page.forms["copy-list"].submit()
    new_id = response.location.rsplit("/", 1)[1]
    assert response.status_int == 303 and new_id != list_id
    page = response.follow()
    assert page.html.find("h1").get_text() == "Weekly shop (copy)"
    assert visible_order(page) == ["Bread", "Milk", "Eggs"]
    assert "0 of 3 done" in page.text

    original, copy = store.get_list(list_id), store.get_list(new_id)
    assert [section.name for section in copy.sections] == ["Dairy", "Empty aisle"]
    assert {section.id for section in copy.sections}.isdisjoint(section.id for section in original.sections)
    names = {section.id: section.name for section in copy.sections}
    assert [(item.description, item.done, names.get(item.section_id)) for item in copy.items] == [
        ("Bread", False, None), ("Milk", False, "Dairy"), ("Eggs", False, "Dairy")]
    # The master list is untouched, done item and all.
    assert [(item.description, item.done) for item in original.items] == [
        ("Bread", False), ("Milk", False), ("Eggs", True)]


def test_the_copy_suggests_what_its_master_did(app, master, list_id_of):
    page = copy_page(master).forms["copy-list"].submit().follow()
    assert page.html.find("option", value="Gone") is not None


@pytest.mark.parametrize("typed, expected", [("This week", "This week"), ("   ", "Weekly shop (copy)")])
def test_the_name_can_be_changed(app, master, typed, expected, store):
    form = copy_page(master).forms["copy-list"]
    form["name"] = typed
    new_id = form.submit().location.rsplit("/", 1)[1]
    assert store.get_list(new_id).name == expected


def test_a_name_too_long_is_refused_and_kept(app, master, db):
    form = copy_page(master).forms["copy-list"]
    form["name"] = "x" * (MAX_TEXT_LENGTH + 1)
    page = form.submit(status=400)
    assert f"The list name is too long: {MAX_TEXT_LENGTH + 1} characters, and the most is {MAX_TEXT_LENGTH}." \
        in page.text
    assert page.forms["copy-list"]["name"].value == "x" * (MAX_TEXT_LENGTH + 1)
    assert db.connection().execute("SELECT count(*) FROM lists").fetchone()[0] == 1


def test_a_deleted_list_cannot_be_copied(app, master, list_id_of, store, db):
    form = copy_page(master).forms["copy-list"]
    store.delete_list(list_id_of(master))
    form.submit(status=404)
    assert db.connection().execute("SELECT count(*) FROM lists").fetchone()[0] == 1
