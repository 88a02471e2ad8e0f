"""Export and import through the app: download links, the import form, round trips."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
import webtest



@pytest.fixture
def make_list(create_list, add_item, tick):
    """make_list(app, name, items, done=()): a list made through the forms, with the
    items named in done ticked off; the list page."""
    def make(app, name: str, items: list[str], done: tuple[str, ...] = ()):
        page = create_list(app, name)
        for description in items:
            page = add_item(page, description)
        for description in done:
            page = tick(page, description)
        return page
    return make


def import_form(app):
    return app.get("/").forms["import-list"]


def state(store, list_id: str) -> tuple[str, list[tuple[str, bool]]]:
    the_list = store.get_list(list_id)
    assert the_list is not None
    return the_list.name, [(item.description, item.done) for item in the_list.items]


# -- downloads ---------------------------------------------------------------------------

def test_list_page_links_to_text_and_markdown_downloads(app, make_list) -> None:
    page = make_list(app, "Groceries", ["Milk", "Eggs", "Bread"], done=("Eggs",))

    text = page.click("Download as text")
    assert text.status_int == 200
    assert text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.headers["Content-Disposition"] == (
        "attachment; filename=\"Groceries.txt\"; filename*=UTF-8''Groceries.txt")
    assert text.text == "Milk\n✓ Eggs\nBread\n"

    markdown = page.click("Download as Markdown")
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert markdown.headers["Content-Disposition"].startswith('attachment; filename="Groceries.md"')
    assert markdown.text == "# Groceries\n\n- [ ] Milk\n- [x] Eggs\n- [ ] Bread\n"


def test_download_names_a_non_ascii_list_safely(app, list_id_of, make_list) -> None:
    page = make_list(app, "Einkäufe für „Oma“", ["Äpfel"])
    response = app.get(f"/lists/{list_id_of(page)}.md")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Einkaufe fur Oma.md\"; "
        "filename*=UTF-8''Eink%C3%A4ufe%20f%C3%BCr%20%E2%80%9EOma%E2%80%9C.md")
    assert response.text == "# Einkäufe für „Oma“\n\n- [ ] Äpfel\n"


def test_downloads_carry_the_security_headers(app, list_id_of, make_list) -> None:
    page = make_list(app, "Groceries", ["Milk"])
    response = app.get(f"/lists/{list_id_of(page)}.txt")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_list_page_itself_still_works_beside_the_downloads(app, list_id_of, make_list) -> None:
    page = make_list(app, "Groceries", ["Milk"])
    again = app.get(f"/lists/{list_id_of(page)}")
    assert again.content_type == "text/html"
    assert "<h1>Groceries</h1>" in again.text


@pytest.mark.parametrize("path", ["/lists/bcdfghjklm.txt", "/lists/bcdfghjklm.md", "/lists/no-such.txt",
                                  "/lists/bcdfghjklm.json"])
def test_download_of_an_unknown_list_is_404(app, path: str) -> None:
    response = app.get(path, status=404)
    assert "There is no such page or list" in response.text


def test_download_of_a_deleted_list_is_404(app, list_id_of, make_list) -> None:
    page = make_list(app, "Old", ["Milk"])
    list_id = list_id_of(page)
    page.click("Delete this list").forms[0].submit().follow()
    app.get(f"/lists/{list_id}.txt", status=404)
    app.get(f"/lists/{list_id}.md", status=404)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_downloads_need_sign_in_when_sign_in_is_on(signed_in_app, suffix: str, store, sign_in) -> None:
    list_id = store.import_list("Secret", [("Milk", False)])
    response = signed_in_app.get(f"/lists/{list_id}{suffix}", status=303)
    assert response.headers["Location"].endswith(f"/?return-url=/lists/{list_id}{suffix}")
    assert "Milk" not in response.text

    sign_in(signed_in_app, path=f"/?return-url=/lists/{list_id}{suffix}")
    assert "Milk" in signed_in_app.get(f"/lists/{list_id}{suffix}").text


# -- the whole database as JSON ----------------------------------------------------------

def test_export_json_holds_every_list_but_not_deleted_ones(app, list_id_of, make_list, press) -> None:
    first = make_list(app, "Groceries", ["Milk", "Eggs", "Gone"], done=("Eggs",))
    press(first, "Delete Gone")
    second = make_list(app, "Packing", [])
    deleted = make_list(app, "Deleted", ["x"])
    deleted.click("Delete this list").forms[0].submit()

    response = app.get("/").click("Download all lists")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="simplelists-\d{4}-\d\d-\d\d\.json"; filename\*=.*',
                        response.headers["Content-Disposition"])
    document = json.loads(response.text)
    assert document["format"] == "simplelists-export" and document["version"] == 1
    assert [(lst["id"], lst["name"]) for lst in document["lists"]] == [
        (list_id_of(first), "Groceries"), (list_id_of(second), "Packing")]
    assert [(item["description"], item["done"]) for item in document["lists"][0]["items"]] == [
        ("Milk", False), ("Eggs", True)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["lists"][0]["created"])


def test_export_json_needs_sign_in_when_sign_in_is_on(signed_in_app, store, sign_in) -> None:
    store.import_list("Secret", [("Milk", False)])
    response = signed_in_app.get("/export.json", status=303)
    assert response.headers["Location"].endswith("/?return-url=/export.json")
    sign_in(signed_in_app)
    assert json.loads(signed_in_app.get("/export.json").text)["lists"][0]["name"] == "Secret"


# -- import ------------------------------------------------------------------------------

def test_import_a_pasted_markdown_checklist(app, db, store, list_id_of) -> None:
    form = import_form(app)
    form["text"] = "# Packing\n\n- [ ] Socks\n- [x] Passport\n- [ ] Charger\n"
    response = form.submit(status=303)
    page = response.follow()
    assert response.headers["Location"] == f"/lists/{list_id_of(page)}"
    assert "<h1>Packing</h1>" in page.text
    assert state(store, list_id_of(page)) == ("Packing", [("Socks", False), ("Passport", True), ("Charger", False)])


def test_import_pasted_plain_text_with_a_typed_name(app, db, store, list_id_of) -> None:
    form = import_form(app)
    form["name"] = "Grüße an Oma"
    form["text"] = "Äpfel\r\n\r\n✓ Brot\r\n日本茶\r\n"
    page = form.submit().follow()
    assert state(store, list_id_of(page)) == ("Grüße an Oma", [("Äpfel", False), ("Brot", True), ("日本茶", False)])


def test_import_without_any_name_is_called_imported_list(app, db, store, list_id_of) -> None:
    form = import_form(app)
    form["text"] = "Milk"
    page = form.submit().follow()
    assert state(store, list_id_of(page)) == ("Imported list", [("Milk", False)])


@pytest.mark.parametrize("filename, content, expected", [
    ("Weekly.md", "# Groceries\n- [x] Milk\n- [ ] Eggs\n".encode(), ("Groceries", [("Milk", True), ("Eggs", False)])),
    ("Wocheneinkauf.txt", "\ufeffMilch\n✓ Eier\n".encode(), ("Wocheneinkauf", [("Milch", False), ("Eier", True)])),
])
def test_import_an_uploaded_file(app, filename: str, content: bytes, expected, db, store, list_id_of) -> None:
    form = import_form(app)
    form["file"] = webtest.Upload(filename, content, "text/plain")
    page = form.submit().follow()
    assert state(store, list_id_of(page)) == expected


def test_a_typed_name_wins_over_the_heading(app, db, store, list_id_of) -> None:
    form = import_form(app)
    form["name"] = "This week"
    form["text"] = "# Groceries\n- [ ] Milk"
    page = form.submit().follow()
    assert state(store, list_id_of(page)) == ("This week", [("Milk", False)])


def test_an_imported_list_appears_on_the_home_page(app) -> None:
    form = import_form(app)
    form["text"] = "# Packing\n- [x] Socks\n- [ ] Hat"
    form.submit()
    assert "1 of 2 done" in app.get("/").text


# -- round trips: export, import, the same list ------------------------------------------

ROUND_TRIP_ITEMS = ["Milk", "- 2 lemons", "# 1 priority", "✓ not done", "[x] literally", "\\ back",
                    "Grüße 日本", "Eggs"]
ROUND_TRIP_DONE = ("Eggs", "Grüße 日本", "- 2 lemons")


def test_round_trip_through_markdown_download_and_upload(app, db, store, list_id_of, make_list) -> None:
    original = make_list(app, "Einkäufe: Woche #3", ROUND_TRIP_ITEMS, done=ROUND_TRIP_DONE)
    download = original.click("Download as Markdown")
    form = import_form(app)
    form["file"] = webtest.Upload("whatever.md", download.body, "text/markdown")
    copy = form.submit().follow()
    assert list_id_of(copy) != list_id_of(original)
    assert state(store, list_id_of(copy)) == state(store, list_id_of(original))


def test_round_trip_through_text_download_and_upload_named_by_the_file(app, db, store, list_id_of, make_list) -> None:
    original = make_list(app, "Einkäufe", ROUND_TRIP_ITEMS, done=ROUND_TRIP_DONE)
    download = original.click("Download as text")
    # A browser saves the download under the filename* name, and sends that name back.
    saved_as = re.search(r"filename\*=UTF-8''(.*)$", download.headers["Content-Disposition"]).group(1)
    form = import_form(app)
    form["file"] = webtest.Upload(__import__("urllib.parse").parse.unquote(saved_as), download.body, "text/plain")
    copy = form.submit().follow()
    assert state(store, list_id_of(copy)) == state(store, list_id_of(original))


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_round_trip_by_pasting_the_download(app, suffix: str, db, store, list_id_of, make_list) -> None:
    original = make_list(app, "Packing", ROUND_TRIP_ITEMS, done=ROUND_TRIP_DONE)
    form = import_form(app)
    form["text"] = app.get(f"/lists/{list_id_of(original)}{suffix}").text
    form["name"] = "Packing" if suffix == ".txt" else ""
    copy = form.submit().follow()
    assert state(store, list_id_of(copy)) == state(store, list_id_of(original))


# -- bad input: a clear message, nothing lost, nothing created ---------------------------

@pytest.mark.parametrize("text, message", [
    ("", "There is nothing to import. Paste a list or choose a file."),
    ("\n  \n", "There is nothing to import."),
    ("Milk\n" + "x" * 501 + "\nEggs", "Line 2 is too long: 501 characters, and the most for an item is 500."),
    ("# " + "n" * 501 + "\nMilk", "The list name on line 1 is too long"),
    ("x\n" * 1001, "That is more than 1000 items."),
])
def test_bad_pasted_text_is_shown_again_with_a_message(app, text: str, message: str, store) -> None:
    form = import_form(app)
    form["name"] = "My list"
    form["text"] = text
    response = form.submit(status=400)
    assert message in response.text
    again = response.forms["import-list"]
    assert again["text"].value.strip() == text.strip()
    assert again["name"].value == "My list"
    assert "<details class=\"import\" open>" in response.text
    assert 'aria-invalid="true"' in response.text and 'role="alert"' in response.text
    assert store.get_lists() == []


def test_a_long_typed_name_is_refused(app, store) -> None:
    form = import_form(app)
    form["name"] = "n" * 501
    form["text"] = "Milk"
    response = form.submit(status=400)
    assert "The list name is too long: 501 characters" in response.text
    assert store.get_lists() == []


def test_a_bad_file_comes_back_as_text_to_fix(app, store) -> None:
    form = import_form(app)
    form["file"] = webtest.Upload("Groceries.txt", ("Milk\n" + "y" * 600).encode(), "text/plain")
    response = form.submit(status=400)
    assert "Line 2 is too long: 600 characters" in response.text
    again = response.forms["import-list"]
    assert again["text"].value.strip() == "Milk\n" + "y" * 600
    assert again["name"].value == "Groceries"
    assert store.get_lists() == []


@pytest.mark.parametrize("content, message", [
    ("Grüße".encode("latin-1"), "That file is not UTF-8 text."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "That file is not a text file."),
])
def test_a_file_that_is_not_text_is_refused(app, content: bytes, message: str, store) -> None:
    form = import_form(app)
    form["file"] = webtest.Upload("picture.txt", content, "text/plain")
    response = form.submit(status=400)
    assert message in response.text
    assert store.get_lists() == []


def test_text_and_a_file_together_are_refused_keeping_the_text(app, store) -> None:
    form = import_form(app)
    form["text"] = "Milk"
    form["file"] = webtest.Upload("list.txt", b"Eggs", "text/plain")
    response = form.submit(status=400)
    assert "not both" in response.text
    assert response.forms["import-list"]["text"].value == "Milk"
    assert store.get_lists() == []


def test_an_import_larger_than_the_body_limit_is_refused(app, store) -> None:
    form = import_form(app)
    form["file"] = webtest.Upload("big.txt", b"item\n" * 14000, "text/plain")
    response = form.submit(status=413)
    assert "too much text" in response.text
    assert store.get_lists() == []


def test_import_needs_the_csrf_token(app, store) -> None:
    form = import_form(app)
    form["csrf-token"] = "forged"
    form["text"] = "Milk"
    form.submit(status=403)
    assert store.get_lists() == []


def test_import_needs_sign_in_when_sign_in_is_on(signed_in_app, store, sign_in) -> None:
    sign_in(signed_in_app)
    form = import_form(signed_in_app)
    form["text"] = "Milk"
    signed_in_app.post("/sign-out", {"csrf-token": form["csrf-token"].value})
    response = form.submit(status=303)
    assert "/?return-url=" in response.headers["Location"]
    assert store.get_lists() == []


# -- accessibility of the new controls ---------------------------------------------------

def test_every_import_control_has_a_label(app) -> None:
    html = app.get("/").text
    form_html = html.split('id="import-list"', 1)[1].split("</form>", 1)[0]
    for control_id in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', form_html):
        assert f'<label for="{control_id}">' in form_html
    assert "<summary>Import a list</summary>" in html
    assert '<button type="submit">Import list</button>' in form_html


def test_export_json_is_off_when_lists_are_secret_and_sign_in_is_off(config, store, make_test_app, db) -> None:
    # With no sign-in and no list of lists, a list's URL is its only key: no bulk download.
    secret_app = make_test_app(dataclasses.replace(config, show_lists=False), db)
    store.import_list("Secret", [("Milk", False)])
    assert "Download all lists" not in secret_app.get("/").text
    response = secret_app.get("/export.json", status=404)
    assert "Secret" not in response.text


def test_export_json_link_shows_when_signed_in_even_without_the_list_of_lists(signed_in_config, store, make_test_app, sign_in, db) -> None:
    family_app = make_test_app(dataclasses.replace(signed_in_config, show_lists=False), db)
    store.import_list("Ours", [("Milk", False)])
    sign_in(family_app)
    assert "Ours" in family_app.get("/").click("Download all lists").text
