"""A name for each browser ("This is Mum"), and who made each change: asked once on the
home page and after signing in, changed or cleared from the footer's page, recorded in
the change log by every web, API and phone change, and said quietly on the item's edit
page and in the trash, in every language."""

from __future__ import annotations

import base64
import datetime
import re

import pytest

from simplelists import i18n, names, who_did
from simplelists.devices import DeviceStore

LANGUAGES = [code for code in i18n.languages() if code != "en"]
HOSTILE = ["<script>alert(1)</script>", "Mum \"the\" 'boss' & co", "\u202eevil\u202c Dad", "<b>Dad</b>\u2066"]


def change_log(db, list_id: str) -> list[tuple]:
    return db.connection().execute(
        "SELECT action, item_id, who FROM change_log WHERE list_id = ? ORDER BY id", (list_id,)).fetchall()


def footer_text(page) -> str:
    return " ".join(page.html.find(class_="who").get_text().split())


# -- the name: asked, set, changed, cleared ---------------------------------------------------

def test_the_home_page_asks_once_and_the_name_is_kept(app, say_name):
    home = app.get("/")
    form = home.forms["ask-name"]
    form["name"] = "  Mum \t "
    response = form.submit("action", value="save")
    assert response.status_int == 303 and response.location == "/"
    home = response.follow()
    assert "ask-name" not in home.forms
    assert footer_text(home) == "You are Mum · Change"
    assert "Max-Age" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]


def test_not_now_is_remembered_and_the_footer_offers_the_name_page(app):
    form = app.get("/").forms["ask-name"]
    home = form.submit("action", value="skip").follow()
    assert "ask-name" not in home.forms
    assert footer_text(home) == "Say who you are"
    assert "ask-name" not in app.get("/").forms


def test_the_footer_changes_and_clears_the_name_and_comes_back(app, create_list, say_name):
    page = create_list(app, "Groceries")
    list_path = page.request.path
    response = say_name(app, "Dad", path=list_path)
    assert response.location == list_path
    page = response.follow()
    assert footer_text(page) == "You are Dad · Change"
    name_page = page.click(href=r"^/name\?")
    assert name_page.forms["name-form"]["name"].value == "Dad"
    assert "This browser says it is Dad." in " ".join(name_page.html.get_text().split())
    form = name_page.forms["name-form"]
    form["name"] = "Mum"
    page = form.submit("action", value="save").follow()
    assert footer_text(page) == "You are Mum · Change"
    form = page.click(href=r"^/name\?").forms["name-form"]
    page = form.submit("action", value="clear").follow()
    assert page.request.path == list_path
    assert footer_text(page) == "Say who you are"
    assert "ask-name" not in app.get("/").forms  # cleared on purpose: not asked again


@pytest.mark.parametrize("typed, message", [
    ("M" * 41, "The name is too long: 41 characters, and the most is 40."),
    ("   ", "Type a name, or choose “Not now”."),
    ("\x00\x07\u202e", "Type a name, or choose “Not now”."),
])
def test_a_name_that_cannot_be_used_says_why_and_keeps_the_text(app, typed, message):
    form = app.get("/").forms["ask-name"]
    form["name"] = typed
    page = form.submit("action", value="save", status=400)
    assert page.html.find(id="person-name-error").get_text() == message
    assert page.forms["name-form"]["name"].value == typed.replace("\x00", "").replace("\x07", "").strip()
    assert page.forms["name-form"]["return-url"].value == "/"
    assert "Set-Cookie" not in page.headers or "who=" not in page.headers["Set-Cookie"]


def test_forty_characters_and_control_characters_inside_are_fine(app):
    form = app.get("/").forms["ask-name"]
    form["name"] = "A\u0007nne   " + "e" * 35
    home = form.submit("action", value="save").follow()
    assert footer_text(home) == "You are Anne " + "e" * 35 + " · Change"


def test_signing_in_asks_the_name_then_goes_where_the_person_was_going(signed_in_app, store, sign_in):
    list_id = store.create_list("Groceries")
    response = sign_in(signed_in_app, path=f"/lists/{list_id}", asked_name=False)
    assert response.location == f"/name?return-url=%2Flists%2F{list_id}"
    form = response.follow().forms["name-form"]
    form["name"] = "Mum"
    page = form.submit("action", value="save").follow()
    assert page.request.path == f"/lists/{list_id}"
    assert footer_text(page) == "You are Mum · Change"
    # Signed out and in again: the browser said already, so it goes straight on.
    signed_in_app.post("/sign-out", {"csrf-token": signed_in_app.cookies["csrf-token"]})
    assert sign_in(signed_in_app, path=f"/lists/{list_id}", asked_name=False).location == f"/lists/{list_id}"


def test_skipping_after_sign_in_goes_on_too(signed_in_app, store, sign_in):
    list_id = store.create_list("Groceries")
    form = sign_in(signed_in_app, path=f"/lists/{list_id}", asked_name=False).follow().forms["name-form"]
    assert form.submit("action", value="skip").location == f"/lists/{list_id}"


def test_the_name_page_needs_signing_in_and_the_sign_in_page_has_no_name_link(signed_in_app):
    assert signed_in_app.get("/name").status_int == 303
    assert signed_in_app.get("/").html.find(class_="who") is None


@pytest.mark.parametrize("typed, expected", [
    ("  Mum\t\tand\nDad ", "Mum and Dad"), ("A\x00n\u202en", "Ann"), ("a \x07 b", "a b"), ("\u200f\x1b", ""),
])
def test_a_name_is_what_was_typed_cleaned(typed, expected):
    assert names.clean(typed) == expected


@pytest.mark.parametrize("cookie, expected", [
    ("Mum", "Mum"), ("Mum%20%26%20Dad", "Mum & Dad"), ("%E2%80%AEevil", "evil"), ("%ZZ%FF", "%ZZ\ufffd"),
    ("M" * 60, "M" * 40), ("", None), ("%20%0A", None),
])
def test_a_cookie_is_read_tolerantly(cookie, expected):
    assert names.from_environ({"HTTP_COOKIE": f"who={cookie}"}) == expected


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_are_escaped_on_every_page_that_shows_them(app, list_with_items, say_name, press, hostile):
    say_name(app, hostile)
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    list_path = page.request.path
    press(page, "Delete Eggs").follow()
    milk = next(row for row in page.html.select("li.item") if "Milk" in row.get_text())
    edit_page = app.get(milk.find("a", class_="icon")["href"])
    shown = [app.get("/"), app.get("/name"), edit_page, app.get("/trash"), app.get(f"/trash?list={list_path[7:]}")]
    cleaned = names.clean(hostile)
    for shown_page in shown:
        assert "<script>" not in shown_page.text and "<b>Dad" not in shown_page.text
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", shown_page.text)
        assert cleaned in " ".join(shown_page.html.get_text().split()) or cleaned in shown_page.html.get_text()


# -- every change records who made it ---------------------------------------------------------

def test_every_web_change_records_the_browsers_name(app, db, store, list_with_items, say_name, press, tick, item_form,
                                                     add_section, form_with_action):
    say_name(app, "Mum")
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    list_id = page.request.path.rsplit("/", 1)[1]
    form = page.forms["add-items"]
    form["description"] = "Bread\nButter"
    page = form.submit().follow()
    page = tick(page, "Milk")
    page = tick(page, "Milk")
    page = tick(page, "Eggs")
    ids = {item.description: item.id for item in store.get_list(list_id).items}
    edit = item_form(app.get(f"{page.request.path}?edit={ids['Bread']}"), "/edit-item", ids["Bread"])
    edit["description"] = "Brown bread"
    page = edit.submit().follow()
    page = press(page, "Delete Butter").follow()
    page = page.forms["undo"].submit().follow() if "undo" in page.forms else page
    form = app.get(f"{page.request.path}?clear-done=1").forms[0]
    page = form.submit().follow()
    page = add_section(page, "Dairy")
    form = app.get(f"/lists/{list_id}?rename=1").forms["rename-list"]
    form["name"] = "Shopping"
    form.submit()
    actions = {(action, who) for action, _, who in change_log(db, list_id)}
    assert {who for _, who in actions} == {"Mum"}, actions
    assert {action for action, _ in actions} >= {
        "list created", "added", "ticked", "unticked", "edited", "deleted", "restored", "sections changed",
        "list renamed"}


def test_a_browser_without_a_name_records_none(app, db, list_with_items):
    page = list_with_items(app, "Groceries", "Milk")
    list_id = page.request.path.rsplit("/", 1)[1]
    assert {who for _, _, who in change_log(db, list_id)} == {None}


def test_an_import_a_copy_and_a_deleted_list_restored_record_who(app, db, store, say_name, form_with_action):
    say_name(app, "Dad")
    form = app.get("/").forms["import-list"]
    form["name"], form["text"] = "Camping", "Tent\nTorch"
    list_id = form.submit().location.rsplit("/", 1)[1]
    copy = app.get(f"/lists/{list_id}?copy=1").forms[0]
    copy_id = copy.submit().location.rsplit("/", 1)[1]
    app.get(f"/lists/{copy_id}?delete=1").forms[0].submit()
    form_with_action(app.get(f"/lists/{copy_id}", status=404), "/restore-list").submit()
    for the_list in (list_id, copy_id):
        rows = change_log(db, the_list)
        assert rows and {who for _, _, who in rows} == {"Dad"}, rows
    assert {action for action, _, _ in change_log(db, copy_id)} >= {"list created", "added", "list deleted",
                                                                    "list restored"}


def test_an_api_change_records_the_tokens_name(app, db, store, make_api_token):
    list_id = store.create_list("Groceries")
    token = make_api_token(app, list_id, name="Kitchen tablet")
    app.post(f"/api/lists/{list_id}/items", "Milk", headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": "text/plain"}, status=201)
    assert change_log(db, list_id)[-1][0::2] == ("added", "Kitchen tablet")


def test_a_phone_change_records_the_device_passwords_name(app, db, store):
    list_id = store.create_list("Groceries")
    password = DeviceStore(db).create(None, "Dad's phone")
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:Tea\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    app.request(f"/dav/lists/{list_id}/a.ics", method="PUT", body=body.encode(), headers={
        "Authorization": "Basic " + base64.b64encode(f"family:{password}".encode()).decode(),
        "Content-Type": "text/calendar"})
    assert ("added", "Dad's phone") in [(action, who) for action, _, who in change_log(db, list_id)]


# -- said quietly: the edit page and the trash ------------------------------------------------

def edit_story(app, list_path: str, item_id: int) -> str:
    story = app.get(f"{list_path}?edit={item_id}").html.find(id="edit-story")
    return "" if story is None else story.get_text()


def test_the_edit_page_says_who_added_edited_and_ticked(app, store, list_with_items, say_name, tick, item_form):
    say_name(app, "Mum")
    page = list_with_items(app, "Groceries", "Milk")
    list_path = page.request.path
    milk = store.get_list(list_path[7:]).items[0].id
    assert re.fullmatch(r"Added by Mum today at \d\d:\d\d", edit_story(app, list_path, milk))
    say_name(app, "Dad")
    tick(app.get(list_path), "Milk")
    assert re.fullmatch(r"Added by Mum today at \d\d:\d\d · Ticked by Dad today at \d\d:\d\d",
                        edit_story(app, list_path, milk))
    tick(app.get(list_path), "Milk")  # open again: no "ticked"
    assert "Ticked" not in edit_story(app, list_path, milk)
    edit = item_form(app.get(f"{list_path}?edit={milk}"), "/edit-item", milk)
    edit["description"] = "Oat milk"
    edit.submit()
    assert re.fullmatch(r"Added by Mum today at \d\d:\d\d · Edited by Dad today at \d\d:\d\d",
                        edit_story(app, list_path, milk))
    # The list page itself says nothing of it.
    assert "Added by" not in app.get(list_path).text


def test_changes_without_a_name_and_items_of_the_go_original_never_say_by(app, db, store, list_with_items):
    page = list_with_items(app, "Groceries", "Milk")
    list_path = page.request.path
    list_id = list_path[7:]
    milk = store.get_list(list_id).items[0].id
    assert re.fullmatch(r"Added today at \d\d:\d\d", edit_story(app, list_path, milk))
    # As the Go app adds an item: a row in items, nothing in the change log.
    with db.transaction() as connection:
        connection.execute("INSERT INTO items (list_id, time_created, description, done) VALUES (?, ?, ?, 1)",
                           (list_id, "2024-03-03 10:00:00", "Go bread"))
    bread = store.get_list(list_id).items[-1].id
    assert edit_story(app, list_path, bread) == "Added on 3 March 2024"
    with db.transaction() as connection:
        connection.execute("UPDATE items SET time_created = '' WHERE id = ?", (bread,))
    assert edit_story(app, list_path, bread) == ""


def test_the_trash_says_who_deleted_what(app, config, db, make_test_app, list_with_items, say_name, press):
    app = make_test_app(config.__class__(**{**config.__dict__, "show_lists": True}), db)
    say_name(app, "Dad")
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    press(page, "Delete Eggs")
    app.get(f"{page.request.path}?delete=1").forms[0].submit()
    page = list_with_items(app, "Camping", "Tent")
    app.get("/name").forms["name-form"].submit("action", value="clear")
    press(page, "Delete Tent")
    trash = " ".join(app.get("/trash").html.get_text().split())
    assert "Groceries · 1 item · deleted by Dad" in trash
    assert "Tent · from Camping deleted" in trash and "Tent · from Camping deleted by" not in trash
    list_trash = " ".join(app.get(f"/trash?list={page.request.path[7:]}").html.get_text().split())
    assert "Tent · deleted" in list_trash and "deleted by" not in list_trash


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_edit_page_and_the_trash_say_who_in_every_language(app, store, list_with_items, say_name, press, code):
    language = i18n.languages()[code]
    app.set_cookie("language", code)
    say_name(app, "Mum")
    page = list_with_items(app, "Groceries", "Milk", "Eggs")
    list_path = page.request.path
    milk = store.get_list(list_path[7:]).items[0].id
    press(page, language.gettext("Mark {name} done", name="Milk"))
    story = edit_story(app, list_path, milk)
    now = datetime.datetime.now(datetime.timezone.utc)
    today = who_did.when(language, now, datetime.timezone.utc, now).split("{")[0]
    added = language.gettext("Added by {name} {when}", name="Mum", when="\0").split("\0")[0]
    ticked = language.gettext("Ticked by {name} {when}", name="Mum", when="\0").split("\0")[0]
    assert story.startswith(added) and ticked in story, story
    assert today[:4] in story
    eggs = store.get_list(list_path[7:]).items[1]
    press(app.get(list_path), language.pgettext("item", "Delete {name}", name=eggs.description))
    trash = app.get(f"/trash?list={list_path[7:]}").html.find("ul", class_="trash").get_text()
    deleted_by = language.translations.pgettext("item", "deleted by {name} {date}").split("{name}")[0]
    assert deleted_by.strip() in trash and "Mum" in trash, trash


NOW = datetime.datetime(2026, 3, 12, 18, 30, tzinfo=datetime.timezone.utc)  # a Thursday


@pytest.mark.parametrize("moment, expected", [
    (NOW - datetime.timedelta(hours=1), "today at 17:30"),
    (NOW - datetime.timedelta(days=1), "yesterday at 18:30"),
    (NOW - datetime.timedelta(days=2), "on Tuesday"),
    (NOW - datetime.timedelta(days=6), "on Friday"),
    (NOW - datetime.timedelta(days=9), "on 3 March"),
    (NOW - datetime.timedelta(days=400), "on 5 February 2025"),
])
def test_when_is_said_relative_to_now(moment, expected):
    assert who_did.when(i18n.languages()["en"], moment, datetime.timezone.utc, NOW) == expected


def test_when_follows_the_configured_zone():
    zone = datetime.timezone(datetime.timedelta(hours=-10))
    early = NOW - datetime.timedelta(hours=2, minutes=30)  # 06:00 there, 08:30 now
    assert who_did.when(i18n.languages()["en"], early, zone, NOW) == "today at 06:00"
    assert who_did.when(i18n.languages()["de"], early, zone, NOW) == "heute um 06:00"
    assert who_did.when(i18n.languages()["en"], early, datetime.timezone.utc, NOW) == "today at 16:00"


def test_the_list_page_asks_nothing_more_and_the_edit_page_one_query(app, db, store, list_with_items, say_name):
    def statements(path: str) -> list[str]:
        seen: list[str] = []
        db.connection().set_trace_callback(seen.append)
        try:
            app.get(path)
        finally:
            db.connection().set_trace_callback(None)
        return [statement for statement in seen if statement.lstrip().upper().startswith("SELECT")]

    page = list_with_items(app, "Groceries", "Milk")
    list_path = page.request.path
    milk = store.get_list(list_path[7:]).items[0].id
    unnamed = statements(list_path)
    say_name(app, "Mum")
    assert len(statements(list_path)) == len(unnamed)
    edit = statements(f"{list_path}?edit={milk}")
    assert len(edit) == len(unnamed) + 1
    assert sum("change_log" in statement for statement in edit) == 1
