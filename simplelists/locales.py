"""Which languages the interface speaks: English, the source, and every language with a
compiled catalog in locale/; and which of them a setting or a cookie names.

Apart from i18n, which loads the catalogs and answers in them, so that checking the
settings (SIMPLELISTS_LANGUAGE) needs neither Babel nor Bottle: `simplelists serve`
checks them before it becomes the server, on the way to the first page.
"""

from __future__ import annotations

import pathlib

LOCALE_DIR = pathlib.Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def available_codes(locale_dir: pathlib.Path = LOCALE_DIR) -> list[str]:
    """English, then every language with a compiled catalog, by code."""
    found = sorted(path.parent.parent.name for path in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return [SOURCE_LANGUAGE, *found]


def parse_language(value: str) -> str | None:
    """The code of the available language a setting or a cookie names ("de", "pt-BR",
    "pt_br"), or None when it names none of them."""
    wanted = value.strip().replace("-", "_").lower()
    return next((code for code in available_codes() if code.lower() == wanted), None)
