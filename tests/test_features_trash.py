"""User stories: the trash (deleted lists and items of the last 30 days, with Restore),
a deleted list's link offering a restore, and purging after 30 days."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from conftest import create_list, make_test_app
from feature_helpers import descriptions, item_form, item_ids, list_id_of, list_with_items
from simplelists import db
from simplelists.db_features import TRASH_DAYS


def age_deletions(model, days: float) -> None:
    """Pretend everything deleted so far was deleted that many days ago."""
    moment = db.format_sqlite_time(db.utc_now() - datetime.timedelta(days=days))
    with model._write() as connection:
        connection.execute("UPDATE items SET time_deleted = ? WHERE time_deleted IS NOT NULL", (moment,))
        connection.execute("UPDATE lists SET time_deleted = ? WHERE time_deleted IS NOT NULL", (moment,))


def test_trash_lists_deleted_lists_and_items_and_restores_them(app, model):
    keep = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(model, list_id_of(keep))
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
    assert descriptions(model, list_id_of(keep)) == ["Milk", "Eggs"]

    trash = response.follow()
    assert "No deleted items." in trash.text
    response = next(form for form in trash.forms.values() if form.action == "/restore-list").submit()
    assert response.location == f"/lists/{list_id_of(old)}"
    page = response.follow()
    assert "<h1>Old plans</h1>" in page.text and "0 of 3 done" in page.text
    assert "No deleted lists." in app.get("/trash").text


def test_list_trash_shows_only_that_lists_items(app, model):
    ours = list_with_items(app, "Ours", "Milk")
    theirs = list_with_items(app, "Theirs", "Secret")
    model.delete_item(list_id_of(ours), item_ids(model, list_id_of(ours))["Milk"])
    model.delete_item(list_id_of(theirs), item_ids(model, list_id_of(theirs))["Secret"])
    trash = app.get(f"/lists/{list_id_of(ours)}").click(description="Recently deleted")
    assert "<h1>Deleted from Ours</h1>" in trash.text
    assert "Milk" in trash.text and "Secret" not in trash.text
    response = trash.forms[0].submit()
    assert response.location == f"/trash?list={list_id_of(ours)}"
    assert descriptions(model, list_id_of(ours)) == ["Milk"]
    trash.click(description="Back to Ours")


def test_whole_trash_hidden_when_lists_are_not_shown(config, model):
    """List links are the keys to lists: when the home page does not list them, neither
    may the trash."""
    app = make_test_app(dataclasses.replace(config, show_lists=False), model)
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
    assert model.get_list(list_id_of(page)) is not None


def test_trash_of_unknown_list_is_404(app):
    app.get("/trash?list=bbbbbbbbbb", status=404)


def test_deleted_list_link_offers_restore(app, model):
    page = list_with_items(app, "Chores", "Dishes")
    page.click(href=r"\?delete=1").forms[0].submit()
    deleted = app.get(f"/lists/{list_id_of(page)}", status=404)
    assert "This list and its 1 item are in the trash" in deleted.text
    response = deleted.forms[0].submit()
    assert response.location == f"/lists/{list_id_of(page)}"
    assert descriptions(model, list_id_of(page)) == ["Dishes"]
    # A second tap on the same Restore is fine.
    deleted.forms[0].submit(status=303)


def test_restore_unknown_list_is_404(app, model):
    page = create_list(app, "Chores")
    page.click(href=r"\?delete=1").forms[0].submit()
    form = app.get(f"/lists/{list_id_of(page)}", status=404).forms[0]
    form["list-id"] = "bbbbbbbbbb"
    form.submit(status=404)


def test_items_older_than_30_days_leave_the_trash_and_are_purged(app, model):
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(model, list_id_of(page))
    doomed = list_with_items(app, "Doomed", "x")
    doomed_id = list_id_of(doomed)
    model.delete_item(list_id_of(page), ids["Milk"])
    model.delete_list(doomed_id)
    age_deletions(model, TRASH_DAYS + 1)
    trash = app.get("/trash")
    assert "Milk" not in trash.text and "Doomed" not in trash.text
    # The next delete purges them for good.
    model.delete_item(list_id_of(page), ids["Eggs"])
    rows = model.connection().execute("SELECT description FROM items").fetchall()
    assert rows == [("Eggs",)]
    assert model.connection().execute("SELECT count(*) FROM lists WHERE id = ?", (doomed_id,)).fetchone()[0] == 0
    app.get(f"/lists/{doomed_id}", status=404)


def test_recent_trash_is_not_purged(app, model):
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    ids = item_ids(model, list_id_of(page))
    model.delete_item(list_id_of(page), ids["Milk"])
    age_deletions(model, TRASH_DAYS - 1)
    model.delete_item(list_id_of(page), ids["Eggs"])
    assert "Milk" in app.get("/trash").text
    assert model.restore_items(list_id_of(page), [ids["Milk"]]).item_ids == (ids["Milk"],)


@pytest.mark.parametrize("path", ["/trash", "/trash?list=bbbbbbbbbb"])
def test_trash_needs_sign_in(signed_in_app, path):
    response = signed_in_app.get(path)
    assert response.status_int == 303
    assert response.location.startswith("/?return-url=")
