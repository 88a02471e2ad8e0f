"""User stories: the trash (deleted lists and items of the last 30 days, with Restore),
a deleted list's link offering a restore, and purging after 30 days."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from simplelists.timestamps import format_sqlite_time, utc_now
from simplelists.trash import TRASH_DAYS


def age_deletions(db, days: float) -> None:
    """Pretend everything deleted so far was deleted that many days ago."""
    moment = format_sqlite_time(utc_now() - datetime.timedelta(days=days))
    with db.transaction() as connection:
        connection.execute("UPDATE items SET time_deleted = ? WHERE time_deleted IS NOT NULL", (moment,))
        connection.execute("UPDATE lists SET time_deleted = ? WHERE time_deleted IS NOT NULL", (moment,))


def test_trash_lists_deleted_lists_and_items_and_restores_them(app, descriptions, item_form, item_ids, list_id_of, list_with_items, store):
    keep = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(store, list_id_of(keep))
    item_form(keep, "/delete-item", ids["Milk"]).submit()
    old = list_with_items(app, "Old plans", "a", "b", "c")
    old.click(href=r"\?delete=1").forms[0].submit()

    trash = app.get("/").click(description="Trash", href="/trash")
    assert "<h1>Trash</h1>" in trash.text
    assert trash.text.index("<h2>Lists</h2>") < trash.text.index("<h2>Items</h2>")
    assert "Old plans" in trash.text and "3 items" in trash.text
    assert "Milk" in trash.text and "from Groceries" in trash.text
    assert 'aria-label="Restore Milk"' in trash.text
    assert 'aria-label="Restore Old plans"' in trash.text
    # Items of a deleted list are not listed apart: they come back with it.
    assert ">a <span" not in trash.text

    restore_milk = next(form for form in trash.forms.values() if form.action == "/restore-items")
    response = restore_milk.submit()
    assert response.status_int == 303
    assert response.location == "/trash"  # back to the trash, to restore more
    assert descriptions(store, list_id_of(keep)) == ["Milk", "Eggs"]

    trash = response.follow()
    assert "No deleted items." in trash.text
    response = next(form for form in trash.forms.values() if form.action == "/restore-list").submit()
    assert response.location == f"/lists/{list_id_of(old)}"
    page = response.follow()
    assert "<h1>Old plans</h1>" in page.text and "0 of 3 done" in page.text
    assert "No deleted lists." in app.get("/trash").text


def test_list_trash_shows_only_that_lists_items(app, store, descriptions, item_ids, list_id_of, list_with_items):
    ours = list_with_items(app, "Ours", "Milk")
    theirs = list_with_items(app, "Theirs", "Secret")
    store.delete_item(list_id_of(ours), item_ids(store, list_id_of(ours))["Milk"])
    store.delete_item(list_id_of(theirs), item_ids(store, list_id_of(theirs))["Secret"])
    trash = app.get(f"/lists/{list_id_of(ours)}").click(description="Recently deleted")
    assert "<h1>Deleted from Ours</h1>" in trash.text
    assert "Milk" in trash.text and "Secret" not in trash.text
    response = trash.forms[0].submit()
    assert response.location == f"/trash?list={list_id_of(ours)}"
    assert descriptions(store, list_id_of(ours)) == ["Milk"]
    trash.click(description="Back to Ours")


def test_whole_trash_hidden_when_lists_are_not_shown(config, store, list_id_of, list_with_items, make_test_app, db):
    """List links are the keys to lists: when the home page does not list them, neither
    may the trash."""
    app = make_test_app(dataclasses.replace(config, show_lists=False), db)
    page = list_with_items(app, "Secret plans", "x")
    page.click(href=r"\?delete=1").forms[0].submit()
    trash = app.get("/trash")
    assert "Secret plans" not in trash.text
    assert list_id_of(page) not in trash.text
    assert 'href="/trash"' not in app.get("/").text
    # The list's own link still offers the restore.
    deleted = app.get(f"/lists/{list_id_of(page)}", status=404)
    assert "“Secret plans” was deleted" in deleted.text
    deleted.forms[0].submit().follow()
    assert store.get_list(list_id_of(page)) is not None


def test_trash_of_unknown_list_is_404(app):
    app.get("/trash?list=bbbbbbbbbb", status=404)


def test_deleted_list_link_offers_restore(app, descriptions, list_id_of, list_with_items, store):
    page = list_with_items(app, "Chores", "Dishes")
    page.click(href=r"\?delete=1").forms[0].submit()
    deleted = app.get(f"/lists/{list_id_of(page)}", status=404)
    assert "This list and its 1 item are in the trash" in deleted.text
    response = deleted.forms[0].submit()
    assert response.location == f"/lists/{list_id_of(page)}"
    assert descriptions(store, list_id_of(page)) == ["Dishes"]
    # A second tap on the same Restore is fine.
    deleted.forms[0].submit(status=303)


def test_restore_unknown_list_is_404(app, create_list, list_id_of):
    page = create_list(app, "Chores")
    page.click(href=r"\?delete=1").forms[0].submit()
    form = app.get(f"/lists/{list_id_of(page)}", status=404).forms[0]
    form["list-id"] = "bbbbbbbbbb"
    form.submit(status=404)


def test_items_older_than_30_days_leave_the_trash_and_are_purged(app, db, store, item_ids, list_id_of, list_with_items):
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(store, list_id_of(page))
    doomed = list_with_items(app, "Doomed", "x")
    doomed_id = list_id_of(doomed)
    store.delete_item(list_id_of(page), ids["Milk"])
    store.delete_list(doomed_id)
    age_deletions(db, TRASH_DAYS + 1)
    trash = app.get("/trash")
    assert "Milk" not in trash.text and "Doomed" not in trash.text
    # The next delete purges them for good.
    store.delete_item(list_id_of(page), ids["Eggs"])
    rows = db.connection().execute("SELECT description FROM items").fetchall()
    assert rows == [("Eggs",)]
    assert db.connection().execute("SELECT count(*) FROM lists WHERE id = ?", (doomed_id,)).fetchone()[0] == 0
    app.get(f"/lists/{doomed_id}", status=404)


def test_recent_trash_is_not_purged(app, store, trash_store, list_id_of, list_with_items, item_ids, db):
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(store, list_id_of(page))
    store.delete_item(list_id_of(page), ids["Milk"])
    age_deletions(db, TRASH_DAYS - 1)
    store.delete_item(list_id_of(page), ids["Eggs"])
    assert "Milk" in app.get("/trash").text
    assert trash_store.restore_items(list_id_of(page), [ids["Milk"]]).item_ids == (ids["Milk"],)


@pytest.mark.parametrize("path", ["/trash", "/trash?list=bbbbbbbbbb"])
def test_trash_needs_sign_in(signed_in_app, path):
    response = signed_in_app.get(path)
    assert response.status_int == 303
    assert response.location.startswith("/?return-url=")
