"""Who may do what: the family password, sign-in sessions and their cookie, the throttle
on wrong passwords, and the CSRF token every form carries."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import time

import bcrypt
import bottle

from simplelists import security, services
from simplelists.config import Config
from simplelists.i18n import N_, _
from simplelists.sessions import SESSION_LIFETIME

SESSION_COOKIE = "sign-in"
CSRF_COOKIE = "csrf-token"
CSRF_FIELD = "csrf-token"
BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 10
# What secrets.token_urlsafe(32) gives: 43 URL-safe characters (256 bits). A cookie of any
# other shape was not made here, so it is never trusted, nor put in a page.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
CSRF_FAILED = N_("This form has expired or did not come from this site. "
                 "Go back, reload the page and try again: nothing was changed.")


# -- passwords ---------------------------------------------------------------------------

def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    """A bcrypt hash of the password ($2b$, cost 12 by default)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password_hash: str, password: str) -> bool:
    """True if the password matches the bcrypt hash ($2a$ hashes from the Go app too)."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


@functools.cache
def _stand_in_hash(cost_prefix: str) -> str:
    """A hash of the same cost as the real one, checked against when the username is
    wrong, so a wrong username costs the same bcrypt time as a wrong password."""
    rounds = int(cost_prefix.split("$")[2]) if cost_prefix.count("$") >= 3 else BCRYPT_ROUNDS
    return bcrypt.hashpw(b"not the password", bcrypt.gensalt(rounds)).decode("ascii")


def check_credentials(config: Config, username: str, password: str) -> bool:
    """True if both are right; always runs bcrypt once, whatever is wrong."""
    username_ok = hmac.compare_digest(username.encode("utf-8"), config.username.encode("utf-8"))
    password_hash = config.password_hash if username_ok else _stand_in_hash(config.password_hash[:7])
    password_ok = check_password(password_hash, password)
    return username_ok and password_ok


# -- the throttle on wrong passwords -------------------------------------------------------

class Throttle:
    """At most max_failures failures per client in window_seconds; past that the client
    waits until enough of them have left the window. Kept in the database, so all worker
    processes share the count."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 15 * 60) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    def retry_after(self, client: str) -> int:
        """Seconds until the client may try again, or 0 if it may now."""
        now = time.time()
        failures = services.current().sessions.recent_failures(client, self.window_seconds, now)
        if len(failures) < self.max_failures:
            return 0
        unlock_at = failures[len(failures) - self.max_failures] + self.window_seconds
        return max(1, int(unlock_at - now + 0.999))

    def record_failure(self, client: str) -> None:
        """Count one failure against the client."""
        services.current().sessions.record_failure(client, self.window_seconds, time.time())

    def clear(self, client: str) -> None:
        """Forget the client's failures (after it got in)."""
        services.current().sessions.clear_failures(client)


SIGN_IN_THROTTLE = Throttle()


def client_key() -> str:
    """Who an attempt counts against: the client's address."""
    return security.client_address(bottle.request)


# -- cookies -----------------------------------------------------------------------------

def read_cookie(name: str) -> str | None:
    """The value of a cookie of this request, or None when it has none.

    Read here rather than with bottle's request.get_cookie, which parses the header with
    http.cookies: that parser gives up on the rest of the header at the first cookie it
    finds malformed (a value with a space, a backslash or JSON in it, all of which
    browsers send), so one cookie of another app on the same domain would sign everyone
    out and fail every form. This reader splits on ";" and takes each name=value as
    sent (surrounding quotes removed); the first of a repeated name wins, as it is the
    one with the most specific path.
    """
    for part in bottle.request.environ.get("HTTP_COOKIE", "").split(";"):
        key, separator, value = part.strip().partition("=")
        if separator and key == name:
            return value.strip().strip('"')
    return None


def set_cookie(name: str, value: str, max_age: int) -> None:
    """Set one of this app's cookies the safe way: HttpOnly, SameSite=Lax, Secure over https.

    Lax (not Strict) so a list link opened from a chat app arrives signed in; state
    changes are POST-only and need the CSRF token, which Lax does not weaken.
    """
    bottle.response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                               secure=security.is_https(bottle.request))


def new_secret() -> str:
    """A fresh random secret: 256 bits from secrets, as 43 URL-safe characters. Sessions,
    CSRF tokens, API tokens and share links are all made this way."""
    return secrets.token_urlsafe(32)


def is_secret(value: str | None) -> bool:
    """True if the value has the shape of a secret this app makes (see new_secret)."""
    return value is not None and _TOKEN.match(value) is not None


def secret_digest(secret: str) -> str:
    """The SHA-256 of a secret, as stored in the database in its place, so a copy of the
    database (a backup, say) hands out nothing that works."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _valid_token(value: str | None) -> str | None:
    return value if is_secret(value) else None


# -- sessions ----------------------------------------------------------------------------

def _session_id(token: str) -> str:
    # The database keeps only a hash of the cookie's token, so a copy of the database
    # (a backup, say) does not hand out working sessions.
    return secret_digest(token)


def is_signed_in() -> bool:
    """True when sign-in is off, or the request carries a live session cookie."""
    ctx = services.current()
    if not ctx.config.sign_in_enabled:
        return True
    token = _valid_token(read_cookie(SESSION_COOKIE))
    return token is not None and ctx.sessions.session_valid(_session_id(token))


def start_session() -> None:
    """Create a new session (a fresh ID on every sign-in) and set its cookie."""
    token = new_secret()
    services.current().sessions.create_session(_session_id(token))
    set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()))


def end_session() -> None:
    """Delete the session on the server (a copied cookie stops working) and the cookie."""
    token = _valid_token(read_cookie(SESSION_COOKIE))
    if token is not None:
        services.current().sessions.delete_session(_session_id(token))
    bottle.response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                                  secure=security.is_https(bottle.request))


# -- CSRF --------------------------------------------------------------------------------

def csrf_token() -> str:
    """The CSRF token for the forms of this page: the browser's cookie when it is one this
    app made, else a new one. The cookie is set again on every page, so it outlives a
    phone browser's restart."""
    token = _valid_token(read_cookie(CSRF_COOKIE)) or new_secret()
    set_cookie(CSRF_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()))
    return token


def check_csrf() -> None:
    """403 unless the form's csrf-token field matches the cookie (compared in constant time)."""
    cookie = _valid_token(read_cookie(CSRF_COOKIE))
    field = bottle.request.forms.get(CSRF_FIELD) or ""
    if cookie is None or not hmac.compare_digest(cookie.encode("ascii"), field.encode("latin-1", "replace")):
        raise bottle.HTTPError(403, _(CSRF_FAILED))
