"""Who may do what in a browser: the family password, sign-in sessions and their cookie,
the throttle on wrong passwords, and the CSRF token every form carries.

Everything here takes what it works on as arguments (the config, the session store, the
request and response), so it never reaches back up to the app's services.
"""

from __future__ import annotations

import functools
import hmac
import time
from typing import NamedTuple

import bcrypt
import bottle

from simplelists import security
from simplelists.config import Config
from simplelists.i18n import N_, _
from simplelists.secret import delete_cookie, new_secret, read_secret_cookie, secret_digest, set_cookie
from simplelists.sessions import SESSION_LIFETIME, SessionStore

SESSION_COOKIE = "sign-in"
CSRF_COOKIE = "csrf-token"
CSRF_FIELD = "csrf-token"
BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 10
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

class Wait(NamedTuple):
    """A throttled client's wait: in seconds (for Retry-After) and whole minutes (to say)."""

    seconds: int
    minutes: int

    @property
    def headers(self) -> dict[str, str]:
        """The answer's Retry-After header."""
        return {"Retry-After": str(self.seconds)}


class Throttle:
    """At most max_failures failures per client in window_seconds; past that the client
    waits until enough of them have left the window. Kept in the database (the session
    store's table), so all worker processes share the count."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 15 * 60) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    def retry_after(self, sessions: SessionStore, client: str) -> int:
        """Seconds until the client may try again, or 0 if it may now."""
        now = time.time()
        failures = sessions.recent_failures(client, self.window_seconds, now)
        if len(failures) < self.max_failures:
            return 0
        unlock_at = failures[len(failures) - self.max_failures] + self.window_seconds
        return max(1, int(unlock_at - now + 0.999))

    def wait(self, sessions: SessionStore, client: str) -> Wait | None:
        """How long the client must wait before trying again, or None if it may now."""
        seconds = self.retry_after(sessions, client)
        return Wait(seconds, (seconds + 59) // 60) if seconds else None

    def record_failure(self, sessions: SessionStore, client: str) -> None:
        """Count one failure against the client."""
        sessions.record_failure(client, self.window_seconds, time.time())

    def clear(self, sessions: SessionStore, client: str) -> None:
        """Forget the client's failures (after it got in)."""
        sessions.clear_failures(client)


SIGN_IN_THROTTLE = Throttle()


# -- sessions ----------------------------------------------------------------------------

def is_signed_in(config: Config, sessions: SessionStore, request: bottle.BaseRequest) -> bool:
    """True when sign-in is off, or the request carries a live session cookie."""
    if not config.sign_in_enabled:
        return True
    token = read_secret_cookie(request.environ, SESSION_COOKIE)
    # The database keeps only a hash of the cookie's token (see secret.secret_digest).
    return token is not None and sessions.session_valid(secret_digest(token))


def start_session(sessions: SessionStore, request: bottle.BaseRequest, response: bottle.BaseResponse) -> None:
    """Create a new session (a fresh ID on every sign-in) and set its cookie."""
    token = new_secret()
    sessions.create_session(secret_digest(token))
    set_cookie(response, SESSION_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()),
               secure=security.is_https(request))


def end_session(sessions: SessionStore, request: bottle.BaseRequest, response: bottle.BaseResponse) -> None:
    """Delete the session on the server (a copied cookie stops working) and the cookie."""
    token = read_secret_cookie(request.environ, SESSION_COOKIE)
    if token is not None:
        sessions.delete_session(secret_digest(token))
    delete_cookie(response, SESSION_COOKIE, secure=security.is_https(request))


# -- CSRF --------------------------------------------------------------------------------

def csrf_token(request: bottle.BaseRequest, response: bottle.BaseResponse) -> str:
    """The CSRF token for the forms of this page: the browser's cookie when it is one this
    app made, else a new one, whose cookie is set. The cookie lasts as long as a session
    (through a phone browser's restart) and, like a session, is not prolonged by every
    page: when it runs out, the next page sets a new one."""
    token = read_secret_cookie(request.environ, CSRF_COOKIE)
    if token is None:
        token = new_secret()
        set_cookie(response, CSRF_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()),
                   secure=security.is_https(request))
    return token


def check_csrf(request: bottle.BaseRequest) -> None:
    """403 unless the form's csrf-token field matches the cookie (compared in constant time)."""
    cookie = read_secret_cookie(request.environ, CSRF_COOKIE)
    field = request.forms.get(CSRF_FIELD) or ""
    if cookie is None or not hmac.compare_digest(cookie.encode("ascii"), field.encode("latin-1", "replace")):
        raise bottle.HTTPError(403, _(CSRF_FAILED))
