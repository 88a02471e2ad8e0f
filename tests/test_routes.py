"""The route table: every URL the app answers is in it, and the access it names is
enforced for every route, including one added later."""

from __future__ import annotations

import pytest

from simplelists import routes
from simplelists.lists import ListStore


def test_every_route_of_the_app_comes_from_the_table(app):
    answered = {(route.method, route.rule) for route in app.app.routes}
    assert answered == {(route.method, route.path) for route in routes.ROUTES}
    assert all(route.access in routes.ACCESS for route in routes.ROUTES)


def test_list_pages_match_only_list_ids(app, store):
    list_id = store.create_list("Groceries")
    assert app.get(f"/lists/{list_id}").status_int == 200
    assert app.get(f"/lists/{list_id}.txt").content_type == "text/plain"
    assert app.get(f"/lists/{list_id}.md").content_type == "text/markdown"
    for path in (f"/lists/{list_id}.exe", f"/lists/{list_id}/x", "/lists/a.b.txt", "/lists/" + "b" * 33):
        app.get(path, status=404)


def added_route(method, access):
    def handler():
        return "reached"
    return routes.Route(method, "/added-later", handler, access)


@pytest.mark.parametrize("access", [routes.PUBLIC, routes.SIGNED_IN])
def test_a_post_route_added_later_checks_the_csrf_token(monkeypatch, config, db, make_test_app, access):
    monkeypatch.setattr(routes, "ROUTES", [*routes.ROUTES, added_route("POST", access)])
    app = make_test_app(config, db)
    app.get("/")  # the csrf-token cookie
    app.post("/added-later", {"csrf-token": "wrong"}, status=403)
    app.post("/added-later", {}, status=403)
    assert app.post("/added-later", {"csrf-token": app.cookies["csrf-token"]}).text == "reached"


def test_a_route_added_later_needs_sign_in(monkeypatch, signed_in_config, db, make_test_app, sign_in):
    monkeypatch.setattr(routes, "ROUTES", [*routes.ROUTES, added_route("GET", routes.SIGNED_IN)])
    app = make_test_app(signed_in_config, db)
    response = app.get("/added-later", status=303)
    assert response.location == "/?return-url=/added-later"
    sign_in(app)
    assert app.get("/added-later").text == "reached"


def test_a_route_without_a_known_access_is_refused_at_start(monkeypatch, config, db, make_test_app):
    monkeypatch.setattr(routes, "ROUTES", [*routes.ROUTES, added_route("GET", "everyone")])
    with pytest.raises(ValueError, match="/added-later"):
        make_test_app(config, db)


def test_adding_and_editing_never_load_the_whole_list(app, store, list_with_items, list_id_of, item_ids,
                                                      item_form, monkeypatch):
    """A change to a 1,000-item list costs what one to an empty list does: the list is
    loaded only to show the page again with an error."""
    page = list_with_items(app, "Groceries", "Milk")
    list_id = list_id_of(page)
    form = item_form(app.get(f"/lists/{list_id}?edit={item_ids(store, list_id)['Milk']}"), "/edit-item",
                     item_ids(store, list_id)["Milk"])
    add = page.forms["add-item"]

    def not_now(self, list_id):
        raise AssertionError("the whole list was loaded")

    monkeypatch.setattr(ListStore, "get_list", not_now)
    form["description"] = "Oat milk"
    assert form.submit().status_int == 303
    add["description"] = "Eggs"
    assert add.submit().status_int == 303
    monkeypatch.undo()
    assert [item.description for item in store.get_list(list_id).items] == ["Oat milk", "Eggs"]
