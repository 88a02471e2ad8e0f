"""User stories: clear done items (after confirming), uncheck all, and undo after a
delete or a clear."""

from __future__ import annotations

import pytest



@pytest.fixture
def packing(app, item_form, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Packing", "Socks", "Toothbrush", "Charger", "Passport")
    ids = item_ids(store, list_id_of(page))
    for name in ("Socks", "Charger"):
        page = item_form(page, "/update-done", ids[name]).submit().follow()
    return page


def test_clear_done_asks_first_then_clears_and_offers_undo(app, packing, descriptions, item_ids, list_id_of, store):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    assert "2 of 4 done" in packing.text
    confirm = packing.click(description="Clear done items…")
    assert confirm.request.url.endswith(f"/lists/{list_id}?clear-done=1")
    assert "<h1>Clear done items from “Packing”?</h1>" in confirm.text
    assert "2 done items will be removed from the list: Socks and Charger." in confirm.text
    assert descriptions(store, list_id) == ["Socks", "Toothbrush", "Charger", "Passport"]  # asking changes nothing
    # Cancel goes back and changes nothing.
    assert "clear-done" not in confirm.click(description="Cancel").request.url

    response = confirm.forms[0].submit()
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}?deleted={ids['Socks']}%2C{ids['Charger']}"
    page = response.follow()
    assert descriptions(store, list_id) == ["Toothbrush", "Passport"]
    assert "0 of 2 done" in page.text
    assert "Deleted 2 items: Socks and Charger." in page.text
    assert "<h2>Done</h2>" not in page.text

    page = page.forms["undo"].submit().follow()
    assert descriptions(store, list_id) == ["Socks", "Toothbrush", "Charger", "Passport"]
    assert "2 of 4 done" in page.text
    assert "undo" not in page.forms


def test_clear_done_with_nothing_done(app, list_id_of, list_with_items):
    page = list_with_items(app, "Packing", "Socks")
    assert "Clear done items" not in page.text
    confirm = app.get(f"/lists/{list_id_of(page)}?clear-done=1")
    assert "nothing to clear" in confirm.text
    assert "/clear-done" not in [form.action for form in confirm.forms.values()]


def test_clear_done_on_a_list_that_changed_meanwhile_clears_what_is_done_now(app, packing, store, descriptions, item_ids, list_id_of):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    confirm = packing.click(description="Clear done items…")
    store.set_done(list_id, ids["Passport"], True)
    page = confirm.forms[0].submit().follow()
    assert descriptions(store, list_id) == ["Toothbrush"]
    assert "This list was changed by someone else since you loaded it" in page.text


def test_clear_done_of_unknown_list_is_404(app, packing, descriptions, list_id_of, store):
    form = packing.click(description="Clear done items…").forms[0]
    form["list-id"] = "bbbbbbbbbb"
    form.submit(status=404)
    assert len(descriptions(store, list_id_of(packing))) == 4


def test_uncheck_all(app, packing, store, list_id_of, visible_order):
    list_id = list_id_of(packing)
    response = packing.forms["uncheck-all"].submit()
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}"
    page = response.follow()
    assert "0 of 4 done" in page.text
    assert not any(item.done for item in store.get_list(list_id).items)
    assert visible_order(page) == ["Socks", "Toothbrush", "Charger", "Passport"]
    assert "uncheck-all" not in page.forms  # nothing left to uncheck


def test_uncheck_all_only_touches_its_own_list(app, packing, store, item_form, item_ids, list_id_of, list_with_items):
    other = list_with_items(app, "Other", "Done thing")
    other_ids = item_ids(store, list_id_of(other))
    item_form(other, "/update-done", other_ids["Done thing"]).submit()
    packing.forms["uncheck-all"].submit()
    assert store.get_list(list_id_of(other)).items[0].done


def test_undo_after_deleting_an_item(app, packing, descriptions, item_form, item_ids, list_id_of, store):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    response = item_form(packing, "/delete-item", ids["Toothbrush"]).submit()
    assert response.location == f"/lists/{list_id}?deleted={ids['Toothbrush']}"
    page = response.follow()
    assert "Deleted “Toothbrush”." in page.text
    undo = page.forms["undo"]
    assert undo.action == "/restore-items"
    assert 'aria-describedby="undo-message"' in page.text
    response = undo.submit()
    assert response.location == f"/lists/{list_id}#item-{ids['Toothbrush']}"
    assert descriptions(store, list_id) == ["Socks", "Toothbrush", "Charger", "Passport"]
    # Undoing twice (a double tap) is harmless.
    undo.submit(status=303)
    assert descriptions(store, list_id) == ["Socks", "Toothbrush", "Charger", "Passport"]


def test_undo_notice_only_for_deleted_items_of_this_list(app, packing, store, item_ids, list_id_of, list_with_items):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    other = list_with_items(app, "Other", "Secret")
    secret = item_ids(store, list_id_of(other))["Secret"]
    store.delete_item(list_id_of(other), secret)
    # Another list's deleted item, a live item and junk: no notice, nothing leaks.
    page = app.get(f"/lists/{list_id}?deleted={secret},{ids['Socks']},abc,-5")
    assert "undo" not in page.forms
    assert "Secret" not in page.text


def test_undo_cannot_restore_another_lists_item(app, packing, store, descriptions, item_form, item_ids, list_id_of, list_with_items):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    page = item_form(packing, "/delete-item", ids["Passport"]).submit().follow()
    other = list_with_items(app, "Other", "Secret")
    secret = item_ids(store, list_id_of(other))["Secret"]
    store.delete_item(list_id_of(other), secret)
    undo = page.forms["undo"]
    undo["item-ids"].force_value(f"{secret},{ids['Passport']}")
    undo.submit()
    assert "Passport" in descriptions(store, list_id)
    assert descriptions(store, list_id_of(other)) == []  # still deleted
    # Naming the other list restores only that list's items, never this one's.
    store.delete_item(list_id, ids["Passport"])
    undo["list-id"] = list_id_of(other)
    undo["item-ids"].force_value(str(ids["Passport"]))
    undo.submit()
    assert "Passport" not in descriptions(store, list_id)
    assert "Passport" not in descriptions(store, list_id_of(other))


def test_undo_on_a_deleted_list_is_404(app, packing, store, item_form, item_ids, list_id_of):
    list_id = list_id_of(packing)
    ids = item_ids(store, list_id)
    page = item_form(packing, "/delete-item", ids["Passport"]).submit().follow()
    store.delete_list(list_id)
    page.forms["undo"].submit(status=404)


def test_many_deleted_items_are_summarised(app, store, create_list, list_id_of):
    page = create_list(app, "Big")
    form = page.forms["add-items"]
    form["description"] = "\n".join(f"thing {n}" for n in range(8))
    page = form.submit().follow()
    list_id = list_id_of(page)
    for item in store.get_list(list_id).items:
        store.set_done(list_id, item.id, True)
    page = app.get(f"/lists/{list_id}?clear-done=1").forms[0].submit().follow()
    assert "Deleted 8 items: thing 0, thing 1, thing 2, thing 3, thing 4 and 3 more." in page.text
