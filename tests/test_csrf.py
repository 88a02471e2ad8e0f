"""CSRF: every POST needs the token from its cookie; GET on an action URL is 405."""

from __future__ import annotations

import re

import pytest


ACTIONS = ["/sign-in", "/sign-out", "/create-list", "/delete-list", "/add-item", "/update-done", "/delete-item"]


@pytest.mark.parametrize("path", ACTIONS)
def test_get_on_action_is_405_with_allow_post(app, path):
    response = app.get(path, status=405)
    assert response.headers["Allow"] == "POST"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("token", [None, "", "wrong", "x" * 43])
def test_add_item_without_the_right_token_changes_nothing(app, token, store, create_list):
    page = create_list(app, "Groceries")
    list_id = page.request.path.rsplit("/", 1)[1]
    fields = {"list-id": list_id, "description": "Milk"}
    if token is not None:
        fields["csrf-token"] = token
    response = app.post("/add-item", fields, status=403)
    assert "nothing was changed" in response.text
    assert store.get_list(list_id).items == []


def test_token_without_cookie_is_refused(app, store, create_list, drop_cookie):
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    drop_cookie(app, "csrf-token")
    form["description"] = "Milk"
    form.submit(status=403)
    assert store.get_list(page.request.path.rsplit("/", 1)[1]).items == []


def test_each_form_carries_the_cookie_token(app, add_item, create_list):
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
    # Cookies of other apps on the same domain that http.cookies gives up on, losing ours.
    ("theme=a b; csrf-token=abc", "abc"),
    ('prefs={"x":1}; csrf-token=abc', "abc"),
    ('a=b; bad"name=1; csrf-token=abc', "abc"),
    ("path=a\\b; csrf-token=abc", "abc"),
])
def test_cookie_header_parsing(header, expected):
    from simplelists.secret import read_cookie
    assert read_cookie({"HTTP_COOKIE": header}, "csrf-token") == expected


def test_another_apps_malformed_cookie_breaks_no_form(app, add_item, create_list, store, list_id_of):
    """bottle's request.get_cookie would lose every cookie after the malformed one."""
    page = create_list(app, "Groceries")
    token = app.cookies["csrf-token"]
    app.set_cookie("theme", "dark mode")  # a space: valid for browsers, not for http.cookies
    response = app.post("/add-item", {"csrf-token": token, "list-id": list_id_of(page), "description": "Milk"},
                        headers={"Cookie": f"theme=dark mode; csrf-token={token}"})
    assert response.status_int == 303
    assert [item.description for item in store.get_list(list_id_of(page)).items] == ["Milk"]


def test_a_cookie_set_twice_in_one_response_is_sent_once():
    import bottle
    from simplelists.secret import set_cookie
    response = bottle.BaseResponse()
    response.add_header("Set-Cookie", "other=1")
    set_cookie(response, "csrf-token", "one", max_age=10, secure=False)
    set_cookie(response, "csrf-token", "two", max_age=10, secure=False)
    headers = [value for name, value in response.headerlist if name == "Set-Cookie"]
    assert sorted(header.split(";")[0] for header in headers) == ["csrf-token=two", "other=1"]


PLANTED = 'A"><b id=x>pwn</b><i a=AAAAAAAAAAAAAAAAAAAA'  # 43 characters, like a real token


@pytest.mark.parametrize("cookie", [PLANTED, "a" * 42 + "!", "x" * 44, "", "é" * 43])
def test_a_planted_csrf_cookie_never_reaches_the_page(app, store, cookie):
    """A csrf-token cookie the app did not make (planted by a sibling subdomain, or over
    plain http before HSTS) is replaced by a fresh token, and never shown as markup."""
    assert len(PLANTED) == 43
    list_id = store.create_list("Groceries")
    for path in ("/", f"/lists/{list_id}", f"/lists/{list_id}?rename=1", "/trash", "/no-such-page"):
        response = app.get(path, headers={"Cookie": f"csrf-token={cookie}"}, expect_errors=True)
        assert "<b id=x>" not in response.text and "pwn" not in response.text
        tokens = set(re.findall(r'name="csrf-token" value="([^"]*)"', response.text))
        assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens), tokens
        assert cookie not in tokens or cookie == ""
        set_cookie = [value for name, value in response.headerlist if name == "Set-Cookie"]
        if tokens:
            assert [f"csrf-token={token}" for token in tokens] == [value.split(";")[0] for value in set_cookie]


def test_a_planted_csrf_cookie_cannot_pass_the_check(app, store):
    list_id = store.create_list("Groceries")
    response = app.post("/add-item", {"csrf-token": PLANTED, "list-id": list_id, "description": "Milk"},
                        headers={"Cookie": f"csrf-token={PLANTED}"}, status=403)
    assert "nothing was changed" in response.text
    assert store.get_list(list_id).items == []


def test_the_cookie_is_set_when_the_browser_has_none_not_again_on_every_page(app, store):
    list_id = store.create_list("Groceries")
    first = app.get("/")
    assert [value.split("=")[0] for name, value in first.headerlist if name == "Set-Cookie"] == ["csrf-token"]
    token = app.cookies["csrf-token"]
    for path in ("/", f"/lists/{list_id}", "/trash"):
        again = app.get(path)
        assert not [value for name, value in again.headerlist if name == "Set-Cookie" and "csrf-token" in value]
        assert f'name="csrf-token" value="{token}"' in again.text
