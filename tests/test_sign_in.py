"""Sign-in stories: signed-out redirects, wrong and right passwords, sessions, sign-out."""

from __future__ import annotations

import datetime
import hashlib
import urllib.parse

import pytest

from simplelists.timestamps import utc_now


def test_signed_out_pages_redirect_to_sign_in(signed_in_app, store):
    list_id = store.create_list("Groceries")
    response = signed_in_app.get(f"/lists/{list_id}", status=303)
    assert response.location == f"/?return-url=/lists/{list_id}"
    page = response.follow()
    assert page.forms[0].action == "/sign-in"
    assert page.forms[0]["return-url"].value == f"/lists/{list_id}"
    assert "Groceries" not in page.text


def test_signed_out_home_shows_only_the_sign_in_form(signed_in_app, store):
    store.create_list("Secret")
    page = signed_in_app.get("/")
    assert "Secret" not in page.text
    assert "create-list" not in page.forms
    assert 'type="password"' in page.text


@pytest.mark.parametrize("username, typed", [("family", "wrong password"), ("someone", "the right password"),
                                             ("", ""), ("FAMILY", "the right password")])
def test_wrong_credentials_say_so(signed_in_app, username, typed, password, sign_in, db):
    response = sign_in(signed_in_app, username, password if typed == "the right password" else typed)
    assert response.status_int == 303
    page = response.follow()
    assert "Incorrect username or password." in page.text
    assert page.forms[0].action == "/sign-in"
    assert signed_in_app.cookies.get("sign-in") in (None, "")
    assert db.connection().execute("SELECT count(*) FROM sign_ins").fetchone()[0] == 0


def test_sign_in_returns_to_the_list(signed_in_app, store, sign_in):
    list_id = store.create_list("Groceries")
    response = sign_in(signed_in_app, path=f"/lists/{list_id}")
    assert response.status_int == 303
    assert response.location == f"/lists/{list_id}"
    assert "<h1>Groceries</h1>" in response.follow().text


def test_wrong_then_right_keeps_the_return_url(signed_in_app, store, sign_in, password):
    list_id = store.create_list("Groceries")
    response = sign_in(signed_in_app, password="nope", path=f"/lists/{list_id}")
    retry = response.follow()
    retry.forms[0]["username"] = "family"
    retry.forms[0]["password"] = password
    assert retry.forms[0].submit().location == f"/lists/{list_id}"


def test_session_cookie_and_table(signed_in_app, db, sign_in):
    response = sign_in(signed_in_app)
    cookie_header = next(value for name, value in response.headerlist
                         if name == "Set-Cookie" and value.startswith("sign-in="))
    assert "HttpOnly" in cookie_header
    assert "samesite=lax" in cookie_header.lower()
    assert "Max-Age=7776000" in cookie_header  # 90 days
    token = urllib.parse.unquote(cookie_header.split(";")[0].split("=", 1)[1])
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = [row[0] for row in db.connection().execute("SELECT id FROM sign_ins")]
    # Only a hash of the token is stored: a copy of the database gives no working session.
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_whole_story_signed_in(signed_in_app, add_item, create_list, sign_in):
    sign_in(signed_in_app)
    page = add_item(create_list(signed_in_app, "Groceries"), "Milk")
    assert "Milk" in page.text
    assert "Sign out" in page.text


def test_sign_out_ends_the_session_on_the_server(signed_in_app, signed_in_config, db, store, make_test_app, sign_in):
    sign_in(signed_in_app)
    token = signed_in_app.cookies["sign-in"]
    page = signed_in_app.get("/")
    sign_out = next(form for form in page.forms.values() if form.action == "/sign-out")
    response = sign_out.submit()
    assert response.status_int == 303
    assert db.connection().execute("SELECT count(*) FROM sign_ins").fetchone()[0] == 0
    # A copy of the old cookie no longer works.
    thief = make_test_app(signed_in_config, db)
    thief.set_cookie("sign-in", token)
    list_id = store.create_list("Groceries")
    thief.get(f"/lists/{list_id}", status=303)


def test_every_sign_in_gets_a_new_session(signed_in_app, db, sign_in):
    sign_in(signed_in_app)
    first = signed_in_app.cookies["sign-in"]
    sign_in(signed_in_app)
    assert signed_in_app.cookies["sign-in"] != first
    assert db.connection().execute("SELECT count(*) FROM sign_ins").fetchone()[0] == 2


def test_sessions_expire_after_90_days_and_are_purged(signed_in_app, db, store, sign_in):
    sign_in(signed_in_app)
    old = (utc_now() - datetime.timedelta(days=91)).strftime("%Y-%m-%d %H:%M:%S")
    with db.transaction() as connection:
        connection.execute("UPDATE sign_ins SET time_created = ?", (old,))
    list_id = store.create_list("Groceries")
    signed_in_app.get(f"/lists/{list_id}", status=303)
    sign_in(signed_in_app)
    assert db.connection().execute("SELECT count(*) FROM sign_ins").fetchone()[0] == 1


def test_forged_cookie_is_not_signed_in(signed_in_app, store):
    list_id = store.create_list("Groceries")
    for value in ["x", "a" * 43, "family:whatever", "y" * 500]:
        signed_in_app.set_cookie("sign-in", value)
        signed_in_app.get(f"/lists/{list_id}", status=303)


def test_signed_out_post_changes_nothing_and_returns_to_the_list(signed_in_app, store, create_list, drop_cookie, sign_in):
    sign_in(signed_in_app)
    page = create_list(signed_in_app, "Groceries")
    form = page.forms["add-item"]
    drop_cookie(signed_in_app, "sign-in")
    form["description"] = "Milk"
    response = form.submit(status=303)
    list_id = page.request.path.rsplit("/", 1)[1]
    assert response.location == f"/?return-url=/lists/{list_id}"
    assert store.get_list(list_id).items == []


def test_go_bcrypt_2a_hash_verifies(config, make_test_app, sign_in, db):
    import bcrypt
    go_hash = bcrypt.hashpw(b"from the go app", bcrypt.gensalt(4)).decode().replace("$2b$", "$2a$", 1)
    import dataclasses
    app = make_test_app(dataclasses.replace(config, username="ben", password_hash=go_hash), db)
    assert sign_in(app, "ben", "from the go app").location == "/"
    assert "create-list" in app.get("/").forms


def test_sign_in_form_has_labels(signed_in_app):
    page = signed_in_app.get("/")
    assert '<label for="username">' in page.text
    assert '<label for="password">' in page.text
