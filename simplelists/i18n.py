"""The interface in the family's language: every text a person reads goes through _().

    _("Add")                                      a text, in the request's language
    _("Deleted “{name}”.", name=item.description)   with {placeholders} filled in after translating
    ngettext("{count} item", "{count} items", n)  the form for n ({count} is n)
    N_("Not found")                               marked for translation, translated later with _()

Templates get _, ngettext, pgettext and npgettext too ({{ _("Add") }}), each page its own
request's language. Values are put in after translating, and
templates escape the whole result, so translations never see or carry user data.
Outside a request (the command line, pure functions under test) texts are English.

The translations are gettext catalogs in locale/<language>/LC_MESSAGES/messages.po (and
the compiled .mo beside each), managed with Babel: `make translations` extracts the texts
from the code and the templates (Jinja2's own extractor reads those),
updates every catalog and compiles them. Babel also gives each language its plural rules,
its date formats and its name for itself.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import json
import pathlib
import re
from collections.abc import Sequence
from typing import Any

import babel.dates
import babel.lists
import bottle
from babel.support import Translations

from simplelists.headers import weighted_choices
# Which languages there are is locales.py's (the settings check it without this module);
# they are named here too, as everything else about languages is.
from simplelists.locales import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE, available_codes, parse_language

LANGUAGE_COOKIE = "language"
_ENVIRON_KEY = "simplelists.language"
# English texts are the source; its dates follow British usage ("2 Jan"), like its wording.
_ENGLISH_FORMATS = "en_GB"


# Around a value put into a right-to-left sentence (a name typed in Latin letters, in an
# Arabic sentence): FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, the plain-text form of
# <bdi>, so the name keeps its own direction and the punctuation around it stays in place.
ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"


@dataclasses.dataclass(frozen=True)
class Language:
    """One language the interface speaks."""

    code: str  # as the catalog folder is named: "de", "pt_BR"
    tag: str  # for <html lang> and Content-Language: "de", "pt-BR"
    name: str  # its name for itself, for the language picker: "Deutsch", "Português (Brasil)"
    direction: str  # "ltr" or "rtl"
    translations: gettext.NullTranslations

    @property
    def formats_locale(self) -> str:
        """The Babel locale whose date formats this language uses."""
        return _ENGLISH_FORMATS if self.code == SOURCE_LANGUAGE else self.code

    def isolate(self, values: dict[str, object]) -> dict[str, object]:
        """The values to put into a sentence: in a right-to-left language each text isolated
        (see ISOLATE_START); numbers, markup (a <time>), and anything in a left-to-right
        language, as they are."""
        if self.direction != "rtl":
            return values
        return {name: f"{ISOLATE_START}{value}{ISOLATE_END}"
                if isinstance(value, str) and not hasattr(value, "__html__") else value
                for name, value in values.items()}

    def gettext(self, message: str, /, **values: object) -> str:
        """The message in this language, with its {placeholders} filled in."""
        text = self.translations.gettext(message)
        return text.format(**self.isolate(values)) if values else text

    def ngettext(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form for count in this language, with {count} and the values filled in."""
        return self.translations.ngettext(singular, plural, count).format(count=count, **self.isolate(values))

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """The message as meant in context (a message with two meanings, which a language
        may word differently), with its {placeholders} filled in."""
        text = self.translations.pgettext(context, message)
        return text.format(**self.isolate(values)) if values else text

    def npgettext(self, context: str, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form for count of a message as meant in context, with {count} and the values filled in."""
        return self.translations.npgettext(context, singular, plural, count).format(count=count,
                                                                                    **self.isolate(values))

    def join_names(self, names: Sequence[str]) -> str:
        """Names as a sentence in this language lists them ("milk, eggs and bread"), by
        CLDR's list patterns (Babel's format_list), and what those leave out: Spanish "y"
        becomes "e" before an i- sound ("leche e higos", but "agua y hielo"), and Arabic's
        "و", which CLDR joins to the next word, stands apart from a name not in Arabic
        script ("حليب و Eggs"). In a right-to-left language each name is isolated."""
        if not names:
            return ""
        if self.direction == "rtl":
            names = [f"{ISOLATE_START}{name}{ISOLATE_END}" for name in names]
        joined = babel.lists.format_list(list(names), locale=self.formats_locale)
        if self.code == "es" and _starts_with_i_sound(names[-1]) and joined.endswith(" y " + names[-1]):
            joined = joined[:-len(names[-1]) - 3] + " e " + names[-1]
        if self.code == "ar":
            joined = _ARABIC_AND_BEFORE_OTHER_SCRIPT.sub("و \\1", joined)
        return joined


# "و" glued to an isolated name that does not start with an Arabic letter.
_ARABIC_AND_BEFORE_OTHER_SCRIPT = re.compile("و(\u2068(?![\u0600-\u06FF]))")


def _starts_with_i_sound(word: str) -> bool:
    """Whether a Spanish word starts with the sound /i/ (i-, hi- not before a vowel: "higo",
    "Isabel", but not "hielo" or "hiato"), before which "y" is written "e"."""
    lowered = word.strip().lower()
    if lowered[:1] in ("i", "í"):
        return True
    return lowered[:2] in ("hi", "hí") and lowered[2:3] not in tuple("aeiouáéíóú")


@functools.cache
def languages(locale_dir: pathlib.Path = LOCALE_DIR) -> dict[str, Language]:
    """Every language, loaded once per process: code -> Language.

    Names and directions come from languages.json (written from Babel's data by
    tools/language_names.py), so showing the picker loads no language's locale data;
    only the languages people really use load theirs, for their dates.
    """
    described = json.loads((locale_dir / "languages.json").read_text(encoding="utf-8"))
    result = {}
    for code in available_codes(locale_dir):
        translations = (gettext.NullTranslations() if code == SOURCE_LANGUAGE
                        else Translations.load(str(locale_dir), [code], DOMAIN))
        result[code] = Language(code=code, tag=code.replace("_", "-"), name=described[code]["name"],
                                direction=described[code]["direction"], translations=translations)
    return result


@functools.cache
def picker_choices(locale_dir: pathlib.Path = LOCALE_DIR) -> tuple[tuple[str, str, str], ...]:
    """The language picker's choices, (code, tag, name) of every language, English first."""
    return tuple((language.code, language.tag, language.name) for language in languages(locale_dir).values())


# Cached: browsers send the same header with every request.
@functools.lru_cache(maxsize=256)
def negotiate(accept_language: str, default: str = SOURCE_LANGUAGE) -> str:
    """The available language a browser's Accept-Language header asks for most, or default.

    Quality values order the header's languages (q=0 means "not this one"). A regional
    tag the app lacks falls back to its language's own catalog ("de-AT" -> "de"), or to
    another region of the same language ("pt-PT" -> "pt_BR"). Malformed parts are skipped.
    """
    wanted = [(-quality, position, tag) for position, (tag, quality)
              in enumerate(weighted_choices(accept_language)) if quality > 0]
    codes = list(languages())
    by_language: dict[str, str] = {}
    for code in codes:
        by_language.setdefault(code.split("_")[0].lower(), code)
    for _, _, tag in sorted(wanted):
        exact = parse_language(tag)
        if exact is not None:
            return exact
        language = tag.replace("-", "_").split("_")[0].lower()
        if language in by_language:
            return by_language[language]
    return default


def choose(cookie: str | None, accept_language: str, default: str) -> Language:
    """The language for a request: the person's own choice (the language cookie), else
    the browser's, else the instance's default. A cookie naming no language is ignored."""
    chosen = parse_language(cookie) if cookie else None
    return languages()[chosen or negotiate(accept_language, default)]


# -- the current request's language ---------------------------------------------------------

def use(language: Language) -> None:
    """Answer the current request in this language."""
    bottle.request.environ[_ENVIRON_KEY] = language


def current() -> Language:
    """The current request's language; English outside a request."""
    try:
        language = bottle.request.environ.get(_ENVIRON_KEY)
    except RuntimeError:  # no request being answered
        language = None
    return language or languages()[SOURCE_LANGUAGE]


def _(message: str, /, **values: object) -> str:
    """The message in the request's language, with its {placeholders} filled in."""
    return current().gettext(message, **values)


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural message for count in the request's language (the language's
    own plural rules: Polish has three forms), with {count} and the other values filled in."""
    return current().ngettext(singular, plural, count, **values)


def pgettext(context: str, message: str, /, **values: object) -> str:
    """The message as meant in context, in the request's language, with its {placeholders} filled in."""
    return current().pgettext(context, message, **values)


def npgettext(context: str, singular: str, plural: str, count: int, /, **values: object) -> str:
    """The form for count of a message as meant in context, in the request's language."""
    return current().npgettext(context, singular, plural, count, **values)


def done_count_text(language: Language, done: int, total: int) -> str:
    """How much of a list is done, "3 of 10 done" (the plural follows the done items,
    as the sentence is about them), or that it has no items yet."""
    if not total:
        return language.gettext("No items yet")
    # Translators: {count} items of the {total} on the list are ticked off, e.g. "3 of 10 done".
    return language.ngettext("{count} of {total} done", "{count} of {total} done", done, total=total)


def N_(message: str, /) -> str:  # noqa: N802 - the conventional name for "mark, do not translate yet"
    """The message unchanged: marks a text defined before any request (a constant) for
    translation; translate it with _() where it is shown."""
    return message


def join_names(names: Sequence[str]) -> str:
    """Names as a sentence in the request's language lists them (see Language.join_names)."""
    return current().join_names(names)


# -- dates ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LocalDate:
    """A moment as the pages show it, in the configured zone and the language's list_files."""

    iso: str  # for <time datetime=...>, e.g. 2024-05-01T18:30:00+01:00
    full: str  # the tooltip: date and time, e.g. 1 May 2024, 18:30:00
    short: str  # what is shown: 1 May, 1. Mai, 1 mai


# Cached: a pure function of its arguments, and the same lists' dates are shown on every
# home page; formatting with a zone and a locale is slow enough to be most of that page.
@functools.lru_cache(maxsize=4096)
def local_date(moment: Any, zone: Any, formats_locale: str) -> LocalDate:
    """The texts for an aware moment shown in zone, in a Babel locale's list_files."""
    local = moment.astimezone(zone)
    return LocalDate(iso=local.isoformat(timespec="seconds"),
                     full=babel.dates.format_datetime(local, "medium", tzinfo=zone, locale=formats_locale),
                     short=babel.dates.format_skeleton("MMMd", local, tzinfo=zone, locale=formats_locale))
