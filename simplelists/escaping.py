"""Escaping for the markup built in Python rather than in templates (rows.py, and the
footer's sentence in pages.py): markupsafe's escape, as the templates use, but with the
texts as plain strings to put together, and as few Markup objects as can be (making
one costs about a microsecond, more than escaping a short text).

Escaping goes character by character and leaves a NUL alone, so texts joined at a NUL,
escaped in one call and split there again come out as if escaped one by one; and a
sentence escaped with a NUL where its name goes, cut there and joined around the
escaped name, reads the same as the finished sentence escaped (tests check both).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

# Where the texts are joined, and where a name goes in a sentence while it is escaped:
# gettext catalogs cannot hold it (it separates a message's plural forms in a compiled
# catalog), and a text that holds one is escaped on its own.
MARK = "\x00"


def escaped(text: str) -> str:
    """The text escaped by markupsafe, as a plain string."""
    return str(escape(text))


def escaped_all(texts: Sequence[str]) -> list[str]:
    """Each text escaped (see escaped), in one call of escape."""
    if not texts:
        return []
    if any(MARK in text for text in texts):
        return [escaped(text) for text in texts]
    return escaped(MARK.join(texts)).split(MARK)


def sentence_pieces(text: str) -> list[str]:
    """A translated sentence with {name} in it, escaped, in the pieces around the name:
    name.join(pieces) is the sentence filled in with that (escaped) name."""
    return escaped(text.format(name=MARK)).split(MARK)
