"""The interface in the family's language: every text a person reads goes through _().

    _("Add")                                      a text, in the request's language
    _("Deleted “{name}”.", name=item.description)   with {placeholders} filled in after translating
    ngettext("{count} item", "{count} items", n)  the form for n ({count} is n)
    N_("Not found")                               marked for translation, translated later with _()

Templates get _ and ngettext too ({{_("Add")}}). Values are put in after translating, and
templates escape the whole result, so translations never see or carry user data.
Outside a request (the command line, pure functions under test) texts are English.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence

import bottle

_ENVIRON_KEY = "simplelists.translations"
_ENGLISH = gettext.NullTranslations()


def _translations() -> gettext.NullTranslations:
    try:
        return bottle.request.environ.get(_ENVIRON_KEY, _ENGLISH)
    except RuntimeError:  # no request being answered
        return _ENGLISH


def use(translations: gettext.NullTranslations) -> None:
    """Answer the current request in the language of these translations."""
    bottle.request.environ[_ENVIRON_KEY] = translations


def _(message: str, /, **values: object) -> str:
    """The message in the request's language, with its {placeholders} filled in."""
    text = _translations().gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural message for count in the request's language (the language's
    own plural rules: Polish has three forms), with {count} and the other values filled in."""
    return _translations().ngettext(singular, plural, count).format(count=count, **values)


def N_(message: str, /) -> str:  # noqa: N802 - the conventional name for "mark, do not translate yet"
    """The message unchanged: marks a text defined before any request (a constant) for
    translation; translate it with _() where it is shown."""
    return message


def and_list(items: Sequence[str], /) -> str:
    """The items as a sentence names them in the request's language: "Milk", "Milk and
    eggs", "Milk, eggs and bread". The items themselves are left exactly as they are."""
    if not items:
        return ""
    text = items[-1]
    if len(items) > 1:
        text = _("{first} and {last}", first=items[-2], last=text)
    for item in reversed(items[:-2]):
        text = _("{first}, {rest}", first=item, rest=text)
    return text
