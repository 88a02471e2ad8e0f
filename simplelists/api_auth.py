"""Who may use the API: a request with an API token of the list it names, sent as
"Authorization: Bearer <token>", and nothing else (no cookie, no token in the URL).

Runs before every route of the TOKEN kind (app.CheckAccess). Whatever is wrong with the
token (missing, malformed, unknown, revoked) the answer is the same 401, and it counts as
a failure against the client: past API_THROTTLE's limit the client gets 429 with
Retry-After, even with a good token, until old failures leave the window (the sign-in
throttle's mechanism, counted apart from sign-in). A good token used on another list's
address gets the same 404 as an address with no list at all.
"""

from __future__ import annotations

import bottle

from simplelists import api_io, auth, list_tokens, security
from simplelists.i18n import N_, _, ngettext
from simplelists.services import Services

# More failures allowed than for sign-in: setting up a shortcut by hand takes a few tries,
# and a token of 256 random bits cannot be guessed anyway.
API_THROTTLE = auth.Throttle(max_failures=10, window_seconds=15 * 60)
CHALLENGE = {"WWW-Authenticate": "Bearer"}
NOT_AUTHORISED = N_("This needs a token for the list, sent as the header “Authorization: Bearer” and the token. "
                    "Make one on the list's page, under “Connect a phone or assistant”.")
NO_SUCH_LIST = N_("There is no list at this address for this token. Each token works for its own list only.")
LIST_DELETED = N_("This list was deleted. Restore it from the trash to use it again.")
_GRANT_KEY = "simplelists.grant"


def authorise(app: Services, list_id: str) -> list_tokens.Grant:
    """Let the request through to the list, or raise its 429, 401 or 404 answer. The
    grant is also kept for the handler (see grant())."""
    # Counted apart from sign-in failures.
    client = "api " + security.client_address(bottle.request, app.config.trusted_proxies)
    wait = API_THROTTLE.wait(app.sessions, client)
    if wait:
        raise api_io.error(429, ngettext("Too many wrong tokens from here. Wait {count} minute and try again.",
                                         "Too many wrong tokens from here. Wait {count} minutes and try again.",
                                         wait.minutes), headers=wait.headers)
    found = app.tokens.find(list_tokens.API, _bearer_token())
    if found is None:
        API_THROTTLE.record_failure(app.sessions, client)
        raise api_io.error(401, _(NOT_AUTHORISED), headers=CHALLENGE)
    if found.list_id != list_id:
        raise api_io.error(404, _(NO_SUCH_LIST))
    if found.list_deleted:
        raise api_io.error(404, _(LIST_DELETED))
    app.tokens.record_use(found.token)
    bottle.request.environ[_GRANT_KEY] = found
    return found


def grant() -> list_tokens.Grant:
    """The grant authorise() let this request through with."""
    return bottle.request.environ[_GRANT_KEY]


def _bearer_token() -> str | None:
    """The token of an "Authorization: Bearer <token>" header (the scheme in any case),
    or None."""
    scheme, _sep, value = bottle.request.get_header("Authorization", "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None
