"""User stories: "This list was changed by someone else since you loaded it" — each list
carries a version bumped by every change; forms carry the version they were loaded with."""

from __future__ import annotations

import pytest


CHANGED = "This list was changed by someone else since you loaded it"


@pytest.fixture
def two_people(app, item_ids, list_id_of, list_with_items, store):
    """Alice and Bob both have the list open (the same page, loaded before either acts)."""
    page = list_with_items(app, "Shop", "Milk", "Eggs", "Bread")
    return page, app.get(page.request.path), item_ids(store, list_id_of(page))


def test_own_successive_changes_never_warn(app, add_item, create_list, item_form, item_ids, list_id_of, store):
    page = create_list(app, "Shop")
    for text in ("Milk", "Eggs"):
        page = add_item(page, text)
        assert CHANGED not in page.text
    ids = item_ids(store, list_id_of(page))
    def edit(p):
        form = p.click(description="✎", href=rf"edit={ids['Eggs']}").forms["edit-item"]
        form["description"] = "Eggs (6)"
        return form.submit()

    def rename(p):
        form = p.click(description="Rename list").forms["rename-list"]
        form["name"] = "Big shop"
        return form.submit()

    steps = [
        lambda p: item_form(p, "/update-done", ids["Milk"]).submit(),
        lambda p: item_form(p, "/update-done", ids["Milk"]).submit(),
        lambda p: item_form(p.click(description="Reorder items"), "/move-item", ids["Eggs"]).submit(
            "move", value="top"),
        lambda p: item_form(p, "/update-done", ids["Eggs"]).submit(),
        lambda p: p.forms["uncheck-all"].submit(),
        lambda p: item_form(p, "/delete-item", ids["Milk"]).submit(),
        lambda p: p.forms["undo"].submit(),
        edit,
        rename,
    ]
    for step in steps:
        response = step(page)
        assert response.status_int == 303
        assert "changed=1" not in response.location
        page = response.follow()
        assert CHANGED not in page.text


def test_tick_after_someone_else_changed_the_list(app, two_people, item_form, list_id_of):
    alice, bob, ids = two_people
    item_form(alice, "/update-done", ids["Milk"]).submit()
    response = item_form(bob, "/update-done", ids["Bread"]).submit()
    assert response.location == f"/lists/{list_id_of(bob)}?changed=1#item-{ids['Bread']}"
    page = response.follow()
    assert CHANGED in page.text
    # The change was still applied, and the page shows the current state (Milk done too).
    assert "2 of 3 done" in page.text
    # Bob's next change, from the page he now sees, does not warn again.
    response = item_form(page, "/update-done", ids["Eggs"]).submit()
    assert "changed" not in response.location


def test_same_tick_twice_is_idempotent_but_reported(app, two_people, store, item_form, list_id_of):
    alice, bob, ids = two_people
    item_form(alice, "/update-done", ids["Milk"]).submit()
    page = item_form(bob, "/update-done", ids["Milk"]).submit().follow()
    assert CHANGED in page.text
    assert store.get_list(list_id_of(alice)).items[0].done  # not toggled back


@pytest.mark.parametrize("action", ["add", "several", "edit", "rename", "delete", "move", "uncheck", "clear"])
def test_every_form_reports_a_stale_version(app, two_people, action, store, form_with_action, item_form, list_id_of):
    _, bob, ids = two_people
    list_id = list_id_of(bob)
    store.set_done(list_id, ids["Bread"], True)  # so there is something to clear
    bob = app.get(f"/lists/{list_id}")
    bob_pages = {
        "edit": app.get(f"/lists/{list_id}?edit={ids['Eggs']}"),
        "rename": app.get(f"/lists/{list_id}?rename=1"),
        "move": app.get(f"/lists/{list_id}?reorder=1"),
        "clear": app.get(f"/lists/{list_id}?clear-done=1"),
    }
    store.set_done(list_id, ids["Milk"], True)
    bob_pages["uncheck"] = app.get(f"/lists/{list_id}")
    store.set_done(list_id, ids["Milk"], True)  # someone else again: bob's pages are all stale
    if action == "add":
        form = bob.forms["add-item"]
        form["description"] = "Jam"
        response = form.submit()
    elif action == "several":
        form = bob.forms["add-items"]
        form["description"] = "Jam\nTea"
        response = form.submit()
    elif action == "edit":
        form = bob_pages["edit"].forms["edit-item"]
        form["description"] = "Eggs (6)"
        response = form.submit()
    elif action == "rename":
        form = bob_pages["rename"].forms["rename-list"]
        form["name"] = "Big shop"
        response = form.submit()
    elif action == "delete":
        response = item_form(bob, "/delete-item", ids["Bread"]).submit()
    elif action == "move":
        response = item_form(bob_pages["move"], "/move-item", ids["Eggs"]).submit("move", value="top")
    elif action == "uncheck":
        response = bob_pages["uncheck"].forms["uncheck-all"].submit()
    else:
        response = form_with_action(bob_pages["clear"], "/clear-done").submit()
    assert response.status_int == 303
    assert "changed=1" in response.location
    assert CHANGED in response.follow().text


def test_every_change_bumps_the_version_once(app, store, trash_store, item_ids, list_id_of, list_with_items):
    page = list_with_items(app, "Shop", "Milk")
    list_id = list_id_of(page)
    ids = item_ids(store, list_id)
    version = store.get_list(list_id).version
    store.set_done(list_id, ids["Milk"], True)
    store.edit_item(list_id, ids["Milk"], "Oat milk")
    store.rename_list(list_id, "Shop 2")
    store.add_items(list_id, ["a", "b"])
    store.uncheck_all(list_id)
    store.delete_item(list_id, ids["Milk"])
    trash_store.restore_items(list_id, [ids["Milk"]])
    store.clear_done(list_id)
    assert store.get_list(list_id).version == version + 8


def test_failed_changes_do_not_bump_the_version(app, store, create_list, item_ids, list_id_of, list_with_items):
    ours = list_with_items(app, "Ours", "Milk")
    theirs = create_list(app, "Theirs")
    milk = item_ids(store, list_id_of(ours))["Milk"]
    before = store.get_list(list_id_of(theirs)).version
    assert not store.set_done(list_id_of(theirs), milk, True)
    assert not store.delete_item(list_id_of(theirs), milk)
    assert not store.edit_item(list_id_of(theirs), milk, "x")
    assert store.get_list(list_id_of(theirs)).version == before


def test_forms_without_a_version_never_warn(app, two_people, item_form, list_id_of):
    """The Go original's forms, and scripts, send no version field."""
    alice, bob, ids = two_people
    item_form(alice, "/update-done", ids["Milk"]).submit()
    token = bob.forms["add-item"]["csrf-token"].value
    response = app.post("/update-done", {"csrf-token": token, "list-id": list_id_of(bob),
                                         "item-id": str(ids["Eggs"]), "done": "on"})
    assert response.location == f"/lists/{list_id_of(bob)}#item-{ids['Eggs']}"


@pytest.mark.parametrize("version", ["", "abc", "-1", "1e5", "9" * 30])
def test_malformed_version_is_ignored(app, two_people, version, store, item_form, list_id_of):
    _, bob, ids = two_people
    form = item_form(bob, "/update-done", ids["Eggs"])
    form["version"].force_value(version)
    response = form.submit()
    assert response.status_int == 303
    assert "changed" not in response.location
    assert store.get_list(list_id_of(bob)).items[1].done
