"""Lists as text: plain-text and Markdown export, the JSON export, and reading an import.

Pure functions only (no web, no database), so every format rule is tested on its own.

Plain text is one item per line; a done item starts with "✓ "; a section's items follow
a blank line and the section's name on its own line. Markdown is a checklist: "# Name",
a blank line, then "- [ ] Milk" / "- [x] Eggs", each section's items under a "## Dairy"
heading. One reader (parse_import) understands both, plus common variants (bullets,
"[x]" without a bullet, ☐ / ☑), so a user can paste either kind, or a list from a notes
app, without choosing a format. Sections come back from Markdown's headings; plain text
has nothing to tell a section's name from an item, so it reads back as an item.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any

from simplelists.forms import CONTROL_CHARACTERS, LIST_NAME_TOO_LONG, MAX_ITEMS_AT_ONCE, MAX_TEXT_LENGTH, clean
from simplelists.i18n import N_, _, ngettext
from simplelists.matching import duplicate_key
from simplelists.sections import group_by_section

DONE_MARK = "✓"
DEFAULT_NAME = N_("Imported list")
JSON_FORMAT = "simplelists-export"
JSON_VERSION = 1

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "- [x] Eggs", "* [ ] Milk", "[x] Eggs": the Markdown task list and its bare form.
_CHECKBOX = re.compile(r"^(?:[-*+•]\s+)?\[([ xX])\](?:\s+(.*))?$")
_BULLET = re.compile(r"^[-*+•]\s+(.*)$")
_DONE_SYMBOL = re.compile(r"^[✓✔☑☒]\s*(.*)$")
_TODO_SYMBOL = re.compile(r"^☐\s*(.*)$")


class TransferError(ValueError):
    """An import cannot be used; the message says why, for the user."""


@dataclasses.dataclass(frozen=True)
class ImportedItem:
    """One item read from an import."""

    description: str
    done: bool
    section: str | None = None  # the name of the section it is under, if any


@dataclasses.dataclass(frozen=True)
class ImportedList:
    """What an import creates: a name (None when the text had no "# Name" first), items
    in order, and the sections' names in order (one may have no items)."""

    name: str | None
    items: list[ImportedItem]
    sections: list[str] = dataclasses.field(default_factory=list)


# -- export ------------------------------------------------------------------------------

def _one_line(text: str) -> str:
    """Text with line breaks and control characters turned into spaces, trimmed: one
    line of an export must stay one line, whatever an old row holds."""
    return CONTROL_CHARACTERS.sub(" ", text.replace("\r", " ").replace("\n", " ").replace("\t", " ")).strip()


def _read_line(line: str) -> tuple[str, str, bool]:
    """Classify one trimmed, non-blank line: ("heading", name, level == 1) or ("item",
    text, done).

    A leading backslash means "take the rest literally": the plain-text export writes it
    before any item that would otherwise read as a heading, bullet or mark.
    """
    if line.startswith("\\"):
        return "item", line[1:].strip(), False
    match = _HEADING.match(line)
    if match:
        return "heading", match.group(2).strip(), len(match.group(1)) == 1
    match = _CHECKBOX.match(line)
    if match:
        return "item", (match.group(2) or "").strip(), match.group(1) != " "
    match = _DONE_SYMBOL.match(line)
    if match:
        return "item", match.group(1).strip(), True
    match = _TODO_SYMBOL.match(line)
    if match:
        return "item", match.group(1).strip(), False
    match = _BULLET.match(line)
    if match:
        return "item", match.group(1).strip(), False
    return "item", line, False


def _plain_line(description: str) -> str:
    """An item's text as the plain-text reader gets it back: escaped with a backslash
    when it would otherwise read as something else (a heading, a bullet, a mark)."""
    if _read_line(description) != ("item", description, False):
        return "\\" + description
    return description


def format_text(items: Iterable[Any], sections: Sequence[Any] = ()) -> str:
    """The plain-text export: one item per line, done ones as "✓ Eggs"; "" for no items.
    Each section with items follows a blank line and its name on a line of its own.

    Items need .description and .done (and .section_id, with sections: each .id, .name).
    Texts that would read back differently (say "- 2 lemons" or "# 1 priority") get a
    leading backslash, which the reader removes.
    """
    lines: list[str] = []
    for section, group in group_by_section(items, sections):
        section_name = _one_line(section.name) if section is not None else None
        item_lines = []
        for item in group:
            description = _one_line(item.description)
            if description:
                item_lines.append(f"{DONE_MARK} {description}" if item.done else _plain_line(description))
        if section_name and item_lines:
            lines.extend([""] if lines else [])
            lines.append(section_name)
        lines.extend(item_lines)
    return "".join(line + "\n" for line in lines)


def format_markdown(name: str, items: Iterable[Any], sections: Sequence[Any] = ()) -> str:
    """The Markdown checklist: "# Name", a blank line, then "- [ ] Milk" / "- [x] Eggs";
    each section (even one with no items, so it survives a round trip) as "## Dairy"
    and a blank line before its items.

    The text after the checkbox is taken literally by the reader, so it needs no escaping.
    """
    lines = [f"# {_one_line(name) or _(DEFAULT_NAME)}"]
    for section, group in group_by_section(items, sections):
        section_name = _one_line(section.name) if section is not None else None
        item_lines = [f"- [{'x' if item.done else ' '}] {_one_line(item.description)}"
                      for item in group if _one_line(item.description)]
        if section_name:
            lines.extend(["", f"## {section_name}"])
        if item_lines:
            lines.append("")
            lines.extend(item_lines)
    return "\n".join(lines) + "\n"


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def format_json(lists: Iterable[Any], exported_at: datetime.datetime) -> str:
    """The whole database as JSON: every list (not deleted) with its items in order.

    Lists need .id, .name, .time_created (aware) and .items (each .id, .description,
    .done, and .section_id if the list has .sections, each .id and .name). Deleted lists
    and items are left out: the export is what the app shows.
    """
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported": _iso(exported_at),
        "lists": [
            {
                "id": the_list.id,
                "name": the_list.name,
                "created": _iso(the_list.time_created),
                "sections": [{"id": section.id, "name": section.name}
                             for section in getattr(the_list, "sections", [])],
                "items": [{"id": item.id, "description": item.description, "done": bool(item.done),
                           "section_id": getattr(item, "section_id", None)}
                          for item in the_list.items],
            }
            for the_list in lists
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- file names --------------------------------------------------------------------------

_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f;%]+')


def _clean_filename_stem(name: str) -> str:
    """The name with characters no file system or header should see removed."""
    stem = _UNSAFE_IN_FILENAME.sub(" ", _one_line(name))
    stem = " ".join(stem.split()).strip(" .")
    return stem[:100].strip(" .")


def ascii_filename(name: str, extension: str, fallback: str = "list") -> str:
    """An ASCII-only file name for a list: accents dropped ("Grüße" -> "Grusse"-ish,
    via NFKD), other characters removed; the fallback when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", _clean_filename_stem(name))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9 ._()&+,'!=#-]+", "", ascii_only)
    stem = " ".join(stem.split()).strip(" .") or fallback
    return f"{stem}.{extension}"


def content_disposition(name: str, extension: str) -> str:
    """A Content-Disposition attachment header for a download named after the list.

    filename= is a plain ASCII fallback for old clients; filename*= (RFC 5987/6266)
    carries the real name as UTF-8, percent-encoded, so "Einkäufe" saves as Einkäufe.md.
    """
    fallback = ascii_filename(name, extension)
    stem = _clean_filename_stem(name) or fallback.rsplit(".", 1)[0]
    encoded = urllib.parse.quote(f"{stem}.{extension}", safe="!#$&+-.^_`|~")
    return f'attachment; filename="{fallback}"; filename*=UTF-8\'\'{encoded}'


_TEXT_EXTENSIONS = {"txt", "text", "md", "markdown"}


def name_from_filename(filename: str | None) -> str | None:
    """A list name from an uploaded file's name: the name without its folder and
    extension ("Groceries.md" -> "Groceries"); None when there is nothing usable."""
    if not filename:
        return None
    base = re.split(r"[\\/]", filename)[-1]
    stem, dot, extension = base.rpartition(".")
    if dot and stem and extension.lower() in _TEXT_EXTENSIONS:
        base = stem
    base = _one_line(base)
    return base or None


# -- import ------------------------------------------------------------------------------

def decode_upload(data: bytes) -> str:
    """An uploaded file's bytes as text: UTF-8 (a byte-order mark is dropped).

    Raises TransferError with a message for the user when it is not UTF-8 text.
    """
    if b"\x00" in data:
        raise TransferError(_("That file is not a text file. Choose a .txt or .md file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransferError(_("That file is not UTF-8 text. Save it as UTF-8 and try again.")) from None


def parse_import(text: str) -> ImportedList:
    """Read a pasted or uploaded list: Markdown checklist or plain text, one item per line.

    - A first non-blank line "# Name" names the list; any other heading ("## Dairy",
      or "# Later" after items) starts a section, which the items after it go into.
      Sections whose names differ only in case and spaces are one.
    - "- [ ] Milk", "- [x] Eggs", "[x] Eggs", "✓ Eggs", "☑ Eggs" are done/not-done items;
      "- Milk", "* Milk" are plain bullets; anything else is an item as written.
    - A leading backslash takes the rest of the line literally.
    - Blank lines and empty checkboxes are skipped; tabs become spaces, control
      characters go, and each line is trimmed.

    Raises TransferError when there is nothing to import, an item or the name is longer
    than MAX_TEXT_LENGTH, or there are more than MAX_ITEMS_AT_ONCE items.
    """
    name: str | None = None
    items: list[ImportedItem] = []
    sections: dict[str, str] = {}  # duplicate_key -> name as first written
    section: str | None = None
    seen_content = False
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw_line in enumerate(lines, start=1):
        line = clean(raw_line)
        if not line:
            continue
        kind, value, done = _read_line(line)
        if kind == "heading" and done and not seen_content:  # a first "# Name"
            if len(value) > MAX_TEXT_LENGTH:
                raise TransferError(_(
                    "The list name on line {number} is too long: {length} characters, and the most is {most}.",
                    number=number, length=len(value), most=MAX_TEXT_LENGTH))
            name = value or None
            seen_content = True
            continue
        seen_content = True
        if kind == "heading":
            section = _start_section(sections, value, number)
            continue
        if not value:
            continue
        if len(value) > MAX_TEXT_LENGTH:
            raise TransferError(_(
                "Line {number} is too long: {length} characters, and the most for an item is {most}. "
                "Shorten it or split it into two lines.", number=number, length=len(value), most=MAX_TEXT_LENGTH))
        items.append(ImportedItem(value, done, section))
        if len(items) > MAX_ITEMS_AT_ONCE:
            raise TransferError(_("That is more than {most} items. Split it into smaller lists.",
                                  most=MAX_ITEMS_AT_ONCE))
    if name is None and not items and not sections:
        raise TransferError(_("There is nothing to import. Paste a list or choose a file."))
    return ImportedList(name, items, list(sections.values()))


def _start_section(sections: dict[str, str], value: str, number: int) -> str | None:
    """The section a heading starts (one already met with the same name, ignoring case
    and spaces, is continued); None for an empty heading: its items have no section."""
    if not value:
        return None
    if len(value) > MAX_TEXT_LENGTH:
        raise TransferError(ngettext(
            "The section name on line {line} is too long: {count} character, and the most is {most}.",
            "The section name on line {line} is too long: {count} characters, and the most is {most}.",
            len(value), line=number, most=MAX_TEXT_LENGTH))
    if duplicate_key(value) not in sections:
        if len(sections) >= MAX_ITEMS_AT_ONCE:
            raise TransferError(ngettext("That is more than {count} section. Split it into smaller lists.",
                                         "That is more than {count} sections. Split it into smaller lists.",
                                         MAX_ITEMS_AT_ONCE))
        sections[duplicate_key(value)] = value
    return sections[duplicate_key(value)]


def choose_name(*candidates: str | None) -> str:
    """The first usable name among the candidates (name field, heading, file name),
    else DEFAULT_NAME. Raises TransferError when the chosen one is too long."""
    for candidate in candidates:
        cleaned = clean(candidate or "")
        if cleaned:
            if len(cleaned) > MAX_TEXT_LENGTH:
                raise TransferError(_(LIST_NAME_TOO_LONG, length=len(cleaned), most=MAX_TEXT_LENGTH))
            return cleaned
    return _(DEFAULT_NAME)


def items_as_pairs(items: Sequence[ImportedItem]) -> list[tuple[str, bool]]:
    """The items as (description, done) pairs."""
    return [(item.description, item.done) for item in items]


def items_with_sections(items: Sequence[ImportedItem]) -> list[tuple[str, bool, str | None]]:
    """The items as (description, done, section name) triples, the shape
    ListStore.import_list takes."""
    return [(item.description, item.done, item.section) for item in items]
