"""What the API reads and writes: the items a request sends (plain text, a form or JSON),
and answers and errors as a short plain-text sentence a voice assistant can read aloud,
or as JSON for a request that asks for it (Accept: application/json).

Errors are raised as ready-made responses (error()), so they never become the HTML error
pages the rest of the app shows; error_body() words the errors raised before a handler
runs (unknown address, wrong method, body too large, a crash) the same way.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import Any

import bottle

from simplelists import forms, i18n
from simplelists.headers import weighted_choices
from simplelists.i18n import N_, _

PREFIX = "/api/"
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# A body with one of these types (or none) is read as text, one item per line.
TEXT_TYPES = ("text/", "application/octet-stream")
FORM_FIELDS = ("text", "description")  # "text" first; "description" is what the app's own form posts
JSON_EXAMPLE = '{"items": ["Milk", "Eggs"]}'

NO_FORM_FIELD = N_("The form has no “text” field. Send the items in a field named “text”, one per line.")
NOTHING_TO_ADD = N_("There was nothing to add. Send the items as text, one per line.")
UNSUPPORTED_TYPE = N_("Send the items as plain text (one per line), as a form with a “text” field, or as JSON.")
BAD_JSON = N_("That JSON could not be read. Send it like this: {example}")
NOT_TEXT = N_("Each item must be text. Send the JSON like this: {example}")
BAD_ENCODING = N_("The text sent is not valid {charset}.")

# The errors raised before an API handler runs, worded for the API.
STANDARD_ERRORS = {
    404: N_("There is no such address in the API. Lists' items are at /api/lists/<list-id>/items."),
    405: N_("This address takes GET to read the list's items, or POST to add items."),
    411: N_("Send a Content-Length with the items."),
    413: N_("That was too much to send at once. Send fewer items."),
    500: N_("Something went wrong on the server."),
    503: N_("The change could not be saved just now. Try again in a moment."),
}


def is_api_request() -> bool:
    """True for a request to the API (its errors are answered in text or JSON)."""
    return bottle.request.path.startswith(PREFIX)


def wants_json() -> bool:
    """True if the request's Accept header prefers JSON to plain text (an explicit
    application/json with a quality at least that of text/plain or text/*)."""
    json_quality = text_quality = 0.0
    for media, quality in weighted_choices(bottle.request.get_header("Accept", "").lower()):
        if media == JSON_TYPE:
            json_quality = max(json_quality, quality)
        elif media in ("text/plain", "text/*"):
            text_quality = max(text_quality, quality)
    return json_quality > 0 and json_quality >= text_quality


def answer(text: str, data: Mapping[str, Any], status: int = 200) -> str:
    """The response body: text (a line, or lines) in plain text, or data as JSON when the
    request asks for it. Content-Language names the language the sentences are in (the
    one the request's Accept-Language asked for, where the app speaks it)."""
    bottle.response.status = status
    bottle.response.set_header("Content-Language", i18n.current().tag)
    if wants_json():
        bottle.response.content_type = JSON_TYPE
        return json.dumps(data, ensure_ascii=False)
    bottle.response.content_type = TEXT_TYPE
    return text if text.endswith("\n") or not text else text + "\n"


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> bottle.HTTPResponse:
    """An error response to raise: the message as plain text, or {"error": message}."""
    response = bottle.HTTPResponse(status=status, headers=dict(headers or {}))
    response.body = _error_text(response, message)
    return response


def error_body(http_error: bottle.HTTPError) -> str:
    """The body of an error raised before an API handler ran (see STANDARD_ERRORS); the
    error's own message for the others (a form body that is not UTF-8, say)."""
    standard = STANDARD_ERRORS.get(http_error.status_code)
    if standard is not None:
        message = _(standard)
    elif isinstance(http_error.body, str) and http_error.body:
        message = http_error.body
    else:
        message = http_error.status_line
    return _error_text(bottle.response, message)


def _error_text(response: bottle.BaseResponse, message: str) -> str:
    response.set_header("Content-Language", i18n.current().tag)
    if wants_json():
        response.content_type = JSON_TYPE
        return json.dumps({"error": message}, ensure_ascii=False)
    response.content_type = TEXT_TYPE
    return message + "\n"


# -- reading the items sent -----------------------------------------------------------------

def read_items() -> list[str]:
    """The items the request's body sends, each cleaned like the forms' text (control
    characters removed, trimmed), blank ones skipped, in order. Accepted bodies:
    text/plain (or no type): one item per line, like "Add several";
    a form (urlencoded or multipart): the "text" or "description" field, one item per line;
    JSON: {"items": ["Milk", "Eggs"]}, ["Milk", "Eggs"] or {"text": "Milk"} (lines again).
    Raises a 400 (nothing to add, too many or too long, unreadable) or 415 (another type)."""
    media, charset = _content_type()
    if media == JSON_TYPE or media.endswith("+json"):
        items = _json_items(_body_text(charset))
    elif media in FORM_TYPES and not _bare_text_as_form(media):
        text = next((value for value in map(forms.raw, FORM_FIELDS) if value.strip()), "")
        items = forms.lines(forms.clean(text, multiline=True))
    elif not media or media.startswith(TEXT_TYPES) or media in FORM_TYPES:
        items = forms.lines(forms.clean(_body_text(charset), multiline=True))
    else:
        raise error(415, _(UNSUPPORTED_TYPE))
    if media in FORM_TYPES and not items and not any(name in bottle.request.forms for name in FORM_FIELDS):
        raise error(400, _(NO_FORM_FIELD))
    try:
        forms.check_lines(items)
    except forms.FormError as problem:
        raise error(400, str(problem)) from None
    if not items:
        raise error(400, _(NOTHING_TO_ADD))
    return items


def _bare_text_as_form(media: str) -> bool:
    """True for text sent with the form type but not as a form: curl's -d "Milk" (and
    --data-binary) label their data that way. A body with no "=" has no fields."""
    if media != FORM_TYPES[0]:
        return False
    body = bottle.request.body.read()
    bottle.request.body.seek(0)
    return b"=" not in body


def _content_type() -> tuple[str, str]:
    """The body's media type (lower case, "" if none) and its charset (UTF-8 unless said)."""
    media, *parameters = bottle.request.get_header("Content-Type", "").split(";")
    charset = "utf-8"
    for parameter in parameters:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"'):
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


def _body_text(charset: str) -> str:
    body = bottle.request.body.read()
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise error(400, _(BAD_ENCODING, charset=charset)) from None
    # utf-8-sig: a byte order mark (Windows tools add one) is not part of the first item.
    name = "utf-8-sig" if codec.name == "utf-8" else codec.name
    try:
        return body.decode(name)
    except UnicodeDecodeError:
        raise error(400, _(BAD_ENCODING, charset=charset)) from None


def _json_items(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        raise error(400, _(BAD_JSON, example=JSON_EXAMPLE)) from None
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    elif isinstance(data, dict) and isinstance(data.get("text"), str):
        return forms.lines(forms.clean(data["text"], multiline=True))
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise error(400, _(NOT_TEXT, example=JSON_EXAMPLE))
    return [cleaned for cleaned in (forms.clean(item) for item in data) if cleaned]
