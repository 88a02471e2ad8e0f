"""How the translated sentences read: texts with two meanings carry a context, counts of
zero have their own wording, plurals follow the right number, names are joined as each
language joins them, and inserted names keep their own direction in Arabic."""

from __future__ import annotations

import json
import pathlib

import pytest
from babel.messages.pofile import read_po

from simplelists import i18n

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCALE = ROOT / "simplelists" / "locale"
FSI, PDI = "\u2068", "\u2069"

# Texts known to mean two things (said of a list or of an item): a language with
# grammatical gender words them differently, so each must come with a context.
AMBIGUOUS = ["Delete {name}", "deleted {date}", "Restore {name}"]


def template_catalog():
    with open(LOCALE / "messages.pot", "rb") as file:
        return read_po(file)


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_texts_with_two_meanings_each_carry_a_context(text):
    found = [message.context for message in template_catalog() if message.id == text]
    assert found, f"{text!r} is no longer in the catalog: update the list"
    assert None not in found, f"{text!r} is used without a context"
    assert len(found) >= 2


def test_a_translator_note_goes_with_each_meaning_of_deleted_on():
    notes = {message.context: " ".join(message.auto_comments) for message in template_catalog()
             if message.id == "deleted {date}"}
    assert "list" in notes["list"] and "item" in notes["item"]


def in_language(code: str) -> i18n.Language:
    return i18n.languages()[code]


@pytest.mark.parametrize("code, done, total, expected", [
    ("en", 1, 5, "1 of 5 done"),
    ("fr", 1, 5, "1 sur 5 coché"),
    ("fr", 2, 2, "2 sur 2 cochés"),
    ("es", 1, 3, "1 de 3 completado"),
    ("en", 0, 0, "No items yet"),
    ("de", 0, 0, "Noch keine Einträge"),
])
def test_done_counts_agree_with_the_done_items(code, done, total, expected):
    assert i18n.done_count_text(in_language(code), done, total) == expected


@pytest.mark.parametrize("code, names, expected", [
    ("en", ["Milk"], "Milk"),
    ("en", ["Milk", "Eggs", "Bread"], "Milk, Eggs and Bread"),
    ("de", ["Milch", "Eier", "Brot"], "Milch, Eier und Brot"),
    ("es", ["pan", "higos"], "pan e higos"),
    ("es", ["leche", "pan", "Isabel"], "leche, pan e Isabel"),
    ("es", ["agua", "hielo"], "agua y hielo"),
    ("es", ["pan", "sal y pimienta"], "pan y sal y pimienta"),
    ("ar", ["حليب", "بيض"], f"{FSI}حليب{PDI} و{FSI}بيض{PDI}"),
    ("ar", ["حليب", "Eggs"], f"{FSI}حليب{PDI} و {FSI}Eggs{PDI}"),
])
def test_names_are_joined_as_each_language_joins_them(code, names, expected):
    assert in_language(code).join_names(names) == expected


def test_names_put_into_arabic_sentences_keep_their_own_direction():
    arabic = in_language("ar")
    sentence = arabic.gettext("Edit {name}", name="Milk (2 l)")
    assert f"{FSI}Milk (2 l){PDI}" in sentence
    assert in_language("de").gettext("Edit {name}", name="Milk") == "Milk bearbeiten"
    assert arabic.ngettext("{count} item", "{count} items", 3) == "3 عناصر"


def test_an_arabic_page_isolates_the_names_it_inserts(app, create_list, add_item):
    page = add_item(create_list(app, "Shopping"), "Milk")
    page = app.get(page.request.path, headers={"Accept-Language": "ar"})
    assert f'aria-label="احذف {FSI}Milk{PDI}"' in page.text
    assert page.html.find("h1").text == "Shopping"  # a name on its own needs no isolating


@pytest.mark.parametrize("query, english", [
    ("delete=1", "The list has no items; it will be gone from the app."),
    ("copy=1", "This list has no items, so the new list starts empty."),
])
def test_confirmations_about_an_empty_list_say_so(app, create_list, query, english):
    page = create_list(app, "Empty")
    text = app.get(f"{page.request.path}?{query}").text
    assert english in text and " 0 " not in text


def test_deleting_a_section_with_no_open_items_says_so(app, create_list, add_section):
    page = add_section(create_list(app, "Shop"), "Dairy")
    section_id = page.html.find("li", id=lambda value: value and value.startswith("section-"))["id"].split("-")[1]
    text = app.get(f"{page.request.path}?sections=1&delete-section={section_id}").text
    assert "It holds no open items, so no item changes." in text


def test_the_manifest_says_its_language_and_direction(app):
    data = json.loads(app.get("/manifest.webmanifest", headers={"Accept-Language": "ar"}).text)
    assert (data["lang"], data["dir"]) == ("ar", "rtl")
    data = json.loads(app.get("/manifest.webmanifest", headers={"Accept-Language": "de"}).text)
    assert (data["lang"], data["dir"]) == ("de", "ltr")


def test_the_import_arrow_points_the_way_the_text_runs():
    css = (ROOT / "simplelists" / "static" / "style.css").read_text()
    assert '[dir="rtl"] details.import summary::before { content: "◂"; }' in css


@pytest.mark.parametrize("code, msgid, wanted, unwanted", [
    ("de", "Create list", "Liste erstellen", "anlegen"),
    ("pl", "Added {name}.", "Dodano: {name}.", None),
    ("pl", "Mark {name} done", "Odhacz: {name}", "zrobion"),
    ("nl", "The list's address for shortcuts and scripts", "opdrachten", "snelkoppeling"),
    ("nl", "Read-only link", "Alleen-lezenlink", "om te bekijken"),
    ("ar", "Cancel", "ألغِ", "إلغاء"),
])
def test_wording_read_against_native_usage(code, msgid, wanted, unwanted):
    with open(LOCALE / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        text = read_po(file, locale=code)[msgid].string
    assert wanted in text
    assert unwanted is None or unwanted not in text


@pytest.mark.parametrize("code, phrase", [("de", "von hier"), ("pt_BR", "a partir daqui"), ("nl", "vanaf hier"),
                                          ("pl", "zrobion")])
def test_phrases_that_read_oddly_are_gone(code, phrase):
    assert phrase not in (LOCALE / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").split(
        "msgstr", 1)[1]
