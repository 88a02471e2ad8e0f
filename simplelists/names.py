"""Who uses this browser: the name a person gives it ("Mum"), kept in a long-lived
cookie, so each change it makes can say who made it (the change log's who column).

There are no accounts: the name is what the person typed, nothing more. It is cleaned
(trimmed, its spaces collapsed, control and text-direction characters dropped), at most
MAX_LENGTH characters, escaped wherever it is shown, and never used to decide access.

The cookie holds the name percent-encoded (so any letters, spaces, quotes or semicolons
survive a cookie), or nothing at all when the person chose not to say: then the home page
stops asking. A browser with no cookie has never been asked. A cookie changed by hand is
read tolerantly (bad escapes become U+FFFD) and cleaned and cut like typed text.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

import bottle

from simplelists.i18n import ngettext
from simplelists.secret import read_cookie, set_cookie

COOKIE = "who"
MAX_LENGTH = 40  # characters: a first name or "Kitchen tablet", with room to spare
MAX_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie
# C0 and C1 controls (tabs and line breaks become spaces first: a name is one line), and the
# Unicode characters that change the direction of the text around them (embeddings,
# overrides, isolates and marks), which would turn the sentence a name is put into
# around it. Pages isolate each name themselves.
_DROPPED = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SPACES = re.compile(r"\s+")


class NameTooLong(ValueError):
    """The name typed is longer than MAX_LENGTH characters; the message says so."""


def clean(text: str) -> str:
    """The name as typed, trimmed, with its spaces collapsed to one and control and
    text-direction characters dropped; "" for none."""
    # Tabs and line breaks are spaces; the rest goes, and the spaces it leaves are one.
    return _SPACES.sub(" ", _DROPPED.sub("", _SPACES.sub(" ", text))).strip()


def check(text: str) -> str:
    """The cleaned name (see clean), or NameTooLong saying how long it is and the most."""
    name = clean(text)
    if len(name) > MAX_LENGTH:
        raise NameTooLong(ngettext("The name is too long: {count} character, and the most is {most}.",
                                   "The name is too long: {count} characters, and the most is {most}.",
                                   len(name), most=MAX_LENGTH))
    return name


def from_environ(environ: Mapping[str, Any]) -> str | None:
    """The name of the browser that sent the request with this WSGI environ, or None when
    it has none (never asked, or chose not to say)."""
    value = read_cookie(environ, COOKIE)
    if not value:
        return None
    return clean(urllib.parse.unquote(value, errors="replace"))[:MAX_LENGTH] or None


def was_asked(environ: Mapping[str, Any]) -> bool:
    """True when the browser has a name or chose not to give one, so it is not asked again."""
    return read_cookie(environ, COOKIE) is not None


def current() -> str | None:
    """The name of the browser whose request is being answered (see from_environ)."""
    return from_environ(bottle.request.environ)


def remember(response: bottle.BaseResponse, name: str, secure: bool) -> None:
    """Keep the name (cleaned already, see check) in the browser; "" remembers that it
    has none, so it is not asked again."""
    set_cookie(response, COOKIE, urllib.parse.quote(name, safe=""), max_age=MAX_AGE, secure=secure)
