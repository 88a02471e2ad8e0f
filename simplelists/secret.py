"""Random secrets and the cookies that carry some of them.

Sessions, CSRF tokens, API tokens and share links are all made by new_secret; the
database keeps only secret_digest of those that must be looked up again, so a copy of
the database (a backup, say) hands out nothing that works. Nothing here knows about the
app's services: it is the bottom layer that auth, the token store and the routes share.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from typing import Any

import bottle

# What secrets.token_urlsafe(32) gives: 43 URL-safe characters (256 bits). A value of any
# other shape was not made here, so it is never trusted, nor put in a page.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_secret() -> str:
    """A fresh random secret: 256 bits from secrets, as 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


def is_secret(value: str | None) -> bool:
    """True if the value has the shape of a secret this app makes (see new_secret)."""
    return value is not None and _SECRET.match(value) is not None


def secret_digest(secret: str) -> str:
    """The SHA-256 of a secret, as stored in the database in its place."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def read_cookie(environ: Mapping[str, Any], name: str) -> str | None:
    """The value of a cookie of the request with this WSGI environ, or None when it has none.

    Read here rather than with bottle's request.get_cookie, which parses the header with
    http.cookies: that parser gives up on the rest of the header at the first cookie it
    finds malformed (a value with a space, a backslash or JSON in it, all of which
    browsers send), so one cookie of another app on the same domain would sign everyone
    out and fail every form. This reader splits on ";" and takes each name=value as
    sent (surrounding quotes removed); the first of a repeated name wins, as it is the
    one with the most specific path.
    """
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        key, separator, value = part.strip().partition("=")
        if separator and key == name:
            return value.strip().strip('"')
    return None


def read_secret_cookie(environ: Mapping[str, Any], name: str) -> str | None:
    """The cookie's value if it is a secret this app made (see is_secret), else None."""
    value = read_cookie(environ, name)
    return value if is_secret(value) else None


def set_cookie(response: bottle.BaseResponse, name: str, value: str, max_age: int, secure: bool) -> None:
    """Set one of this app's cookies the safe way: HttpOnly, SameSite=Lax, Secure when
    the page came over https.

    Lax (not Strict) so a list link opened from a chat app arrives signed in; state
    changes are POST-only and need the CSRF token, which Lax does not weaken.
    """
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax", secure=secure)


def delete_cookie(response: bottle.BaseResponse, name: str, secure: bool) -> None:
    """Tell the browser to forget one of this app's cookies."""
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=secure)
