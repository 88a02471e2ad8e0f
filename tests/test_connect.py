"""A list's "Connect a phone or assistant" page: making an API token (shown once, stored
as a hash), seeing tokens listed with their use, revoking one, and bad input."""

from __future__ import annotations

import hashlib

import pytest

from simplelists import list_tokens


@pytest.fixture
def groceries(app, create_list, list_id_of):
    return list_id_of(create_list(app, "Groceries"))


def test_the_list_page_leads_to_the_connect_page(app, groceries):
    page = app.get(f"/lists/{groceries}").click("Connect a phone or assistant")
    assert page.html.h1.get_text() == "Connect a phone or assistant to “Groceries”"
    assert page.html.find(id="api-url")["value"] == f"http://localhost:80/api/lists/{groceries}/items"
    assert "No tokens yet." in page.text
    assert page.click("Back to Groceries").request.path == f"/lists/{groceries}"


def test_a_token_is_shown_once_and_stored_as_a_hash_only(app, groceries, db):
    form = app.get(f"/lists/{groceries}/connect").forms["create-api-token"]
    form["name"] = "Mum’s iPhone"
    page = form.submit()
    assert page.status_int == 200
    secret = page.html.find(id="new-token")["value"].removeprefix("Bearer ")
    assert len(secret) == 43
    assert "Copy it now: it is shown only this once." in page.text
    assert f'curl -H "Authorization: Bearer {secret}"' in page.text
    rows = db.connection().execute("SELECT list_id, kind, name, secret_hash FROM list_tokens").fetchall()
    assert rows == [(groceries, list_tokens.API, "Mum’s iPhone", hashlib.sha256(secret.encode()).hexdigest())]
    with open(db.path, "rb") as file:
        assert secret.encode() not in file.read()
    again = app.get(f"/lists/{groceries}/connect")
    assert secret not in again.text and again.html.find(id="new-token") is None
    assert "Mum’s iPhone" in again.text and "never used yet" in again.text


def test_a_used_token_says_when(app, groceries, make_api_token):
    token = make_api_token(app, groceries, "Kitchen tablet")
    app.get(f"/api/lists/{groceries}/items", headers={"Authorization": f"Bearer {token}"})
    page = app.get(f"/lists/{groceries}/connect")
    assert "last used" in page.text and "never used" not in page.text


def test_revoking_a_token_stops_it_at_once(app, groceries, make_api_token, press):
    kept = make_api_token(app, groceries, "Kitchen tablet")
    revoked = make_api_token(app, groceries, "Old phone")
    response = press(app.get(f"/lists/{groceries}/connect"), "Revoke Old phone")
    assert response.status_int == 303 and response.location == f"/lists/{groceries}/connect?revoked=1"
    page = response.follow()
    assert "The token was revoked" in page.text
    assert "Old phone" not in page.text and "Kitchen tablet" in page.text
    app.get(f"/api/lists/{groceries}/items", headers={"Authorization": f"Bearer {revoked}"}, status=401)
    app.get(f"/api/lists/{groceries}/items", headers={"Authorization": f"Bearer {kept}"}, status=200)


def test_a_token_of_another_list_cannot_be_revoked_from_here(app, groceries, make_api_token, create_list,
                                                             list_id_of, form_with_action):
    other = list_id_of(create_list(app, "Hardware"))
    token = make_api_token(app, other, "Shed tablet")
    form = form_with_action(app.get(f"/lists/{other}/connect"), "/revoke-api-token")
    form["list-id"].force_value(groceries)
    assert "not on this list" in form.submit(status=404).text
    app.get(f"/api/lists/{other}/items", headers={"Authorization": f"Bearer {token}"}, status=200)


@pytest.mark.parametrize("name, message", [
    ("", "Give it a name"), ("   ", "Give it a name"), ("x" * 501, "The name is too long: 501 characters"),
])
def test_a_token_needs_a_good_name(app, groceries, db, name, message):
    form = app.get(f"/lists/{groceries}/connect").forms["create-api-token"]
    form["name"] = name
    page = form.submit(status=400)
    assert message in page.text
    assert page.forms["create-api-token"]["name"].value == name.strip()  # kept to fix
    assert db.connection().execute("SELECT count(*) FROM list_tokens").fetchone()[0] == 0


def test_a_list_has_a_limited_number_of_tokens(app, groceries, make_api_token, monkeypatch):
    monkeypatch.setattr(list_tokens, "MAX_PER_LIST", 2)
    make_api_token(app, groceries, "One")
    make_api_token(app, groceries, "Two")
    form = app.get(f"/lists/{groceries}/connect").forms["create-api-token"]
    form["name"] = "Three"
    assert "Revoke one you no longer use first" in form.submit(status=400).text


def test_tokens_of_a_deleted_list_cannot_be_made(app, groceries, store):
    form = app.get(f"/lists/{groceries}/connect").forms["create-api-token"]
    store.delete_list(groceries)
    form["name"] = "Too late"
    form.submit(status=404)
    app.get(f"/lists/{groceries}/connect", status=404)


def test_behind_sign_in_like_the_list(signed_in_app, sign_in, create_list, list_id_of):
    sign_in(signed_in_app)
    list_id = list_id_of(create_list(signed_in_app, "Groceries"))
    signed_in_app.post("/sign-out", {"csrf-token": signed_in_app.cookies["csrf-token"]})
    response = signed_in_app.get(f"/lists/{list_id}/connect", status=303)
    assert response.location == f"/?return-url=/lists/{list_id}/connect"
    signed_in_app.post("/create-api-token", {"list-id": list_id, "name": "x",
                                             "csrf-token": signed_in_app.cookies["csrf-token"]}, status=303)
    assert sign_in(signed_in_app, path=f"/lists/{list_id}/connect").location == f"/lists/{list_id}/connect"
    # Signed in, the forms still need their CSRF token.
    signed_in_app.post("/create-api-token", {"list-id": list_id, "name": "x"}, status=403)


def test_tokens_go_when_their_list_is_purged(app, groceries, make_api_token, store, db, monkeypatch):
    make_api_token(app, groceries)
    store.delete_list(groceries)
    assert db.connection().execute("SELECT count(*) FROM list_tokens").fetchone()[0] == 1  # restorable
    import datetime
    from simplelists import trash
    later = trash.utc_now() + datetime.timedelta(days=trash.TRASH_DAYS + 1)
    monkeypatch.setattr(trash, "utc_now", lambda: later)
    store.delete_list(store.create_list("Another"))  # any delete purges the old trash
    assert db.connection().execute("SELECT count(*) FROM list_tokens").fetchone()[0] == 0
