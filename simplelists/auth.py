"""Sign-in sessions, password checks, sign-in throttling and CSRF tokens."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import bcrypt
import bottle

from simplelists import security
from simplelists.db import SESSION_LIFETIME, Model

SESSION_COOKIE = "sign-in"
CSRF_COOKIE = "csrf-token"
CSRF_FIELD = "csrf-token"
BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 10
MAX_FAILED_SIGN_INS = 5
FAILED_SIGN_IN_WINDOW_SECONDS = 15 * 60


@functools.cache
def _dummy_hash(cost_prefix: str) -> str:
    """A hash of the same cost as the real one, checked against when the username is
    wrong, so a wrong username costs the same bcrypt time as a wrong password."""
    rounds = int(cost_prefix.split("$")[2]) if cost_prefix.count("$") >= 3 else BCRYPT_ROUNDS
    return bcrypt.hashpw(b"not the password", bcrypt.gensalt(rounds)).decode("ascii")


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    """A bcrypt hash of the password ($2b$, cost 12 by default)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password_hash: str, password: str) -> bool:
    """True if the password matches the bcrypt hash ($2a$ hashes from the Go app too)."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


def check_credentials(config: Any, username: str, password: str) -> bool:
    """True if both are right; always runs bcrypt once, whatever is wrong."""
    username_ok = hmac.compare_digest(username.encode("utf-8"), config.username.encode("utf-8"))
    password_hash = config.password_hash if username_ok else _dummy_hash(config.password_hash[:7])
    password_ok = check_password(password_hash, password)
    return username_ok and password_ok


def _model() -> Model:
    return bottle.request.app.config["simplelists.model"]


def _config() -> Any:
    return bottle.request.app.config["simplelists.config"]


def _session_id(token: str) -> str:
    # The database keeps only a hash of the cookie's token, so a copy of the database
    # (a backup, say) does not hand out working sessions.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_signed_in() -> bool:
    """True when sign-in is off, or the request carries a live session cookie."""
    if not _config().sign_in_enabled:
        return True
    token = read_cookie(SESSION_COOKIE)
    if not token or len(token) > 100:
        return False
    return _model().session_valid(_session_id(token))


def start_session() -> None:
    """Create a new session (a fresh ID on every sign-in) and set its cookie."""
    token = secrets.token_urlsafe(32)  # 256 bits
    _model().create_session(_session_id(token))
    set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()))


def end_session() -> None:
    """Delete the session on the server (a copied cookie stops working) and the cookie."""
    token = read_cookie(SESSION_COOKIE)
    if token and len(token) <= 100:
        _model().delete_session(_session_id(token))
    set_cookie(SESSION_COOKIE, "", max_age=0)


def read_cookie(name: str) -> str | None:
    """The value of one of this app's cookies, or None when the request has none.

    Parsed by hand, once per request: the app's cookies hold URL-safe tokens only, and
    http.cookies (under Bottle's get_cookie) costs more than the rest of a cached page.
    """
    environ = bottle.request.environ
    cookies = environ.get("simplelists.cookies")
    if cookies is None:
        cookies = {}
        for part in environ.get("HTTP_COOKIE", "").split(";"):
            key, separator, value = part.strip().partition("=")
            if separator and key not in cookies:  # the first is the most specific path
                cookies[key] = value.strip().strip('"')
        environ["simplelists.cookies"] = cookies
    return cookies.get(name)


def set_cookie(name: str, value: str, max_age: int) -> None:
    """Set a cookie the safe way: HttpOnly, SameSite=Lax, Secure over https.

    Lax (not Strict) so a list link opened from a chat app arrives signed in; state
    changes are POST-only and need the CSRF token, which Lax does not weaken.
    """
    # Written by hand for speed (see read_cookie); values are URL-safe tokens or "".
    parts = [f"{name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if max_age == 0:
        parts.append("Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    if security.is_https(bottle.request):
        parts.append("Secure")
    # Replace any earlier Set-Cookie for the same name in this response, as Bottle would.
    others = [header for header in bottle.response.headers.getall("Set-Cookie") if not header.startswith(f"{name}=")]
    bottle.response.set_header("Set-Cookie", "; ".join(parts))
    for header in others:
        bottle.response.add_header("Set-Cookie", header)


def csrf_token() -> str:
    """The CSRF token for forms on this page: the browser's cookie, or a new one (set here)."""
    token = read_cookie(CSRF_COOKIE)
    if not token or len(token) != 43:
        token = secrets.token_urlsafe(32)
    # Refreshed on every page so the token outlives a phone browser's restart.
    set_cookie(CSRF_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()))
    return token


def client_key() -> str:
    """Who a sign-in attempt counts against: the client's address."""
    return security.client_address(bottle.request)


def sign_in_retry_after() -> int:
    """Seconds until this client may try to sign in again, or 0 if it may now."""
    now = time.time()
    failures = _model().recent_sign_in_failures(client_key(), FAILED_SIGN_IN_WINDOW_SECONDS, now)
    if len(failures) < MAX_FAILED_SIGN_INS:
        return 0
    # Allowed again when enough of the failures have left the window.
    unlock_at = failures[len(failures) - MAX_FAILED_SIGN_INS] + FAILED_SIGN_IN_WINDOW_SECONDS
    return max(1, int(unlock_at - now + 0.999))


def record_sign_in_failure() -> None:
    """Count one failed sign-in against this client."""
    _model().record_sign_in_failure(client_key(), FAILED_SIGN_IN_WINDOW_SECONDS, time.time())


def clear_sign_in_failures() -> None:
    """Reset this client's count after a successful sign-in."""
    _model().clear_sign_in_failures(client_key())


def _return_path_for_post() -> str:
    # A signed-out POST came from a page that was open when the session ended: send
    # the user back to that list after signing in, rather than to a form-only URL.
    list_id = bottle.request.forms.get("list-id", "")
    if list_id.isalpha() and list_id.isascii() and len(list_id) <= 20:
        return f"/lists/{list_id}"
    return "/"


def sign_in_required(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Route decorator: signed-out requests go to the sign-in form, which returns here."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not is_signed_in():
            if bottle.request.method == "POST":
                path = _return_path_for_post()
            else:
                path = bottle.request.fullpath
                if bottle.request.query_string:
                    path += "?" + bottle.request.query_string
            security.redirect("/?return-url=" + urllib.parse.quote(path, safe="/"))
        return callback(*args, **kwargs)

    return wrapper


def csrf_protected(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Route decorator: refuse a POST whose csrf-token field does not match its cookie."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cookie = read_cookie(CSRF_COOKIE) or ""
        field = bottle.request.forms.get(CSRF_FIELD) or ""
        if not cookie or not hmac.compare_digest(cookie.encode("latin-1", "replace"),
                                                 field.encode("latin-1", "replace")):
            raise bottle.HTTPError(
                403, "This form has expired or did not come from this site. "
                     "Go back, reload the page and try again: nothing was changed.")
        return callback(*args, **kwargs)

    return wrapper
