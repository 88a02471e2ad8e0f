"""Every new control has a name a screen reader says, headings go in order, and the
"3 of 10 done" counts stay right through the new features."""

from __future__ import annotations

import html.parser
import re

import pytest



class Controls(html.parser.HTMLParser):
    """Collects headings, and buttons and links with their accessible names."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.controls: list[tuple[str, str]] = []  # (tag, name)
        self._open: list[tuple[str, dict, list[str]]] = []
        self.labels: set[str] = set()
        self.fields: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and "for" in attributes:
            self.labels.add(attributes["for"])
        if tag in ("input", "textarea", "select") and attributes.get("type") != "hidden":
            self.fields.append(attributes.get("id", ""))
        if tag in ("button", "a", "summary"):
            self._open.append((tag, attributes, []))

    def handle_data(self, data):
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            tag, attributes, text = self._open.pop()
            self.controls.append((tag, attributes.get("aria-label") or "".join(text).strip()))


def parse(page) -> Controls:
    parser = Controls()
    parser.feed(page.text)
    return parser


def assert_accessible(page) -> Controls:
    parsed = parse(page)
    assert parsed.headings and parsed.headings[0] == 1
    for before, after in zip(parsed.headings, parsed.headings[1:]):
        assert after <= before + 1, f"heading level skipped: {parsed.headings}"
    for tag, name in parsed.controls:
        assert name, f"a {tag} without a name"
    for field in parsed.fields:
        assert field in parsed.labels, f"field {field!r} has no label"
    assert '<html lang="en" dir="ltr">' in page.text
    return parsed


@pytest.fixture
def shop(app, item_form, item_ids, list_id_of, list_with_items, store):
    page = list_with_items(app, "Shop", "Milk", "Eggs", "Bread")
    ids = item_ids(store, list_id_of(page))
    page = item_form(page, "/update-done", ids["Eggs"]).submit().follow()
    return page, ids


def test_list_page_control_names(app, shop):
    page, _ = shop
    names = {name for _, name in assert_accessible(page).controls}
    for expected in ("Mark Milk done", "Mark Eggs not done", "Edit Milk", "Delete Milk", "Edit Eggs",
                     "Delete Eggs", "Add", "Add all", "Add several at once", "Uncheck all",
                     "Clear done items…", "Rename list", "Reorder items", "Recently deleted"):
        assert expected in names, expected
    assert parse(page).headings == [1, 2]  # the list, then Done


@pytest.mark.parametrize("query", ["reorder=1", "rename=1", "edit={milk}", "clear-done=1", "deleted={milk}",
                                   "q=milk", "copy=1", "sections=1", "sections=1&rename-section={dairy}",
                                   "sections=1&delete-section={dairy}", "edit={milk}&section={dairy}"])
def test_every_mode_of_the_list_page_is_accessible(app, shop, query, store, list_id_of, add_section):
    page, ids = shop
    if "deleted" in query:
        store.delete_item(list_id_of(page), ids["Milk"])
    dairy = None
    if "section" in query:
        add_section(page, "Dairy")
        dairy = store.get_list(list_id_of(page)).sections[0].id
    page = app.get(f"/lists/{list_id_of(page)}?" + query.format(milk=ids["Milk"], dairy=dairy))
    names = {name for _, name in assert_accessible(page).controls}
    if query == "reorder=1":
        assert {"Move Milk up", "Move Milk down", "Move Milk to the top", "Move Bread up"} <= names
    if query.startswith("edit"):
        assert {"Save", "Cancel"} <= names
        assert "New text for Milk" in page.text
    if query.startswith("deleted"):
        assert "Undo" in names


def test_search_page_is_accessible(app, shop):
    parsed = assert_accessible(app.get("/search?q=milk"))
    assert parsed.headings == [1, 2]  # the page, then the list with matches


def test_trash_pages_are_accessible(app, shop, store, list_id_of):
    page, ids = shop
    store.delete_item(list_id_of(page), ids["Milk"])
    parsed = assert_accessible(app.get("/trash"))
    assert ("button", "Restore Milk") in parsed.controls
    assert parsed.headings == [1, 2, 2]
    assert_accessible(app.get(f"/trash?list={list_id_of(page)}"))
    store.delete_list(list_id_of(page))
    assert_accessible(app.get(f"/lists/{list_id_of(page)}", status=404))


def test_counts_follow_every_change(app, shop, item_form, list_id_of):
    page, ids = shop
    list_id = list_id_of(page)

    def counts() -> tuple[str, str]:
        home = re.search(r"(\d+ of \d+ done)", app.get("/").text).group(1)
        own = re.search(r"(\d+ of \d+ done)", app.get(f"/lists/{list_id}").text).group(1)
        return home, own

    assert counts() == ("1 of 3 done",) * 2
    form = page.forms["add-items"]
    form["description"] = "Jam\nTea"
    page = form.submit().follow()
    assert counts() == ("1 of 5 done",) * 2
    page = app.get(f"/lists/{list_id}?clear-done=1").forms[0].submit().follow()
    assert counts() == ("0 of 4 done",) * 2
    page = page.forms["undo"].submit().follow()
    assert counts() == ("1 of 5 done",) * 2
    page = page.forms["uncheck-all"].submit().follow()
    assert counts() == ("0 of 5 done",) * 2
    item_form(page, "/delete-item", ids["Milk"]).submit()
    assert counts() == ("0 of 4 done",) * 2


def test_device_password_pages_are_accessible(app, shop, list_id_of):
    page, _ids = shop
    connect = app.get(f"/lists/{list_id_of(page)}/connect")
    assert_accessible(connect)
    form = connect.forms["create-device-password"]
    form["name"] = "Mum's iPhone"
    made = form.submit()
    assert "new-device-password" in assert_accessible(made).labels
    assert_accessible(app.get("/devices"))
    form = app.get("/devices").forms["create-device-password"]
    form["name"] = ""
    refused = form.submit(status=400)
    assert 'aria-describedby="device-name-error"' in refused.text
    assert_accessible(refused)


def test_the_notifications_page_is_accessible(app, shop, list_id_of):
    page, _ids = shop
    path = f"/lists/{list_id_of(page)}/notifications"
    assert_accessible(app.get(path))
    form = app.get(path).forms["add-destination"]
    form["name"], form["url"] = "Mum’s phone", "ntfys://ntfy.sh/topic-4711"
    form.submit()
    parsed = assert_accessible(app.get(path))
    assert ("button", "Send a test to Mum’s phone") in parsed.controls
    assert ("button", "Delete Mum’s phone") in parsed.controls
    form = app.get(path).forms["add-destination"]
    form["url"] = "json://127.0.0.1/"
    refused = form.submit(status=400)
    assert 'role="alert"' in refused.text and 'aria-invalid="true"' in refused.text
    assert_accessible(refused)


def test_the_name_pages_are_accessible(app):
    home = app.get("/")
    assert "ask-name" in home.forms
    assert_accessible(home)
    name_page = app.get("/name")
    assert_accessible(name_page)
    form = name_page.forms["name-form"]
    form["name"] = "M" * 41
    assert_accessible(form.submit("action", value="save", status=400))
    form["name"] = "Mum"
    assert_accessible(form.submit("action", value="save").follow())
