"""The export formats and the import reader (simplelists/list_files.py), without the web."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest
from hypothesis import given, strategies as st

from simplelists import list_files
from simplelists.list_files import ImportedItem, TransferError
from simplelists.sections import group_by_section
from simplelists.matching import duplicate_key


@dataclasses.dataclass
class Item:
    description: str
    done: bool
    id: int = 1
    section_id: int | None = None


@dataclasses.dataclass
class Section:
    id: int
    name: str


@dataclasses.dataclass
class List:
    id: str
    name: str
    time_created: datetime.datetime
    items: list[Item]
    sections: list[Section] = dataclasses.field(default_factory=list)


def pairs(parsed: list_files.ImportedList) -> list[tuple[str, bool]]:
    return list_files.items_as_pairs(parsed.items)


# -- export ------------------------------------------------------------------------------

def test_text_export_is_one_item_per_line_with_done_ones_ticked() -> None:
    text = list_files.format_text([Item("Milk", False), Item("Eggs", True), Item("Bread", False)])
    assert text == "Milk\n✓ Eggs\nBread\n"


def test_text_export_of_an_empty_list_is_empty() -> None:
    assert list_files.format_text([]) == ""


def test_markdown_export_is_a_checklist_under_the_name() -> None:
    markdown = list_files.format_markdown("Groceries", [Item("Milk", False), Item("Eggs", True)])
    assert markdown == "# Groceries\n\n- [ ] Milk\n- [x] Eggs\n"


def test_markdown_export_of_an_empty_list_is_just_the_heading() -> None:
    assert list_files.format_markdown("Packing", []) == "# Packing\n"


@pytest.mark.parametrize("description, expected_line", [
    ("- 2 lemons", "\\- 2 lemons"),
    ("* starred", "\\* starred"),
    ("# 1 priority", "\\# 1 priority"),
    ("✓ looks done", "\\✓ looks done"),
    ("☐ box", "\\☐ box"),
    ("[x] bracket", "\\[x] bracket"),
    ("\\ backslash", "\\\\ backslash"),
    ("#hashtag", "#hashtag"),        # no space: not a heading, left alone
    ("-5 degrees", "-5 degrees"),    # no space: not a bullet
    ("C#", "C#"),
])
def test_text_export_escapes_items_that_would_read_back_differently(description: str, expected_line: str) -> None:
    assert list_files.format_text([Item(description, False)]) == expected_line + "\n"


def test_exports_keep_an_item_on_one_line_whatever_the_database_holds() -> None:
    items = [Item("two\nlines", False), Item("tab\there", True), Item("bell\x07", False)]
    assert list_files.format_text(items) == "two lines\n✓ tab here\nbell\n"
    assert list_files.format_markdown("a\nb", items).splitlines()[0] == "# a b"


def test_json_export_holds_every_list_with_items_in_order() -> None:
    created = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)
    lists = [List("bcdfghjklm", "Grüße", created, [Item("Milk", False, 3, 7), Item("Eggs", True, 4)],
                  [Section(7, "Dairy")])]
    document = json.loads(list_files.format_json(lists, created + datetime.timedelta(days=1)))
    assert document == {
        "format": "simplelists-export", "version": 1, "exported": "2024-05-02T12:30:00Z",
        "lists": [{"id": "bcdfghjklm", "name": "Grüße", "created": "2024-05-01T12:30:00Z",
                   "sections": [{"id": 7, "name": "Dairy"}],
                   "items": [{"id": 3, "description": "Milk", "done": False, "section_id": 7},
                             {"id": 4, "description": "Eggs", "done": True, "section_id": None}]}],
    }


SECTIONED = [Item("Bread", False, 1), Item("Milk", False, 2, 8), Item("Apples", True, 3, 9),
             Item("Eggs", True, 4, 8), Item("Lost", False, 5, 99)]
SECTIONS = [Section(8, "Dairy"), Section(9, "Produce"), Section(10, "Bakery")]


def test_markdown_export_writes_sections_as_headings_in_their_order() -> None:
    assert list_files.format_markdown("Shop", SECTIONED, SECTIONS) == (
        "# Shop\n\n- [ ] Bread\n- [ ] Lost\n\n## Dairy\n\n- [ ] Milk\n- [x] Eggs\n"
        "\n## Produce\n\n- [x] Apples\n\n## Bakery\n")


def test_text_export_puts_each_section_name_on_its_own_line() -> None:
    # An item naming a section the list does not have counts as having none; a section
    # without items is left out (its name alone would read back as an item).
    assert list_files.format_text(SECTIONED, SECTIONS) == "Bread\nLost\n\nDairy\nMilk\n✓ Eggs\n\nProduce\n✓ Apples\n"


def test_markdown_sections_read_back_as_they_were_written() -> None:
    parsed = list_files.parse_import(list_files.format_markdown("Shop", SECTIONED, SECTIONS))
    assert parsed.name == "Shop"
    assert parsed.sections == ["Dairy", "Produce", "Bakery"]
    assert list_files.items_with_sections(parsed.items) == [
        ("Bread", False, None), ("Lost", False, None), ("Milk", False, "Dairy"), ("Eggs", True, "Dairy"),
        ("Apples", True, "Produce")]


def test_a_heading_met_again_continues_its_section() -> None:
    parsed = list_files.parse_import("## Dairy\nMilk\n## Bakery\nBread\n##  dairy \nCheese")
    assert parsed.name is None and parsed.sections == ["Dairy", "Bakery"]
    assert [item.section for item in parsed.items] == ["Dairy", "Bakery", "Dairy"]


# -- file names --------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Groceries", 'attachment; filename="Groceries.md"; filename*=UTF-8\'\'Groceries.md'),
    ("Einkäufe", 'attachment; filename="Einkaufe.md"; filename*=UTF-8\'\'Eink%C3%A4ufe.md'),
    ("日本の買い物", 'attachment; filename="list.md"; filename*=UTF-8\'\''
                 '%E6%97%A5%E6%9C%AC%E3%81%AE%E8%B2%B7%E3%81%84%E7%89%A9.md'),
    ('a "quoted"\\name', 'attachment; filename="a quoted name.md"; filename*=UTF-8\'\'a%20quoted%20name.md'),
    ("../../etc/passwd", 'attachment; filename="etc passwd.md"; filename*=UTF-8\'\'etc%20passwd.md'),
    ("Work/Home; x=1", 'attachment; filename="Work Home x=1.md"; filename*=UTF-8\'\'Work%20Home%20x%3D1.md'),
    ("...", 'attachment; filename="list.md"; filename*=UTF-8\'\'list.md'),
    ("line\r\nbreak", 'attachment; filename="line break.md"; filename*=UTF-8\'\'line%20break.md'),
])
def test_content_disposition_names_the_file_after_the_list_safely(name: str, expected: str) -> None:
    assert list_files.content_disposition(name, "md") == expected


@given(st.text(max_size=80))
def test_content_disposition_is_always_one_safe_ascii_header_line(name: str) -> None:
    header = list_files.content_disposition(name, "txt")
    assert header.isascii() and header.isprintable()
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.endswith(".txt") and "/" not in fallback and "\\" not in fallback and fallback[0] != "."


def test_filename_is_not_unboundedly_long() -> None:
    assert len(list_files.ascii_filename("x" * 500, "txt")) <= 104


@pytest.mark.parametrize("filename, expected", [
    ("Groceries.md", "Groceries"),
    ("Einkäufe.txt", "Einkäufe"),
    ("C:\\Users\\me\\Packing.markdown", "Packing"),
    ("notes/Weekly.TXT", "Weekly"),
    ("Mr. Smith", "Mr. Smith"),
    ("list.csv", "list.csv"),
    ("", None),
    (None, None),
    (".md", ".md"),
])
def test_name_from_filename(filename: str | None, expected: str | None) -> None:
    assert list_files.name_from_filename(filename) == expected


# -- import ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, items", [
    ("Milk\nEggs\n", None, [("Milk", False), ("Eggs", False)]),
    ("# Groceries\n\n- [ ] Milk\n- [x] Eggs\n- [X] Jam\n", "Groceries",
     [("Milk", False), ("Eggs", True), ("Jam", True)]),
    ("* [ ] Milk\n+ [x] Eggs\n  - [ ] indented\n", None, [("Milk", False), ("Eggs", True), ("indented", False)]),
    ("[x] Eggs\n[ ] Milk", None, [("Eggs", True), ("Milk", False)]),
    ("✓ Eggs\n✔ Jam\n☑ Tea\n☐ Milk", None, [("Eggs", True), ("Jam", True), ("Tea", True), ("Milk", False)]),
    ("- Milk\n* Eggs\n• Bread", None, [("Milk", False), ("Eggs", False), ("Bread", False)]),
    ("\r\n\r\n  Milk  \r\n\t\r\nEggs\r", None, [("Milk", False), ("Eggs", False)]),
    ("Milk\rEggs", None, [("Milk", False), ("Eggs", False)]),
    ("tab\tinside\x07", None, [("tab inside", False)]),
    ("- [ ]\n- [x]   \nMilk", None, [("Milk", False)]),
    ("\\- 2 lemons\n\\\\ back\n\\# one", None, [("- 2 lemons", False), ("\\ back", False), ("# one", False)]),
    ("# Packing\nSocks\n# Later heading\nHat", "Packing", [("Socks", False), ("Hat", False)]),
    ("## Dairy\nMilk", None, [("Milk", False)]),
    ("# Only a name", "Only a name", []),
    ("#hashtag\nC#", None, [("#hashtag", False), ("C#", False)]),
    ("1. Milk\n2. Eggs", None, [("1. Milk", False), ("2. Eggs", False)]),
    ("- [ ] - [x] nested", None, [("- [x] nested", False)]),
])
def test_import_reads_text_and_markdown(text: str, name: str | None, items: list[tuple[str, bool]]) -> None:
    parsed = list_files.parse_import(text)
    assert parsed.name == name
    assert pairs(parsed) == items


@pytest.mark.parametrize("text, message", [
    ("", "There is nothing to import"),
    ("   \n\n\t\n", "There is nothing to import"),
    ("- [ ]\n- [x]", "There is nothing to import"),
    ("Milk\n" + "x" * 501, "Line 2 is too long: 501 characters, and the most for an item is 500"),
    ("# " + "n" * 501, "The list name on line 1 is too long: 501 characters"),
    ("item\n" * 1001, "That is more than 1000 items"),
])
def test_import_refuses_bad_input_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(TransferError, match=message):
        list_files.parse_import(text)


def test_import_takes_an_item_of_exactly_the_limit() -> None:
    assert pairs(list_files.parse_import("x" * 500)) == [("x" * 500, False)]
    assert len(list_files.parse_import("item\n" * 1000).items) == 1000


@pytest.mark.parametrize("data, text", [
    (b"Milk\n", "Milk\n"),
    ("\ufeff# Grüße\n".encode(), "# Grüße\n"),
])
def test_decode_upload(data: bytes, text: str) -> None:
    assert list_files.decode_upload(data) == text


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfeM\x00i\x00", "not a text file"),
    ("Grüße".encode("latin-1"), "not UTF-8 text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
])
def test_decode_upload_refuses_what_is_not_utf8_text(data: bytes, message: str) -> None:
    with pytest.raises(TransferError, match=message):
        list_files.decode_upload(data)


@pytest.mark.parametrize("candidates, expected", [
    (("Typed", "Heading", "file"), "Typed"),
    (("", "Heading", "file"), "Heading"),
    (("  ", None, "file"), "file"),
    (("", None, None), "Imported list"),
])
def test_choose_name_prefers_the_field_then_the_heading_then_the_file(candidates: tuple, expected: str) -> None:
    assert list_files.choose_name(*candidates) == expected


def test_choose_name_refuses_a_long_name() -> None:
    with pytest.raises(TransferError, match="The list name is too long: 501"):
        list_files.choose_name("n" * 501)


# -- round trips -------------------------------------------------------------------------

# Item texts as the app stores them: one line, trimmed, no control characters.
item_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40,
).map(str.strip).filter(bool)
item_lists = st.lists(st.builds(Item, item_texts, st.booleans()), max_size=15)


@given(item_lists)
def test_text_round_trip_keeps_every_item_and_done_flag(items: list[Item]) -> None:
    text = list_files.format_text(items)
    if not items:
        assert text == ""
        return
    parsed = list_files.parse_import(text)
    assert parsed.name is None
    assert parsed.items == [ImportedItem(item.description, item.done) for item in items]


@given(item_texts, item_lists)
def test_markdown_round_trip_keeps_name_items_and_done_flags(name: str, items: list[Item]) -> None:
    parsed = list_files.parse_import(list_files.format_markdown(name, items))
    assert parsed.name == name
    assert parsed.items == [ImportedItem(item.description, item.done) for item in items]


@given(item_texts, st.lists(item_texts, max_size=4, unique_by=duplicate_key),
       st.lists(st.tuples(item_texts, st.booleans(), st.integers(0, 4)), max_size=15))
def test_markdown_round_trip_keeps_sections(name: str, section_names: list[str], drawn: list) -> None:
    """Every section (one with no items too) and each item's section come back, in order;
    an item drawn for a section that is not there has none."""
    sections = [Section(number, section) for number, section in enumerate(section_names, start=1)]
    items = [Item(description, done, section_id=number or None) for description, done, number in drawn]
    parsed = list_files.parse_import(list_files.format_markdown(name, items, sections))
    assert parsed.name == name
    assert parsed.sections == section_names
    names = {section.id: section.name for section in sections}
    expected = [(item.description, item.done, names.get(item.section_id))
                for group in group_by_section(items, sections) for item in group[1]]
    assert list_files.items_with_sections(parsed.items) == expected
