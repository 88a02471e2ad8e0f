"""When two texts count as the same: the duplicate key and the search key.

duplicate_key decides that "Milk", " milk " and "MILK" are one item (for "already on the
list" and for folding suggestions); search_key is looser and also ignores accents, so a
search for "creme" finds "Crème fraîche". Both are pure Python, so they fold every
script's letters (SQLite's own lower() and LIKE only fold ASCII). db.py registers
search_key on every connection, so queries can match with it.
"""

from __future__ import annotations

import functools
import unicodedata


@functools.lru_cache(maxsize=8192)
def duplicate_key(text: str | None) -> str:
    """The text with case, surrounding and repeated spaces ignored (and Unicode's two
    ways of writing an accented letter made one): "  Crème   Fraîche" and "crème
    fraîche" share a key, "Creme fraiche" does not. None (a NULL) gives ""."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@functools.lru_cache(maxsize=8192)
def search_key(text: str | None) -> str:
    """The duplicate key with accents and other combining marks removed as well, for
    searching: "Crème" and "CREME" both give "creme". None (a NULL) gives ""."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    # casefold once more: NFKD can turn one character into letters that fold further.
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())


def matches(query_key: str, text: str) -> bool:
    """True when the text contains the (already folded) query, ignoring case and accents."""
    return query_key in search_key(text)
