"""The rows built as markup in Python (simplelists/rows.py): the list page's items and the
home page's lists. Whatever a person types comes out escaped in every place a row shows
it, in every state of the row, and the labels read as the translated sentence would."""

from __future__ import annotations

import datetime
import gettext
import zoneinfo

import markupsafe
import pytest

from simplelists import i18n, rows
from simplelists.history import Suggestion
from simplelists.items import Item
from simplelists.lists import ListSummary

HOSTILE = [
    "<script>alert('x')</script>",
    'Milk "whole" & <b>cream</b>',
    "It's 5 > 3 & 2 < 4",
    "حليب &amp; <i>خبز</i>",  # right-to-left, with an entity that must stay text
    "\u202eevil\u202c {name} {0}",  # a direction override and braces, kept as typed
]
UTC = zoneinfo.ZoneInfo("UTC")


def escaped(text: str) -> str:
    return str(markupsafe.escape(text))


def item_rows_html(page) -> str:
    """The list page's item rows, as the page shows them."""
    return "".join(str(item) for item in page.html.select("ul.items li"))


@pytest.mark.parametrize("text", HOSTILE)
def test_an_items_text_comes_out_escaped_in_every_state_of_its_row(app, list_with_items, item_form, text):
    page = list_with_items(app, "Shopping", text, "Bread")
    item_id = int(page.html.select_one("ul.items li")["id"].removeprefix("item-"))
    for shown in (page,  # open
                  app.get(page.request.path + "?reorder=1"),  # with its arrows
                  app.get(page.request.path, {"q": text[:4]})):  # found by a search
        assert "<script>" not in shown.text and "<b>" not in shown.text and "<i>" not in shown.text
        html = shown.text
        assert f'<label for="tick-{item_id}" class="text">{escaped(text)}</label>' in html
        assert f'aria-label="Mark {escaped(text)} done"' in html
    reorder = app.get(page.request.path + "?reorder=1").text
    assert f'aria-label="Move {escaped(text)} to the top"' in reorder
    found = app.get(page.request.path, {"q": text[:4]}).text
    assert f'<input type="hidden" name="q" value="{escaped(text[:4])}">' in found
    # The row as a browser reads it: the same text as typed, in each of its names.
    row = page.html.find("li", id=f"item-{item_id}")
    assert row.find("label").get_text() == text
    assert row.find("button", class_="check")["aria-label"] == f"Mark {text} done"
    assert row.find("a", class_="icon")["aria-label"] == f"Edit {text}"
    assert row.find("button", class_="delete")["aria-label"] == f"Delete {text}"

    ticked = item_form(page, "/update-done", item_id).submit().follow()
    row = ticked.html.find("li", id=f"item-{item_id}")
    assert "done" in row["class"] and row.find("del").get_text() == text
    assert row.find("button", class_="check")["aria-label"] == f"Mark {text} not done"
    assert "<script>" not in ticked.text and "<b>" not in ticked.text
    # Done, it is offered again: in the add box's suggestions and as an "Add again" button.
    assert f'<option value="{escaped(text)}"></option>' in ticked.text
    assert ticked.html.find("datalist").find("option")["value"] == text
    again = ticked.html.find("form", id="add-again-form").find("button", attrs={"name": "description"})
    assert again["value"] == text and again.get_text() == text and again["aria-label"] == f"Add {text} again"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_lists_name_comes_out_escaped_in_its_home_page_row(app, create_list, text):
    create_list(app, text)
    home = app.get("/")
    assert "<script>" not in home.text and "<b>" not in home.text and "<i>" not in home.text
    assert f'class="list-link">{escaped(text)}</a>' in home.text
    row = home.html.select_one("ul.lists li")
    assert row.find("a", class_="list-link").get_text() == text
    assert row.find("a", class_="delete")["aria-label"] == f"Delete {text}"


def test_in_arabic_a_name_in_a_label_is_isolated_and_escaped(app, list_with_items):
    text = "Milk & <eggs>"
    page = list_with_items(app, "Shop <1>", text)
    arabic = app.get(page.request.path, headers={"Accept-Language": "ar"})
    row = arabic.html.select_one("ul.items li")
    label = row.find("button", class_="check")["aria-label"]
    assert f"{i18n.ISOLATE_START}{text}{i18n.ISOLATE_END}" in label
    assert row.find("label").get_text() == text  # shown as typed, not isolated
    assert escaped(text) in arabic.text and "<eggs>" not in arabic.text
    home = app.get("/", headers={"Accept-Language": "ar"}).html.select_one("ul.lists li")
    assert f"{i18n.ISOLATE_START}Shop <1>{i18n.ISOLATE_END}" in home.find("a", class_="delete")["aria-label"]


class OddTranslations(gettext.NullTranslations):
    """A catalog whose sentences hold the characters HTML escapes, around the {name}."""

    def gettext(self, message: str) -> str:
        return f'<{message}> & "{message}"'

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


@pytest.mark.parametrize("text", HOSTILE)
def test_labels_are_the_finished_sentence_escaped(text):
    """A sentence escaped, then filled in with the escaped name, reads the same as the
    finished sentence escaped: even when the translation holds <, & and quotes."""
    language = i18n.Language("fr", "fr", "Odd", "ltr", OddTranslations())
    item = Item(7, text, False, None)
    built = rows.ItemRowMaker(language=language, zone=UTC, list_fields="", edit_link="/edit?id=").rows([item])
    for sentence in ("Mark {name} done", "Edit {name}", "Delete {name}"):
        assert escaped(language.gettext(sentence, name=text)) in built.before
    moved = rows.ItemRowMaker(language=language, zone=UTC, list_fields="", edit_link="").rows([item], reorder=True)
    assert escaped(language.gettext("Move {name} up", name=text)) in moved.before
    summary = ListSummary("bcdfghjklm", text, datetime.datetime(2024, 5, 1, tzinfo=UTC), 0, 0)
    home = rows.list_rows([summary], language=language, zone=UTC)
    assert escaped(language.pgettext("list", "Delete {name}", name=text)) in home
    again = rows.add_again_buttons([Suggestion(text, None, 1)], language=language)
    assert escaped(language.gettext("Add {name} again", name=text)) in again


def test_the_item_being_edited_is_left_to_the_template_between_the_rows():
    language = i18n.languages()["en"]
    items = [Item(number, f"item {number}", False, None) for number in (1, 2, 3)]
    built = rows.ItemRowMaker(language=language, zone=UTC, list_fields="", edit_link="", edit_id=2).rows(items)
    assert built.editing == rows.EditedItem(2, False, "item 2", None)
    assert 'id="item-1"' in built.before and 'id="item-3"' in built.after
    assert 'id="item-2"' not in built.before + built.after
    assert isinstance(built.before, markupsafe.Markup)


def test_a_part_without_items_is_empty_so_the_page_leaves_it_out():
    maker = rows.ItemRowMaker(language=i18n.languages()["en"], zone=UTC, list_fields="", edit_link="", edit_id=1)
    assert not maker.rows([])
    assert maker.rows([Item(1, "being edited", True, None)])  # only the item being edited


@pytest.mark.parametrize("texts", [HOSTILE, [*HOSTILE, "nul\x00<b>", "\x00"], ["only one & <it>"], []],
                         ids=["hostile", "holding-nul", "one", "none"])
def test_each_row_shows_its_own_text_escaped_however_the_rows_escape_them_together(texts):
    """Rows escape their texts in one call, joined at a NUL character: a text holding one
    (the Go app and phones can store any character) still lands in its own row, whole."""
    language = i18n.languages()["en"]
    items = [Item(number, text, number % 2 == 0, None) for number, text in enumerate(texts, start=1)]
    built = rows.ItemRowMaker(language=language, zone=UTC, list_fields="", edit_link="").rows(items)
    for number, text in enumerate(texts, start=1):
        shown = f"<del>{escaped(text)}</del>" if number % 2 == 0 else escaped(text)
        assert f'<label for="tick-{number}" class="text">{shown}</label>' in built.before
    suggestions = [Suggestion(text, None, 1) for text in texts]
    assert rows.suggestion_options(suggestions) == "".join(f'<option value="{escaped(text)}"></option>\n'
                                                           for text in texts)
    assert rows.add_again_buttons(suggestions, language=language).count('class="secondary"') == len(texts)
    summaries = [ListSummary(f"list{number}", text, datetime.datetime(2024, 5, 1, tzinfo=UTC), 2, 1)
                 for number, text in enumerate(texts, start=1)]
    home = rows.list_rows(summaries, language=language, zone=UTC)
    for number, text in enumerate(texts, start=1):
        assert f'<a href="/lists/list{number}" class="list-link">{escaped(text)}</a>' in home
