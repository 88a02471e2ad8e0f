"""User stories: suggestions from what the family added to a list before. The add box
offers earlier items as you type (a <datalist>), and "Add again" holds the dozen most
often added as one-tap buttons; neither offers what is open on the list now."""

from __future__ import annotations

import pytest

from simplelists.history import ADD_AGAIN_LIMIT, SUGGESTION_LIMIT


def suggested(page) -> list[str]:
    """The add box's suggestions, in order (none when it has no datalist)."""
    box = page.html.find("input", id="description")
    if not box.get("list"):
        return []
    return [option["value"] for option in page.html.find("datalist", id=box["list"]).find_all("option")]


def add_again(page) -> list[str]:
    """The "Add again" buttons' texts, in order."""
    form = page.html.find("form", id="add-again-form")
    return [button.get_text() for button in form.find_all("button")] if form else []


@pytest.fixture
def last_week(app, list_with_items, list_id_of, store):
    """A list whose shop was done and cleared: Milk, Eggs and Bread are history, Jam is
    still on it."""
    page = list_with_items(app, "Shop", "Milk", "Eggs", "Bread", "Jam")
    list_id = list_id_of(page)
    for item in store.get_list(list_id).items[:3]:
        store.set_done(list_id, item.id, True)
    store.clear_done(list_id)
    return app.get(f"/lists/{list_id}")


def test_earlier_items_are_offered_until_they_are_open_again(app, last_week, list_id_of, press, store,
                                                             visible_order):
    list_id = list_id_of(last_week)
    assert sorted(suggested(last_week)) == ["Bread", "Eggs", "Milk"]
    assert sorted(add_again(last_week)) == ["Bread", "Eggs", "Milk"]
    assert '<details class="add-again" id="add-again">' in last_week.text  # folded away at first

    response = press(last_week, "Add Eggs again")
    eggs = store.get_list(list_id).items[-1]
    assert response.location == f"/lists/{list_id}?again=1&added={eggs.id}#add-again"
    page = response.follow()
    assert visible_order(page) == ["Jam", "Eggs"]
    assert sorted(suggested(page)) == sorted(add_again(page)) == ["Bread", "Milk"]
    # Still open, saying what happened, to tap the next one.
    assert '<details class="add-again" id="add-again" open>' in page.text
    assert "Added Eggs." in page.text

    page = press(page, "Add Milk again").follow()
    assert sorted(add_again(page)) == ["Bread"]
    assert visible_order(page) == ["Jam", "Eggs", "Milk"]


def test_an_item_added_by_typing_stops_being_suggested(app, last_week, add_item):
    page = add_item(last_week, "bread")
    assert sorted(suggested(page)) == ["Eggs", "Milk"]


def test_done_items_are_offered_and_re_opened(app, last_week, press, tick):
    page = tick(last_week, "Jam")
    assert "Jam" in add_again(page)
    page = press(page, "Add Jam again").follow()
    assert "Jam was crossed off, so it is back on the list." in page.text
    assert "Jam" not in add_again(page)


def test_most_often_added_first_then_most_recent(store, app):
    list_id = store.create_list("Shop")
    for week in (["Milk", "Eggs", "Tea"], ["Milk", "Eggs"], ["Milk", "Coffee"]):
        store.add_items(list_id, week)
        for item in store.get_list(list_id).items:
            store.set_done(list_id, item.id, True)
        store.clear_done(list_id)
    assert suggested(app.get(f"/lists/{list_id}"))[:2] == ["Milk", "Eggs"]
    assert sorted(suggested(app.get(f"/lists/{list_id}"))[2:]) == ["Coffee", "Tea"]


def test_case_and_spacing_variants_are_one_suggestion_in_the_newest_spelling(store, app):
    list_id = store.create_list("Shop")
    for spelling in ("oat milk", "Oat  milk", "OAT MILK"):
        item_id = store.add_item(list_id, spelling)
        store.delete_item(list_id, item_id)
    assert suggested(app.get(f"/lists/{list_id}")) == ["OAT MILK"]


def test_at_most_a_hundred_suggestions_and_a_dozen_buttons(store, app):
    list_id = store.create_list("Shop")
    store.import_list("Other", [("Elsewhere", False)])  # another list's history is not this one's
    change = store.add_items(list_id, [f"Thing {number}" for number in range(SUGGESTION_LIMIT + 30)])
    for item_id in change.item_ids[:40]:  # open ones never count against the limits
        store.delete_item(list_id, item_id)
    page = app.get(f"/lists/{list_id}")
    assert len(suggested(page)) == 40
    store.clear_done(list_id)
    for item_id in change.item_ids[40:]:
        store.delete_item(list_id, item_id)
    page = app.get(f"/lists/{list_id}")
    assert len(suggested(page)) == SUGGESTION_LIMIT
    assert len(add_again(page)) == ADD_AGAIN_LIMIT
    assert "Elsewhere" not in page.text


def test_a_fixed_typo_is_no_longer_suggested(app, list_with_items, item_ids, item_form, list_id_of, store):
    page = list_with_items(app, "Shop", "Mlik")
    list_id = list_id_of(page)
    item_id = item_ids(store, list_id)["Mlik"]
    form = item_form(app.get(f"/lists/{list_id}?edit={item_id}"), "/edit-item", item_id)
    form["description"] = "Milk"
    form.submit()
    store.delete_item(list_id, item_id)
    assert suggested(app.get(f"/lists/{list_id}")) == ["Milk"]


def test_history_outlives_the_trash_but_not_its_list(app, db, store, last_week, list_id_of):
    """A month after clearing, the items are purged for good; what was bought is still
    suggested. A list purged for good takes its history with it."""
    list_id = list_id_of(last_week)
    connection = db.connection()
    connection.execute("UPDATE items SET time_deleted = '2000-01-01 00:00:00' WHERE time_deleted IS NOT NULL")
    other = store.create_list("Other")
    store.delete_item(other, store.add_item(other, "x"))  # any delete purges what is older than 30 days
    assert connection.execute("SELECT count(*) FROM items WHERE list_id = ?", (list_id,)).fetchone()[0] == 1
    assert sorted(suggested(app.get(f"/lists/{list_id}"))) == ["Bread", "Eggs", "Milk"]

    store.delete_list(list_id)
    connection.execute("UPDATE lists SET time_deleted = '2000-01-01 00:00:00' WHERE id = ?", (list_id,))
    store.delete_item(other, store.add_item(other, "y"))
    assert connection.execute("SELECT count(*) FROM item_history WHERE list_id = ?", (list_id,)).fetchone()[0] == 0


def test_the_list_page_reads_history_and_items_through_indexes(db, store):
    """Why a long history costs the list page nothing: the suggestions are the first rows
    of an index, and the items query skips deleted items by another."""
    plans = {}
    for name, query in {
        "history": """SELECT match_key, description, section_id, times_added FROM item_history
                      WHERE list_id = ? ORDER BY times_added DESC, last_added DESC LIMIT ?""",
        "items": """SELECT id, description, done, section_id FROM items
                    WHERE list_id = ? AND time_deleted IS NULL ORDER BY coalesce(position, id), id""",
    }.items():
        plans[name] = " ".join(row[-1] for row in db.connection().execute(
            "EXPLAIN QUERY PLAN " + query, ("x", 10)[:query.count("?")]))
    assert "USING INDEX item_history_rank" in plans["history"] and "TEMP B-TREE" not in plans["history"]
    assert "items_list_id_live (list_id=? AND time_deleted=?)" in plans["items"]


def test_a_list_shown_again_before_any_change_reads_no_history(app, last_week, list_id_of, db, add_item):
    """Suggestions are kept by the list's version, which every change to its history bumps."""
    list_id = list_id_of(last_week)
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    try:
        app.get(f"/lists/{list_id}")
        assert not any("item_history" in statement for statement in statements)
        page = add_item(app.get(f"/lists/{list_id}"), "Milk")  # a change: worked out again
    finally:
        db.connection().set_trace_callback(None)
    assert any(statement.startswith("SELECT match_key") for statement in statements)
    assert sorted(suggested(page)) == ["Bread", "Eggs"]


def test_the_last_one_added_again_is_announced_at_the_top(app, last_week, press):
    page = last_week
    for description in ("Milk", "Eggs", "Bread"):
        page = press(page, f"Add {description} again").follow()
    assert add_again(page) == []
    assert page.html.find("p", id="added-message").get_text() == "Added Bread."
