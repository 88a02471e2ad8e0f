"""CSRF: every POST needs the token from its cookie; GET on an action URL is 405."""

from __future__ import annotations

import pytest

from conftest import drop_cookie, add_item, create_list

ACTIONS = ["/sign-in", "/sign-out", "/create-list", "/delete-list", "/add-item", "/update-done", "/delete-item"]


@pytest.mark.parametrize("path", ACTIONS)
def test_get_on_action_is_405_with_allow_post(app, path):
    response = app.get(path, status=405)
    assert response.headers["Allow"] == "POST"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("token", [None, "", "wrong", "x" * 43])
def test_add_item_without_the_right_token_changes_nothing(app, model, token):
    page = create_list(app, "Groceries")
    list_id = page.request.path.rsplit("/", 1)[1]
    fields = {"list-id": list_id, "description": "Milk"}
    if token is not None:
        fields["csrf-token"] = token
    response = app.post("/add-item", fields, status=403)
    assert "nothing was changed" in response.text
    assert model.get_list(list_id).items == []


def test_token_without_cookie_is_refused(app, model):
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    drop_cookie(app, "csrf-token")
    form["description"] = "Milk"
    form.submit(status=403)
    assert model.get_list(page.request.path.rsplit("/", 1)[1]).items == []


def test_each_form_carries_the_cookie_token(app):
    page = add_item(create_list(app, "Groceries"), "Milk")
    token = app.cookies["csrf-token"]
    assert len(token) >= 22  # at least 128 bits
    for form in page.forms.values():
        if form.method.upper() == "POST":
            assert form["csrf-token"].value == token


def test_csrf_cookie_flags(app):
    response = app.get("/")
    header = next(value for name, value in response.headerlist if name == "Set-Cookie")
    assert header.startswith("csrf-token=")
    assert "HttpOnly" in header
    assert "samesite=lax" in header.lower()


def test_token_stays_the_same_across_pages(app):
    app.get("/")
    first = app.cookies["csrf-token"]
    app.get("/")
    assert app.cookies["csrf-token"] == first  # other open tabs keep working


@pytest.mark.parametrize("header, expected", [
    ("csrf-token=abc", "abc"),
    ("a=1; csrf-token=abc; b=2", "abc"),
    ('csrf-token="abc"', "abc"),
    ("csrf-token=first; csrf-token=second", "first"),
    ("other=1", None),
    ("", None),
    ("garbage;;; =x; csrf-token", None),
])
def test_cookie_header_parsing(header, expected):
    import bottle
    from simplelists import auth
    bottle.request.bind({"HTTP_COOKIE": header})
    assert auth.read_cookie("csrf-token") == expected


def test_a_cookie_set_twice_in_one_response_is_sent_once():
    import bottle
    from simplelists import auth
    bottle.request.bind({"wsgi.url_scheme": "http"})
    bottle.response.bind()
    bottle.response.add_header("Set-Cookie", "other=1")
    auth.set_cookie("csrf-token", "one", max_age=10)
    auth.set_cookie("csrf-token", "two", max_age=10)
    headers = bottle.response.headers.getall("Set-Cookie")
    assert sorted(header.split(";")[0] for header in headers) == ["csrf-token=two", "other=1"]
