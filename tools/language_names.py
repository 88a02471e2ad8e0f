#!/usr/bin/env python3
"""Write simplelists/locale/languages.json: each language's name for itself and its writing
direction, from Babel's locale data (`make translations` runs this).

Kept in a small file so the app shows the language picker without loading every
language's full locale data into each worker (over a megabyte each).
"""

from __future__ import annotations

import json
import pathlib
import sys

import babel

LOCALE_DIR = pathlib.Path(__file__).resolve().parent.parent / "simplelists" / "locale"


def describe(codes: list[str]) -> dict[str, dict[str, str]]:
    """code -> {"name": its name for itself, capitalised, "direction": "ltr" or "rtl"}."""
    table = {}
    for code in codes:
        locale = babel.Locale.parse(code)
        name = locale.get_display_name(locale) or code
        table[code] = {"name": name[:1].upper() + name[1:], "direction": locale.text_direction}
    return table


def render(codes: list[str]) -> str:
    return json.dumps(describe(codes), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def catalog_codes() -> list[str]:
    return sorted(["en", *(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))])


if __name__ == "__main__":
    (LOCALE_DIR / "languages.json").write_text(render(catalog_codes()), encoding="utf-8")
    sys.exit(0)
