"""Who may use the CalDAV surface: a phone's app with a device password (devices.py), sent
with HTTP Basic, and nothing else: DAV requests never read cookies, so CSRF cannot
ride on them, and they carry no forms.

Runs before every route of the DEVICE kind (app.CheckAccess). A request with no
Authorization header at all gets 401 with the Basic challenge and is not counted: clients
(iOS, DAVx⁵, the caldav library) send their first request without credentials and only
answer the challenge. A wrong or revoked password gets the same 401 and counts against
the client; past DEVICE_THROTTLE's limit it gets 429 with Retry-After, even with a good
password, until old failures leave the window (the sign-in throttle's mechanism,
counted apart). A password for every list works only while every list is reachable
(sign-in on, or the home page listing them); otherwise it is refused like a wrong one.
"""

from __future__ import annotations

import base64
import binascii

import bottle

from simplelists import auth, dav_props, devices, security
from simplelists.i18n import N_, _, ngettext
from simplelists.services import Services

DEVICE_THROTTLE = auth.Throttle(max_failures=10, window_seconds=15 * 60)
REALM = "Simple Lists"
CHALLENGE = {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'}
TEXT_TYPE = dav_props.TEXT_TYPE
NOT_AUTHORISED = N_("This needs a device password, sent with HTTP Basic authentication. "
                    "Make one on a list's page, under “Connect a phone or assistant”.")
# The methods only the CalDAV surface takes, on any path (PROPFIND / finds the principal).
DAV_METHODS = frozenset({"PROPFIND", "PROPPATCH", "REPORT", "MKCALENDAR", "MKCOL", "OPTIONS", "COPY", "MOVE",
                         "LOCK", "UNLOCK"})
_DEVICE_KEY = "simplelists.device"


def is_dav_request(request: bottle.BaseRequest) -> bool:
    """True for a request to the CalDAV surface (answered in plain text or XML, and
    never reading cookies)."""
    path = request.path
    return path.startswith(("/dav/", "/.well-known/")) or path == "/dav" or request.method in DAV_METHODS


def authorise(app: Services) -> devices.Device:
    """Let the request through as its device, or raise its 401 or 429 answer. The device
    is also kept for the handler (see device())."""
    # Read as the server received it (latin-1): Bottle's get_header fails on non-UTF-8.
    header = bottle.request.environ.get("HTTP_AUTHORIZATION", "")
    if not header.strip():
        raise dav_props.plain(401, _(NOT_AUTHORISED), CHALLENGE)
    # Counted apart from sign-in and API failures.
    client = "dav " + security.client_address(bottle.request, app.config.trusted_proxies)
    wait = DEVICE_THROTTLE.wait(app.sessions, client)
    if wait:
        raise dav_props.plain(429, ngettext("Too many wrong passwords from here. Wait {count} minute and try again.",
                                            "Too many wrong passwords from here. Wait {count} minutes and try again.",
                                            wait.minutes), wait.headers)
    found = app.devices.find(_basic_password(header))
    if found is None or (found.all_lists and not app.config.all_lists_reachable):
        DEVICE_THROTTLE.record_failure(app.sessions, client)
        raise dav_props.plain(401, _(NOT_AUTHORISED), CHALLENGE)
    app.devices.record_use(found)
    bottle.request.environ[_DEVICE_KEY] = found
    return found


def device() -> devices.Device:
    """The device authorise() let this request through as."""
    return bottle.request.environ[_DEVICE_KEY]


def _basic_password(header: str) -> str | None:
    """The password of an "Authorization: Basic <base64 of user:password>" header (the
    user name is not checked: the password alone names the device), or None."""
    scheme, _sep, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return decoded.partition(":")[2] or None
