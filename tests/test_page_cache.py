"""The page cache: reading a page again skips the work, but never shows stale lists or
another person's CSRF token."""

from __future__ import annotations

import sqlite3

from conftest import add_item, create_list, make_test_app
from simplelists import page_cache
from simplelists.db import Model


def test_repeat_reads_come_from_the_cache(app, model, monkeypatch):
    page = add_item(create_list(app, "Groceries"), "Milk")
    model.add_item(page.request.path.rsplit("/", 1)[1], "Eggs")  # a change: the cached page is stale
    calls = []
    real = model.get_list
    monkeypatch.setattr(model, "get_list", lambda list_id: calls.append(list_id) or real(list_id))
    first = app.get(page.request.path)
    second = app.get(page.request.path)
    assert first.body == second.body
    assert "Eggs" in second.text
    assert len(calls) == 1  # the second read rendered nothing


def test_a_change_by_another_process_shows_at_once(app, model, db_path):
    page = add_item(create_list(app, "Groceries"), "Milk")
    app.get(page.request.path)  # cached now
    other = sqlite3.connect(db_path)  # like another gunicorn worker
    other.execute("UPDATE items SET description = 'Oat milk'")
    other.commit()
    other.close()
    assert "Oat milk" in app.get(page.request.path).text


def test_own_changes_show_at_once(app, model):
    page = add_item(create_list(app, "Groceries"), "Milk")
    home = app.get("/")
    assert "0 of 1 done" in home.text
    list_id = page.request.path.rsplit("/", 1)[1]
    model.set_done(list_id, model.get_list(list_id).items[0].id, True)
    assert "1 of 1 done" in app.get("/").text
    assert "<del>Milk</del>" in app.get(page.request.path).text


def test_each_person_gets_their_own_token(config, model):
    first = make_test_app(config, model)
    second = make_test_app(config, model)
    page = create_list(first, "Groceries")
    for person in (first, second, first):
        response = person.get(page.request.path)
        token = person.cookies["csrf-token"]
        assert all(form["csrf-token"].value == token for form in response.forms.values()
                   if form.method.upper() == "POST")
        assert page_cache.TOKEN_PLACEHOLDER not in response.text
    assert first.cookies["csrf-token"] != second.cookies["csrf-token"]
    # And the forms work, so the token put in is the right one.
    add_item(second.get(page.request.path), "Eggs")


def test_pages_with_notices_or_errors_are_not_cached(app, model):
    page = add_item(create_list(app, "Groceries"), "Milk")
    app.get(page.request.path + "?changed=1")
    assert "changed by someone else" not in app.get(page.request.path).text
    model.delete_list(page.request.path.rsplit("/", 1)[1])
    app.get(page.request.path, status=404)
    app.get(page.request.path, status=404)


def test_the_cache_keeps_to_its_byte_budget(config):
    model = Model(config.db_path)
    model.migrate()
    cache = page_cache.PageCache(model, max_bytes_per_thread=1000)
    import bottle
    bottle.request.bind({"REQUEST_METHOD": "GET", "PATH_INFO": "/"})
    bottle.response.bind()
    for number in range(10):
        cache.serve(f"page{number}", lambda number=number: "x" * 300 + str(number), lambda: "token")
    store = cache._store()
    assert sum(len(body) for _, body in store.values()) <= 1000
    assert list(store)[-1] == "page9"  # the newest are kept
