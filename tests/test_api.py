"""The API for shortcuts, scripts and voice assistants: adding and reading items with a
list's token, every kind of body, the answers read aloud, and every way a request is
refused. (tests/test_api_server.py does the same against the real server.)"""

from __future__ import annotations

import json

import pytest

from simplelists import api_auth, forms

SENT_AS = {
    "plain text": {"params": "Milk\n\n  Eggs  \n", "content_type": "text/plain; charset=utf-8"},
    "curl -d, a form type but no field": {"params": b"Milk\r\nEggs", "content_type": "application/x-www-form-urlencoded"},
    "text in latin-1": {"params": "Milk\nEggs".encode("latin-1"), "content_type": "text/plain; charset=ISO-8859-1"},
    "text with a byte order mark": {"params": "\ufeffMilk\nEggs".encode(), "content_type": "text/plain"},
    "form field text": {"params": {"text": "Milk\nEggs"}},
    "form field description": {"params": {"description": "Milk\nEggs"}},
    "multipart form": {"params": {"text": "Milk\nEggs"}, "content_type": "multipart/form-data"},
    "JSON items": {"params": json.dumps({"items": ["Milk", " ", "Eggs"]}), "content_type": "application/json"},
    "JSON list": {"params": json.dumps(["Milk", "Eggs"]), "content_type": "application/json"},
    "JSON text": {"params": json.dumps({"text": "Milk\nEggs"}), "content_type": "application/json; charset=utf-8"},
}


@pytest.fixture
def groceries(app, create_list, list_id_of):
    """A list, Groceries, with one item; its ID."""
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    form["description"] = "Bread"
    form.submit()
    return list_id_of(page)


@pytest.fixture
def token(app, groceries, make_api_token):
    return make_api_token(app, groceries)


def bearer_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add(app, list_id, token, body, content_type="text/plain; charset=utf-8", status=201, **headers):
    headers = {**bearer_header(token), **headers}
    if content_type:
        headers["Content-Type"] = content_type
    return app.post(f"/api/lists/{list_id}/items", body, headers=headers, status=status)


@pytest.mark.parametrize("kind", list(SENT_AS))
def test_every_kind_of_body_adds_its_items_in_order(app, store, groceries, token, kind, descriptions):
    version = store.get_list(groceries).version
    sent = SENT_AS[kind]
    if sent.get("content_type") == "multipart/form-data":
        response = app.post(f"/api/lists/{groceries}/items", sent["params"], headers=bearer_header(token),
                            content_type="multipart/form-data", status=201)
    else:
        response = add(app, groceries, token, sent["params"], sent.get("content_type"))
    assert response.status_int == 201
    assert response.content_type == "text/plain" and response.charset.lower() == "utf-8"
    assert response.text == "Added Milk and Eggs to Groceries.\n"
    assert descriptions(store, groceries) == ["Bread", "Milk", "Eggs"]
    assert store.get_list(groceries).version == version + 1  # one change, seen by open pages
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("items, sentence", [
    (["Milk"], "Added Milk to Groceries."),
    (["milk", "eggs"], "Added milk and eggs to Groceries."),
    (["Milk", "Eggs", "Bread"], "Added Milk, Eggs and Bread to Groceries."),
    (["A", "B", "C", "D", "E"], "Added A, B, C, D and E to Groceries."),
    (["A", "B", "C", "D", "E", "F"], "Added 6 items to Groceries."),
    (["Crème fraîche", "{list}", "🥚 eggs"], "Added Crème fraîche, {list} and 🥚 eggs to Groceries."),
])
def test_the_answer_is_a_sentence_to_read_aloud(app, groceries, token, items, sentence):
    assert add(app, groceries, token, "\n".join(items).encode()).text == sentence + "\n"


def test_json_answer_on_request(app, store, groceries, token):
    response = add(app, groceries, token, json.dumps({"items": ["Milk", "Eggs"]}), "application/json",
                   Accept="application/json")
    assert response.content_type == "application/json"
    ids = [item.id for item in store.get_list(groceries).items[1:]]
    assert response.json == {"message": "Added Milk and Eggs to Groceries.",
                              "list": {"id": groceries, "name": "Groceries"},
                              "added": [{"id": ids[0], "text": "Milk"}, {"id": ids[1], "text": "Eggs"}]}


@pytest.mark.parametrize("accept, wants_json", [
    ("application/json", True), ("application/json, text/plain, */*", True), ("*/*", False), ("", False),
    ("text/plain", False), ("text/plain, application/json;q=0.5", False), ("application/json;q=0", False),
    ("text/*;q=0.2, application/json", True), ("application/json;q=x", False),
])
def test_json_only_when_preferred(app, groceries, token, accept, wants_json):
    response = app.get(f"/api/lists/{groceries}/items", headers={**bearer_header(token), "Accept": accept})
    assert (response.content_type == "application/json") == wants_json


def test_reading_the_items_not_done(app, store, groceries, token, tick):
    add(app, groceries, token, "Milk\nEggs")
    tick(app.get(f"/lists/{groceries}"), "Milk")
    response = app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token))
    assert response.content_type == "text/plain"
    assert response.text == "Bread\nEggs\n"
    response = app.get(f"/api/lists/{groceries}/items", headers={**bearer_header(token), "Accept": "application/json"})
    items = {item.description: item.id for item in store.get_list(groceries).items}
    assert response.json == {"list": {"id": groceries, "name": "Groceries"},
                             "items": [{"id": items["Bread"], "text": "Bread"}, {"id": items["Eggs"], "text": "Eggs"}]}


def test_an_empty_list_reads_as_nothing(app, create_list, list_id_of, make_api_token):
    list_id = list_id_of(create_list(app, "Empty"))
    response = app.get(f"/api/lists/{list_id}/items", headers=bearer_header(make_api_token(app, list_id)))
    assert response.status_int == 200 and response.text == ""


# -- the same rules as the forms -----------------------------------------------------------

def test_control_characters_are_removed_and_unicode_kept(app, store, groceries, token, descriptions):
    add(app, groceries, token, "Mi\x00l\x07k\u2028\tfresh\n\tΓάλα 牛奶 🥛 ".encode())
    assert descriptions(store, groceries)[1:] == ["Milk fresh", "Γάλα 牛奶 🥛"]


@pytest.mark.parametrize("body, content_type, message", [
    ("x" * 501, "text/plain", "The item is too long: 501 characters, and the most is 500."),
    ("ok\n" + "é" * 501, "text/plain", "Line 2 is too long: 501 characters"),
    ("x\n" * (forms.MAX_ITEMS_AT_ONCE + 1), "text/plain", "more than 1000 items at once"),
    (" \n\n ", "text/plain", "There was nothing to add."),
    ("", "text/plain", "There was nothing to add."),
    ({"text": ""}, None, "There was nothing to add."),
    ("{not json", "application/json", "That JSON could not be read."),
    (json.dumps({"items": ["Milk", 2]}), "application/json", "Each item must be text."),
    (json.dumps({"milk": 1}), "application/json", "Each item must be text."),
    (b"\xff\xfeMilk", "text/plain", "The text sent is not valid utf-8."),
    ("Milk", "text/plain; charset=klingon", "The text sent is not valid klingon."),
    (b"text=%ff", "application/x-www-form-urlencoded", "not valid UTF-8"),
    (b"item=Milk", "application/x-www-form-urlencoded", "The form has no “text” field."),
])
def test_bad_bodies_get_a_clear_400_and_add_nothing(app, store, groceries, token, body, content_type, message,
                                                    descriptions):
    if content_type is None:
        response = app.post(f"/api/lists/{groceries}/items", body, headers=bearer_header(token), status=400)
    else:
        response = add(app, groceries, token, body, content_type, status=400)
    assert response.content_type == "text/plain"
    assert message in response.text
    assert descriptions(store, groceries) == ["Bread"]


def test_other_types_are_refused(app, store, groceries, token, descriptions):
    response = add(app, groceries, token, "<items/>", "application/xml", status=415)
    assert "plain text" in response.text and "JSON" in response.text
    assert descriptions(store, groceries) == ["Bread"]


def test_errors_come_as_json_on_request(app, groceries, token):
    response = add(app, groceries, token, " ", status=400, Accept="application/json")
    assert response.json == {"error": "There was nothing to add. Send the items as text, one per line."}
    response = app.get(f"/api/lists/{groceries}/items", headers={"Accept": "application/json"}, status=401)
    assert set(response.json) == {"error"}


def test_a_body_too_large_is_refused_before_it_is_read(app, store, groceries, token, descriptions):
    response = add(app, groceries, token, "Milk\n" * 20000, status=413)
    assert response.text == "That was too much to send at once. Send fewer items.\n"
    assert descriptions(store, groceries) == ["Bread"]


@pytest.mark.parametrize("method, path, status", [
    ("PUT", "/api/lists/{list_id}/items", 405), ("DELETE", "/api/lists/{list_id}/items", 405),
    ("GET", "/api/lists/{list_id}", 404), ("GET", "/api/lists", 404), ("POST", "/api/nothing", 404),
])
def test_other_addresses_answer_in_text_not_html(app, groceries, token, method, path, status):
    response = app.request(path.format(list_id=groceries), method=method, headers=bearer_header(token),
                           status=status)
    assert response.content_type == "text/plain"
    assert "<html" not in response.text and response.text.endswith(".\n")


# -- who may use it ------------------------------------------------------------------------

WRONG = {
    "no header": {},
    "another scheme": {"Authorization": "Basic ZmFtaWx5OnBhc3N3b3Jk"},
    "Bearer alone": {"Authorization": "Bearer"},
    "a malformed token": {"Authorization": "Bearer not-a-token"},
    "an unknown token": {"Authorization": "Bearer " + "A" * 43},
    "a token in the query": {},
}


@pytest.mark.parametrize("wrong", list(WRONG))
def test_a_wrong_token_gets_the_same_401_whatever_is_wrong(app, store, groceries, token, wrong, descriptions):
    query = f"?token={token}&access_token={token}" if wrong == "a token in the query" else ""
    response = app.post(f"/api/lists/{groceries}/items{query}", "Milk", headers=WRONG[wrong], status=401)
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.text == ("This needs a token for the list, sent as the header “Authorization: Bearer” and "
                             "the token. Make one on the list's page, under “Connect a phone or assistant”.\n")
    assert app.get(f"/api/lists/{groceries}/items", headers=WRONG[wrong], status=401).text == response.text
    assert descriptions(store, groceries) == ["Bread"]


def test_the_scheme_is_read_in_any_case(app, groceries, token):
    app.get(f"/api/lists/{groceries}/items", headers={"Authorization": f"bearer  {token} "}, status=200)


def test_a_revoked_token_and_a_share_link_are_refused_alike(app, groceries, token, make_share_link, form_with_action):
    shared_secret = make_share_link(app, groceries).rsplit("/", 1)[1]
    for secret in (shared_secret,):
        assert app.get(f"/api/lists/{groceries}/items", headers=bearer_header(secret), status=401)
    page = app.get(f"/lists/{groceries}/connect")
    form_with_action(page, "/revoke-api-token").submit().follow()
    response = app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token), status=401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_token_works_for_its_own_list_only(app, store, groceries, token, create_list, list_id_of, descriptions):
    other = list_id_of(create_list(app, "Hardware"))
    answers = [add(app, list_id, token, "Milk", status=404).text for list_id in (other, "bcdfghjklm")]
    assert answers[0] == answers[1] == ("There is no list at this address for this token. "
                                        "Each token works for its own list only.\n")
    assert app.get(f"/api/lists/{other}/items", headers=bearer_header(token), status=404)
    assert descriptions(store, other) == [] and descriptions(store, groceries) == ["Bread"]


def test_a_deleted_list_is_404_until_restored(app, store, trash_store, groceries, token, descriptions):
    store.delete_list(groceries)
    assert "deleted" in add(app, groceries, token, "Milk", status=404).text
    app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token), status=404)
    trash_store.restore_list(groceries)
    add(app, groceries, token, "Milk")
    assert descriptions(store, groceries) == ["Bread", "Milk"]


def test_cookies_are_never_enough_and_no_csrf_token_is_needed(signed_in_app, sign_in, create_list, list_id_of,
                                                              make_api_token, store, descriptions):
    sign_in(signed_in_app)
    list_id = list_id_of(create_list(signed_in_app, "Groceries"))
    token = make_api_token(signed_in_app, list_id)
    # Signed in, with the session and CSRF cookies, but no token: refused.
    signed_in_app.post(f"/api/lists/{list_id}/items", {"text": "Milk",
                                                       "csrf-token": signed_in_app.cookies["csrf-token"]}, status=401)
    # A token and no cookies at all (a shortcut has none), and no CSRF field: accepted.
    signed_in_app.reset()
    add(signed_in_app, list_id, token, "Eggs")
    assert descriptions(store, list_id) == ["Eggs"]


def test_failures_are_throttled_per_client_even_with_a_good_token(app, groceries, token, monkeypatch):
    limit = api_auth.API_THROTTLE.max_failures
    for _ in range(limit):
        app.get(f"/api/lists/{groceries}/items", headers=bearer_header("A" * 43), status=401)
    response = app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token), status=429)
    assert 0 < int(response.headers["Retry-After"]) <= api_auth.API_THROTTLE.window_seconds
    assert response.text == "Too many wrong tokens from here. Wait 15 minutes and try again.\n"
    # Another client is not held up, and neither is signing in from this one.
    app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token), extra_environ={"REMOTE_ADDR": "10.0.0.9"})
    # The window passes: the good token works again.
    import time
    later = time.time() + api_auth.API_THROTTLE.window_seconds + 1
    monkeypatch.setattr("simplelists.auth.time.time", lambda: later)
    app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token), status=200)


def test_api_failures_do_not_lock_out_signing_in(signed_in_app, sign_in):
    for _ in range(api_auth.API_THROTTLE.max_failures):
        signed_in_app.get("/api/lists/bcdfghjklm/items", status=401)
    assert sign_in(signed_in_app).location == "/"


def test_use_is_recorded_once_a_minute_at_most(app, groceries, token, db, monkeypatch):
    def last_used():
        return db.connection().execute("SELECT time_last_used FROM list_tokens").fetchone()[0]
    assert last_used() is None
    app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token))
    first = last_used()
    assert first is not None
    writes = []
    monkeypatch.setattr(db, "transaction", lambda: writes.append(1) or (_ for _ in ()).throw(AssertionError))
    app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token))  # within the minute: no write
    assert writes == []


def test_api_answers_carry_the_security_headers(app, groceries, token):
    for response in (app.get(f"/api/lists/{groceries}/items", headers=bearer_header(token)),
                     app.get(f"/api/lists/{groceries}/items", status=401), add(app, groceries, token, "Milk")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("language, sentence", [
    ("de-DE,de;q=0.9", "Ich habe Milch und Eier auf die Liste Groceries gesetzt."),
    ("fr", "J’ai ajouté Milch et Eier à la liste Groceries."),
    ("ja", "Added Milch and Eggs to Groceries."),
])
def test_the_sentence_is_in_the_language_the_request_asks_for(app, groceries, token, language, sentence):
    items = "Milch\nEier" if language != "ja" else "Milch\nEggs"
    response = add(app, groceries, token, items, Accept_Language=language)
    assert response.text == sentence + "\n"
    assert response.headers["Content-Language"] == {"de-DE,de;q=0.9": "de", "fr": "fr", "ja": "en"}[language]
