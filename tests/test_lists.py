"""User stories for lists: create, view, list on the home page, delete after confirming."""

from __future__ import annotations

import dataclasses
import datetime
import re
import zoneinfo

import babel.dates
import pytest

from simplelists import lists


def list_id_of(page) -> str:
    return page.request.path.rsplit("/", 1)[1]


def test_create_list_goes_to_its_page(app, store):
    form = app.get("/").forms["create-list"]
    form["name"] = "  Groceries  "
    response = form.submit()
    assert response.status_int == 303
    list_id = re.fullmatch(r"/lists/([a-z]+)", response.location).group(1)
    page = response.follow()
    assert page.status_int == 200
    assert "<h1>Groceries</h1>" in page.text
    assert store.get_list(list_id).name == "Groceries"  # trimmed


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_blank_list_name_just_goes_home(app, name, store):
    form = app.get("/").forms["create-list"]
    form["name"] = name
    response = form.submit()
    assert response.status_int == 303
    assert response.location == "/"
    assert store.get_lists() == []


def test_list_id_is_ten_consonants_from_secrets(monkeypatch, store):
    ids = {store.create_list(f"list {n}") for n in range(50)}
    assert len(ids) == 50
    for list_id in ids:
        assert re.fullmatch(r"[bcdfghjklmnpqrstvwxyz]{10}", list_id)
    drawn = []
    monkeypatch.setattr(lists.secrets, "choice", lambda alphabet: drawn.append(alphabet) or "b")
    assert lists.new_list_id() == "b" * 10
    assert drawn == [lists.LIST_ID_ALPHABET] * 10


def test_home_shows_lists_newest_first_with_date_and_counts(app, config, add_item, create_list):
    first = create_list(app, "First")
    add_item(add_item(first, "a"), "b")
    create_list(app, "Second")
    home = app.get("/")
    assert home.text.index("Second") < home.text.index("First")
    first_id = list_id_of(first)
    assert f'href="/lists/{first_id}"' in home.text
    assert f'href="/lists/{first_id}?delete=1"' in home.text
    assert "0 of 2 done" in home.text
    today = datetime.datetime.now(config.timezone)
    assert f">{babel.dates.format_skeleton('MMMd', today, locale='en_GB')}</time>" in home.text  # "2 Jan"
    assert re.search(r'title="\d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d"', home.text)


def test_home_dates_use_the_configured_timezone(config, db, store, make_test_app):
    store.create_list("Late")
    with db.transaction() as connection:
        connection.execute("UPDATE lists SET time_created = '2021-01-02T23:30:00.123456789Z'")
    for zone, expected in (("UTC", "2 Jan"), ("Pacific/Auckland", "3 Jan")):
        app = make_test_app(dataclasses.replace(config, timezone=zoneinfo.ZoneInfo(zone)), db)
        assert f">{expected}</time>" in app.get("/").text


def test_lists_hidden_on_home_unless_enabled(config, db, store, make_test_app):
    store.create_list("Secret plans")
    app = make_test_app(dataclasses.replace(config, show_lists=False), db)
    home = app.get("/")
    assert "Secret plans" not in home.text
    assert "create-list" in home.forms


def test_delete_list_after_confirmation(app, db, store, create_list):
    page = create_list(app, "Old list")
    list_id = list_id_of(page)
    confirm = page.click(href=r"\?delete=1")
    assert "Delete “Old list”?" in confirm.text
    assert store.get_list(list_id) is not None  # showing the question deletes nothing
    response = confirm.forms[0].submit()
    assert response.status_int == 303
    assert response.location == "/"
    home = response.follow()
    assert "Old list" not in home.text
    assert store.get_list(list_id) is None
    # Soft delete: the row is still there with time_deleted set.
    row = db.connection().execute("SELECT time_deleted FROM lists WHERE id = ?", (list_id,)).fetchone()
    assert row[0] is not None
    app.get(f"/lists/{list_id}", status=404)


def test_delete_from_home_link_asks_first(app, create_list):
    create_list(app, "Chores")
    confirm = app.get("/").click(description="✕")
    assert confirm.forms[0].action == "/delete-list"


@pytest.mark.parametrize("path", ["/lists/nosuchlist", "/lists/bcdfghjklm", "/lists/" + "x" * 300,
                                  "/lists/%00", "/lists/'; DROP TABLE lists;--"])
def test_unknown_list_is_404_page(app, path):
    response = app.get(path, status=404)
    assert "Not found" in response.text
    assert "Traceback" not in response.text


def test_delete_unknown_list_is_404(app, store, create_list):
    page = create_list(app, "Keep")
    form = page.click(href=r"\?delete=1").forms[0]
    form["list-id"] = "bbbbbbbbbb"
    form.submit(status=404)
    assert store.get_list(list_id_of(page)) is not None


def test_name_html_is_escaped(app, create_list):
    page = create_list(app, '<script>alert("x")</script>')
    assert "<script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "<script>" not in app.get("/").text


def test_non_ascii_names_round_trip(app, store, create_list):
    page = create_list(app, "Épicerie 🛒 日本語")
    assert "Épicerie 🛒 日本語" in page.text
    assert store.get_list(list_id_of(page)).name == "Épicerie 🛒 日本語"


@pytest.mark.parametrize("show_lists", [True, False])
def test_the_home_page_is_the_same_whatever_the_error(config, db, store, make_test_app, sign_in, show_lists,
                                                      signed_in_config):
    """The create-list and import errors show the whole home page: lists, import form and
    the "Download all lists" link alike."""
    app = make_test_app(dataclasses.replace(signed_in_config, show_lists=show_lists), db)
    sign_in(app)
    store.create_list("Groceries")
    plain = app.get("/")
    form = plain.forms["create-list"]
    form["name"] = "x" * 501
    too_long = form.submit(status=400)
    form = plain.forms["import-list"]
    form["text"] = "# only a heading that is far too long " + "y" * 500
    bad_import = form.submit(status=400)
    for page in (plain, too_long, bad_import):
        assert "Download all lists (JSON)" in page.text
        assert ("Groceries" in page.text) == show_lists
        assert {"create-list", "import-list"} <= set(page.forms)
