"""Reading and checking the fields of the form being answered, with the limits defined once.

Bottle 0.13 hands out urlencoded fields as latin-1 text; FormsDict.getunicode recodes them
as UTF-8 (and leaves multipart ones, already UTF-8, alone), which is the one decode path
here. Text that is not UTF-8 is a 400, never guessed at.
"""

from __future__ import annotations

import re

import bottle

from simplelists import names, network_rule
from simplelists.i18n import N_, _

MAX_TEXT_LENGTH = 500  # characters, for list names and item texts
MAX_ITEMS_AT_ONCE = 1000  # lines of "Add several" or of an import; more than any family list
MAX_IDS = 1000  # item IDs in one undo; keeps URLs and queries bounded

_NUMBER = re.compile(r"^[0-9]{1,18}$")  # 18 digits fit SQLite's 64-bit integers
# C0 and C1 controls (but tab and newline, handled apart) and the Unicode line and
# paragraph separators, which would break a line in a download or an export.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
NOT_UTF8 = N_("The form sent text that is not valid UTF-8.")
ITEM_TOO_LONG = N_("The item is too long: {length} characters, and the most is {most}.")
LINE_TOO_LONG = N_("Line {number} is too long: {length} characters, and the most is {most}.")
LIST_NAME_TOO_LONG = N_("The list name is too long: {length} characters, and the most is {most}.")
ITEM_GONE = N_("That item is not on this list any more.")
SECTION_GONE = N_("That section is not on this list any more.")


class FormError(ValueError):
    """A field's value cannot be used; the message says why, for the person who sent it."""


def raw(name: str) -> str:
    """A field exactly as sent, decoded as UTF-8; "" when missing. For passwords and
    return URLs, which must be checked before any cleaning could change them."""
    value = bottle.request.forms.getunicode(name)
    if value is None:
        if name in bottle.request.forms:
            raise bottle.HTTPError(400, _(NOT_UTF8))
        return ""
    return value


def clean(text: str, multiline: bool = False) -> str:
    """Text with control characters removed and tabs as spaces, trimmed; line breaks
    are kept (as "\\n") only when multiline, else they become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return CONTROL_CHARACTERS.sub("", text).strip()


def text(name: str, multiline: bool = False) -> str:
    """A field as clean text (see clean); "" when missing."""
    return clean(raw(name), multiline)


def lines(text_value: str) -> list[str]:
    """The non-blank lines of a multiline text, each trimmed."""
    return [line.strip() for line in text_value.split("\n") if line.strip()]


def check_length(value: str, too_long: str, empty: str | None = None, **values: object) -> str:
    """The value, or FormError if it is longer than MAX_TEXT_LENGTH characters (saying
    the message too_long, with {length} and {most} filled in), or, when an empty message
    is given, if it is empty. Both are messages marked with N_, translated here."""
    if empty is not None and not value:
        raise FormError(_(empty))
    if len(value) > MAX_TEXT_LENGTH:
        raise FormError(_(too_long, length=len(value), most=MAX_TEXT_LENGTH, **values))
    return value


def check_lines(lines_value: list[str]) -> list[str]:
    """The lines of an "Add several", or FormError naming the first that is too long."""
    if len(lines_value) > MAX_ITEMS_AT_ONCE:
        raise FormError(_("That is more than {most} items at once. Add them in smaller parts.",
                          most=MAX_ITEMS_AT_ONCE))
    for number, line in enumerate(lines_value, start=1):
        if len(lines_value) == 1:
            check_length(line, ITEM_TOO_LONG)
        else:
            check_length(line, LINE_TOO_LONG, number=number)
    return lines_value


def person_name() -> str:
    """The form's name field: the name a browser's person gives (see names.clean), or
    FormError when it is blank or too long."""
    try:
        name = names.check(raw("name"))
    except names.NameTooLong as error:
        raise FormError(str(error)) from None
    if not name:
        raise FormError(_("Type a name, or choose “Not now”."))
    return name


def list_id() -> str:
    """The form's list-id field ("id" in the earliest Go version's delete form)."""
    return text("list-id") or text("id")


def record_id(name: str, gone: str) -> int:
    """The ID in the form's field name (item-id, section-id, token-id): 404 saying gone
    (a message marked with N_) when it is not a number, as no record can match it."""
    value = text(name)
    if not _NUMBER.match(value):
        raise bottle.HTTPError(404, _(gone))
    return int(value)


def item_id() -> int:
    """The form's item-id; 404 when it is not a number."""
    return record_id("item-id", ITEM_GONE)


def version() -> int | None:
    """The list version the form was loaded with, or None when it carries none (forms
    of the Go original, scripts): then a change is never reported as clashing."""
    value = text("version")
    return int(value) if _NUMBER.match(value) else None


def parse_ids(value: str | None) -> list[int]:
    """Item IDs from "12,13,14" (a query parameter or a field); junk is skipped, at most
    MAX_IDS are kept."""
    ids = [int(part) for part in (value or "").split(",") if _NUMBER.match(part.strip())]
    return ids[:MAX_IDS]


def query_number(name: str) -> int | None:
    """A whole-number query parameter (e.g. ?edit=12), or None when absent or not one."""
    value = bottle.request.query.get(name, "")
    return int(value) if _NUMBER.match(value) else None


def has(name: str) -> bool:
    """True when the form sent the field at all (even empty)."""
    return name in bottle.request.forms


def chosen_section() -> int | None:
    """The section picked in a form's section-id field: None for "No section" (""),
    and for a missing or unreadable field, which adds to no section, as before sections."""
    value = text("section-id")
    return int(value) if _NUMBER.match(value) else None


def section_id() -> int:
    """The form's section-id, for a change to that section; 404 when it is not a number."""
    return record_id("section-id", SECTION_GONE)


def kept_query() -> dict[str, str]:
    """The list page's query to go back to after a change made from it: the filter (q)
    the page was showing, if any."""
    query = text("q")
    return {"q": query} if query else {}


def chosen(name: str, choices: tuple[str, ...], none_chosen: str) -> tuple[str, ...]:
    """The choices ticked in the form's checkboxes called name, in the order of choices
    (unknown values ignored); FormError(none_chosen) when none is."""
    ticked = set(bottle.request.forms.getall(name))
    picked = tuple(choice for choice in choices if choice in ticked)
    if not picked:
        raise FormError(none_chosen)
    return picked


# A notification destination's Apprise URL: a service's name (letters, digits, + . -) and
# ://, then no spaces.
MAX_URL_LENGTH = 2000
_APPRISE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,31}://\S+$")


def check_apprise_url(url: str, allow_private: bool) -> str:
    """The URL if it can be saved as a notification destination; FormError saying why not
    (empty, too long, not an Apprise URL, or naming an address inside the network, which
    network_rule refuses unless allow_private)."""
    if not url:
        raise FormError(_("Paste the service’s Apprise URL, such as ntfys://ntfy.sh/your-topic."))
    if len(url) > MAX_URL_LENGTH:
        raise FormError(_("The URL is too long: {length} characters, and the most is {most}.",
                          length=len(url), most=MAX_URL_LENGTH))
    if not _APPRISE_URL.match(url):
        raise FormError(_("That is not an Apprise URL: it starts with the service’s name and ://, "
                          "such as ntfys://, tgram:// or mailto://, and has no spaces."))
    refusal = network_rule.check_url(url, allow_private)
    if refusal is not None:
        where = refusal.address if refusal.host == refusal.address else f"{refusal.host} ({refusal.address})"
        raise FormError(_("{where} is an address inside a private network or on this server, and "
                          "notifications are not sent there. Use the service’s public address; whoever "
                          "runs this server can allow private addresses with SIMPLELISTS_NOTIFY_PRIVATE=true.",
                          where=where))
    return url
