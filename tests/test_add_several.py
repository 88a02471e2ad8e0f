"""User stories: add several items at once (one per non-blank line), and the one-line add
box the Go original posts to keeps working."""

from __future__ import annotations

import pytest

from simplelists.forms import MAX_TEXT_LENGTH


def add_several(page, text: str):
    form = page.forms["add-items"]
    form["description"] = text
    return form.submit()


def test_paste_several_lines_adds_one_item_each_in_order(app, add_item, create_list, descriptions, list_id_of, store):
    page = add_item(create_list(app, "Groceries"), "Milk")
    assert page.forms["add-items"]["description"].tag == "textarea"
    response = add_several(page, "Eggs\r\n\r\n  Bread  \n\t\nButter\n")
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id_of(page)}?counts=3.0.0"
    page = response.follow()
    assert descriptions(store, list_id_of(page)) == ["Milk", "Eggs", "Bread", "Butter"]
    assert "0 of 4 done" in page.text
    assert "Added 3 items." in page.text


def test_single_line_box_still_adds_one_item(app, add_item, create_list, descriptions, list_id_of, store):
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    assert form["description"].attrs["type"] == "text"  # Enter submits it
    page = add_item(page, "Milk and honey")
    assert descriptions(store, list_id_of(page)) == ["Milk and honey"]


def test_go_original_form_post_still_works(app, create_list, descriptions, list_id_of, store):
    """The Go app's add form posted only list-id and description (no version, no several)."""
    page = create_list(app, "Groceries")
    token = page.forms["add-item"]["csrf-token"].value
    response = app.post("/add-item", {"csrf-token": token, "list-id": list_id_of(page), "description": "Milk"})
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id_of(page)}"
    assert descriptions(store, list_id_of(page)) == ["Milk"]


def test_blank_lines_only_add_nothing(app, create_list, descriptions, list_id_of, store):
    page = create_list(app, "Groceries")
    response = add_several(page, "\n  \n\t\n")
    assert response.status_int == 303
    assert descriptions(store, list_id_of(page)) == []


def test_a_too_long_line_adds_nothing_and_keeps_the_text(app, create_list, descriptions, list_id_of, store):
    page = create_list(app, "Groceries")
    text = "Milk\n" + "x" * (MAX_TEXT_LENGTH + 1) + "\nEggs"
    response = add_several_expect_400(page, text)
    assert f"Line 2 is too long: {MAX_TEXT_LENGTH + 1} characters, and the most is {MAX_TEXT_LENGTH}." in response.text
    assert response.forms["add-items"]["description"].value == text
    assert '<details class="add-several" open>' in response.text
    assert 'aria-describedby="several-error"' in response.text
    assert descriptions(store, list_id_of(page)) == []  # all or nothing


def add_several_expect_400(page, text):
    form = page.forms["add-items"]
    form["description"] = text
    return form.submit(status=400)


def test_one_too_long_item_in_the_one_line_box(app, create_list):
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    form["description"] = "z" * (MAX_TEXT_LENGTH + 1)
    response = form.submit(status=400)
    assert f"The item is too long: {MAX_TEXT_LENGTH + 1} characters" in response.text
    assert response.forms["add-item"]["description"].value == "z" * (MAX_TEXT_LENGTH + 1)
    assert "<details class=\"add-several\">" in response.text  # the other form stays closed


def test_several_lines_are_added_in_one_transaction(app, db, create_list):
    page = create_list(app, "Groceries")
    form = page.forms["add-items"]
    form["description"] = "Milk\nEggs\nBread"
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    try:
        form.submit()
    finally:
        db.connection().set_trace_callback(None)
    begins = [s for s in statements if s.startswith("BEGIN")]
    inserts = [s for s in statements if s.startswith("INSERT INTO items")]
    assert len(begins) == 1 and len(inserts) == 3


def test_a_failure_midway_adds_nothing(app, db, create_list, descriptions, list_id_of, store):
    page = create_list(app, "Groceries")
    form = page.forms["add-items"]
    form["description"] = "Milk\nEggs\nBread"
    connection = db.connection()
    connection.execute("""CREATE TRIGGER no_bread BEFORE INSERT ON items WHEN NEW.description = 'Bread'
                          BEGIN SELECT RAISE(ABORT, 'no bread'); END""")
    form.submit(status=500)
    assert descriptions(store, list_id_of(page)) == []


@pytest.mark.parametrize("text", ["Crème brûlée\n日本語 🍣", "<b>bold</b>\n'quoted'"])
def test_unicode_and_markup_lines_are_kept_literally(app, text, create_list, descriptions, list_id_of, store):
    page = create_list(app, "Groceries")
    add_several(page, text).follow()
    assert descriptions(store, list_id_of(page)) == text.split("\n")


def test_add_several_to_a_deleted_list_is_404(app, db, store, create_list, list_id_of):
    page = create_list(app, "Groceries")
    store.delete_list(list_id_of(page))
    form = page.forms["add-items"]
    form["description"] = "Milk\nEggs"
    form.submit(status=404)
    assert db.connection().execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_new_items_go_to_the_end_of_the_to_do_part(app, add_item, create_list, descriptions, list_id_of, store):
    page = add_several(create_list(app, "Groceries"), "Milk\nEggs").follow()
    page = add_item(page, "Bread")
    assert descriptions(store, list_id_of(page)) == ["Milk", "Eggs", "Bread"]
