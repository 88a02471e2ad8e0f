"""User stories: sections (aisles, rooms, people). Open items show under their section in
the family's order, items without one first, Done at the bottom; sections are added,
renamed, reordered and deleted without JavaScript; items go into one when added (the
choice remembered) or from their edit page; Markdown keeps them on a round trip."""

from __future__ import annotations

import re

import pytest

from simplelists.forms import MAX_TEXT_LENGTH


def shown(page) -> list[tuple[str | None, list[str]]]:
    """The open items as the page groups them: (section heading or None, item texts)."""
    main = page.html.find("main")
    groups: list[tuple[str | None, list[str]]] = []
    heading = None
    for element in main.find_all(["h2", "ul"], recursive=False):
        if element.name == "h2":
            heading = element.get_text()
            if heading == "Done":
                break
        elif "items" in element.get("class", []):
            groups.append((heading, [label.get_text() for label in element.find_all("label", class_="text")]))
    return groups


def section_names(page) -> list[str]:
    """The sections page's sections, in order."""
    return [re.sub(r"\s·.*", "", span.get_text()).strip()
            for span in page.html.select("ul.sections span.text")]


def selected_section(page, field_id: str = "add-section") -> str:
    option = page.html.find("select", id=field_id).find("option", selected=True)
    return option.get_text()


@pytest.fixture
def shop(app, list_with_items):
    return list_with_items(app, "Shop", "Bread", "Milk", "Apples", "Cheese")


def add_into(page, description: str, section: str):
    form = page.forms["add-item"]
    form["description"] = description
    form["section-id"].select(text=section)
    return form.submit().follow()


def edit_section(app, page, item_ids, item_form, store, list_id, description: str, section: str):
    item_id = item_ids(store, list_id)[description]
    form = item_form(app.get(f"/lists/{list_id}?edit={item_id}"), "/edit-item", item_id)
    form.form["section-id"].select(text=section)
    return form.submit().follow()


def test_sections_from_creation_to_deletion(app, shop, add_section, db, item_ids, item_form, list_id_of, press,
                                            store, tick):
    list_id = list_id_of(shop)
    assert "add-section" not in shop.forms  # no choice to make before there are sections
    page = shop.click(description="Sections", href=r"\?sections=1$")
    assert "This list has no sections yet." in page.text
    page = add_section(page, "Dairy")
    page = add_section(page, "Produce")
    assert section_names(page) == ["Dairy", "Produce"]

    # Items go in when added (the choice stays for the next add) or from their edit page.
    page = add_into(app.get(f"/lists/{list_id}"), "Yoghurt", "Dairy")
    assert selected_section(page) == "Dairy"
    page = add_into(page, "Pears", "Produce")
    page = edit_section(app, page, item_ids, item_form, store, list_id, "Milk", "Dairy")
    page = edit_section(app, page, item_ids, item_form, store, list_id, "Apples", "Produce")
    page = tick(page, "Cheese")
    # Moved in from the edit page, Milk and Apples go to the end of their section.
    assert shown(page) == [(None, ["Bread"]), ("Dairy", ["Yoghurt", "Milk"]), ("Produce", ["Pears", "Apples"])]
    assert page.text.index(">Pears<") < page.text.index("<h2>Done</h2>") < page.text.index("<del>Cheese</del>")
    assert "1 of 6 done" in page.text  # counts as before

    # Rename, then reorder: the list follows the sections' order.
    page = page.click(description="Sections", href=r"\?sections=1$")
    page = page.click(description="✎", href="rename-section", index=1)  # Produce
    form = page.forms["rename-section"]
    form["name"] = "Fruit & veg"
    page = form.submit().follow()
    page = press(page, "Move section Fruit & veg up").follow()
    assert section_names(page) == ["Fruit & veg", "Dairy"]
    assert shown(app.get(f"/lists/{list_id}"))[1:] == [("Fruit & veg", ["Pears", "Apples"]),
                                                       ("Dairy", ["Yoghurt", "Milk"])]

    # Delete, after a question; its items stay, without a section.
    page = page.click(description="✕", href="delete-section=", index=0)  # the first: Fruit & veg
    assert "Its 2 open items stay on the list, without a section." in page.text
    page = page.forms[0].submit().follow()
    assert section_names(page) == ["Dairy"]
    assert shown(app.get(f"/lists/{list_id}")) == [(None, ["Bread", "Pears", "Apples"]),
                                                   ("Dairy", ["Yoghurt", "Milk"])]
    assert db.connection().execute("SELECT count(*) FROM sections WHERE list_id = ?", (list_id,)).fetchone()[0] == 1


def test_moving_sections_up_down_and_to_the_top(app, shop, add_section, press):
    page = shop
    for name in ("Bakery", "Dairy", "Produce"):
        page = add_section(page, name)
    assert page.html.find("button", attrs={"aria-label": "Move section Bakery up"}).has_attr("disabled")
    assert page.html.find("button", attrs={"aria-label": "Move section Produce down"}).has_attr("disabled")
    page = press(page, "Move section Produce to the top").follow()
    assert section_names(page) == ["Produce", "Bakery", "Dairy"]
    page = press(page, "Move section Bakery down").follow()
    assert section_names(page) == ["Produce", "Dairy", "Bakery"]
    page = press(page, "Move section Dairy up").follow()
    assert section_names(page) == ["Dairy", "Produce", "Bakery"]


@pytest.mark.parametrize("name, message", [
    ("", "The section needs a name."),
    ("  dairy ", "There is a section called Dairy already."),
    ("x" * (MAX_TEXT_LENGTH + 1), f"The section name is too long: {MAX_TEXT_LENGTH + 1} characters, "
                                  f"and the most is {MAX_TEXT_LENGTH}."),
])
def test_a_bad_section_name_is_refused_and_kept_to_fix(app, shop, add_section, list_id_of, name, message, db):
    page = add_section(shop, "Dairy")
    form = page.forms["add-section"]
    form["name"] = name
    page = form.submit(status=400)
    assert message in page.text
    assert page.forms["add-section"]["name"].value == name.strip()
    assert 'aria-describedby="new-section-error"' in page.text
    # The same names are refused when renaming the other section.
    page = add_section(app.get(f"/lists/{list_id_of(shop)}?sections=1"), "Produce")
    page = page.click(description="✎", href="rename-section", index=1)
    form = page.forms["rename-section"]
    form["name"] = name
    page = form.submit(status=400)
    assert message in page.text
    names = [row[0] for row in db.connection().execute("SELECT name FROM sections ORDER BY position")]
    assert names == ["Dairy", "Produce"]


def test_a_section_keeps_its_own_name_in_another_case(app, shop, add_section):
    page = add_section(shop, "dairy")
    page = page.click(description="✎", href="rename-section")
    form = page.forms["rename-section"]
    form["name"] = "Dairy"
    assert section_names(form.submit().follow()) == ["Dairy"]


def test_moves_in_reorder_mode_stay_within_the_section(app, shop, add_section, item_form, item_ids, list_id_of,
                                                       store):
    list_id = list_id_of(shop)
    add_section(shop, "Dairy")
    page = add_into(app.get(f"/lists/{list_id}"), "Yoghurt", "Dairy")
    page = add_into(page, "Cream", "Dairy")
    page = app.get(f"/lists/{list_id}?reorder=1")
    ids = item_ids(store, list_id)
    first_in_section = item_form(page, "/move-item", ids["Yoghurt"])
    assert first_in_section.form.html.find("button", value="up").has_attr("disabled")
    page = item_form(page, "/move-item", ids["Cream"]).submit("move", "top").follow()
    assert shown(page) == [(None, ["Bread", "Milk", "Apples", "Cheese"]), ("Dairy", ["Cream", "Yoghurt"])]
    page = item_form(page, "/move-item", ids["Bread"]).submit("move", "down").follow()
    page = item_form(page, "/move-item", ids["Cheese"]).submit("move", "top").follow()
    assert shown(page)[0] == (None, ["Cheese", "Milk", "Bread", "Apples"])


def test_an_item_moved_out_of_a_section_goes_to_the_end_of_the_items_without_one(
        app, shop, add_section, item_ids, item_form, list_id_of, store):
    list_id = list_id_of(shop)
    add_section(shop, "Dairy")
    page = edit_section(app, shop, item_ids, item_form, store, list_id, "Bread", "Dairy")
    assert shown(page) == [(None, ["Milk", "Apples", "Cheese"]), ("Dairy", ["Bread"])]
    page = edit_section(app, page, item_ids, item_form, store, list_id, "Bread", "No section")
    assert shown(page) == [(None, ["Milk", "Apples", "Cheese", "Bread"])]


def test_add_several_into_a_section(app, shop, add_section, list_id_of):
    add_section(shop, "Dairy")
    form = app.get(f"/lists/{list_id_of(shop)}").forms["add-items"]
    form["description"] = "Butter\nCream"
    form["section-id"].select(text="Dairy")
    page = form.submit().follow()
    assert shown(page)[-1] == ("Dairy", ["Butter", "Cream"])
    assert selected_section(page, "several-section") == "Dairy"


def test_add_again_puts_an_item_back_in_its_section(app, shop, add_section, list_id_of, press, store):
    list_id = list_id_of(shop)
    add_section(shop, "Dairy")
    page = add_into(app.get(f"/lists/{list_id}"), "Butter", "Dairy")
    butter = store.get_list(list_id).items[-1]
    store.delete_item(list_id, butter.id)
    page = press(app.get(f"/lists/{list_id}"), "Add Butter again").follow()
    assert shown(page)[-1] == ("Dairy", ["Butter"])
    assert selected_section(page) == "No section"  # "Add again" changes no choice


def test_another_lists_section_is_never_used(app, shop, add_section, create_list, list_id_of, db, store):
    list_id = list_id_of(shop)
    other = create_list(app, "Other")
    add_section(other, "Theirs")
    theirs = db.connection().execute("SELECT id FROM sections").fetchone()[0]
    form = shop.forms["add-item"]
    token = form["csrf-token"].value
    app.post("/add-item", {"csrf-token": token, "list-id": list_id, "description": "Tea",
                           "section-id": str(theirs)}, status=303)
    assert store.get_list(list_id).items[-1].section_id is None
    for action, extra in (("/rename-section", {"name": "Mine"}), ("/move-section", {"move": "up"}),
                          ("/delete-section", {})):
        app.post(action, {"csrf-token": token, "list-id": list_id, "section-id": str(theirs), **extra}, status=404)
    assert db.connection().execute("SELECT name FROM sections").fetchall() == [("Theirs",)]


@pytest.mark.parametrize("action", ["/rename-section", "/move-section", "/delete-section"])
def test_a_section_id_that_is_not_a_number_is_404(app, shop, action, list_id_of):
    token = shop.forms["add-item"]["csrf-token"].value
    app.post(action, {"csrf-token": token, "list-id": list_id_of(shop), "section-id": "x1", "name": "A",
                      "move": "up"}, status=404)


def test_an_unknown_section_move_is_400(app, shop, add_section, list_id_of, db):
    add_section(shop, "Dairy")
    token = shop.forms["add-item"]["csrf-token"].value
    app.post("/move-section", {"csrf-token": token, "list-id": list_id_of(shop), "section-id": "1",
                               "move": "sideways"}, status=400)


def test_markdown_round_trip_keeps_sections(app, shop, add_section, item_ids, item_form, list_id_of, store, tick):
    list_id = list_id_of(shop)
    for name in ("Dairy", "Produce", "Bakery"):  # Bakery stays empty
        add_section(shop, name)
    page = edit_section(app, shop, item_ids, item_form, store, list_id, "Milk", "Dairy")
    page = edit_section(app, page, item_ids, item_form, store, list_id, "Apples", "Produce")
    page = add_into(page, "Cream", "Dairy")
    tick(page, "Milk")
    markdown = app.get(f"/lists/{list_id}.md").text
    assert markdown == ("# Shop\n\n- [ ] Bread\n- [ ] Cheese\n\n## Dairy\n\n- [x] Milk\n- [ ] Cream\n"
                        "\n## Produce\n\n- [ ] Apples\n\n## Bakery\n")

    form = app.get("/").forms["import-list"]
    form["text"] = markdown
    copy = form.submit().follow()
    original, imported = store.get_list(list_id), store.get_list(list_id_of(copy))
    assert imported.name == original.name
    assert [section.name for section in imported.sections] == [section.name for section in original.sections]

    def content(the_list):
        return [(section.name if section else None, [(item.description, item.done) for item in items])
                for section, items in the_list.by_section(the_list.items)]

    assert content(imported) == content(original)
    assert app.get(f"/lists/{list_id_of(copy)}.md").text == markdown


def test_text_export_writes_section_names_on_their_own_lines(app, shop, add_section, item_ids, item_form,
                                                              list_id_of, store):
    list_id = list_id_of(shop)
    add_section(shop, "Dairy")
    edit_section(app, shop, item_ids, item_form, store, list_id, "Milk", "Dairy")
    assert app.get(f"/lists/{list_id}.txt").text == "Bread\nApples\nCheese\n\nDairy\nMilk\n"


def test_a_change_by_someone_else_meanwhile_is_reported(app, shop, add_section, list_id_of, store):
    page = add_section(shop, "Dairy")
    store.add_item(list_id_of(shop), "Tea")  # someone else, after the page was loaded
    form = page.forms["add-section"]
    form["name"] = "Produce"
    response = form.submit()
    assert "changed=1" in response.location
    assert "This list was changed by someone else" in response.follow().text
