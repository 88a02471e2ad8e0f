"""Request-level protections: response headers, https and the client's address, body
size, safe return URLs and redirects. Each takes the request or response it works on,
but forwarded_scheme, which wraps the whole app for the web server (wsgi.py)."""

from __future__ import annotations

import functools
import ipaddress
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import bottle

from simplelists.i18n import _

MAX_BODY_BYTES = 64 * 1024

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# connect-src 'self' lets nothing new happen (no script may run, so nothing can fetch),
# but tools that check a page from inside it, such as Lighthouse reading /robots.txt,
# would otherwise be refused and report the page as broken.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "manifest-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # List URLs are the keys to the lists: never send them to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: bottle.BaseResponse, request: bottle.BaseRequest) -> None:
    """Set the headers every response carries (pages, redirects, errors alike).

    Pages are no-store: they show lists and CSRF tokens, and the back button must
    fetch the current state rather than a stale copy. Static files set their own
    Cache-Control first and keep it.
    """
    for name, value in SECURITY_HEADERS.items():
        response.set_header(name, value)
    if "Cache-Control" not in response.headers:
        response.set_header("Cache-Control", "no-store")
    if is_https(request):
        response.set_header("Strict-Transport-Security", "max-age=31536000")


def trusted_proxy(request: bottle.BaseRequest, trusted_proxies: Sequence[str]) -> bool:
    """True when the request came from one of the trusted proxies' addresses ("*": any)."""
    return trusted_address(request.environ.get("REMOTE_ADDR", ""), tuple(trusted_proxies))


@functools.lru_cache(maxsize=256)
def trusted_address(remote: str, trusted_proxies: tuple[str, ...]) -> bool:
    """True when remote is one of the trusted proxies' addresses or networks ("*": any).
    Remembered: a server sees the same few peers (its proxy) again and again."""
    if "*" in trusted_proxies:
        return True
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for entry in trusted_proxies:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def forwarded_scheme(app: WSGIApp, trusted_proxies: Sequence[str]) -> WSGIApp:
    """app, with wsgi.url_scheme taken from X-Forwarded-Proto ("https" or "http") when the
    request came from a trusted proxy, and only then: the web server gives the scheme of
    its own connection, which behind Fly's proxy is always http.

    Nothing else changes: REMOTE_ADDR stays the peer, which client_address and
    trusted_proxy need to decide whom to believe. (granian's own proxy wrapper would
    replace it with a hop from X-Forwarded-For, and believes the scheme only when that
    header is there too.)
    """
    trusted = tuple(trusted_proxies)

    def believe_the_proxy(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
        if scheme in ("https", "http") and trusted_address(environ.get("REMOTE_ADDR", ""), trusted):
            environ["wsgi.url_scheme"] = scheme
        return app(environ, start_response)

    return believe_the_proxy


def is_https(request: bottle.BaseRequest) -> bool:
    """True when the browser reached us (or the trusted proxy in front of us) over https.

    forwarded_scheme sets wsgi.url_scheme from X-Forwarded-Proto when the request came
    from one of FORWARDED_ALLOW_IPS (wsgi.py wraps the app with it), and only then; the
    header itself is never read here, nor bottle's request.urlparts, which believes it
    from anyone.
    """
    return request.environ.get("wsgi.url_scheme") == "https"


def client_address(request: bottle.BaseRequest, trusted_proxies: Sequence[str]) -> str:
    """The client's IP address: Fly-Client-IP or the last X-Forwarded-For hop when the
    request came through a trusted proxy, else the peer address."""
    if trusted_proxy(request, trusted_proxies):
        fly_client = request.environ.get("HTTP_FLY_CLIENT_IP", "").strip()
        if fly_client:
            return fly_client
        forwarded_for = request.environ.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.environ.get("REMOTE_ADDR", "") or "unknown"


def check_body_size(request: bottle.BaseRequest) -> None:
    """Refuse a large body with 413 before reading it, and a body of unknown length with 411."""
    # With Transfer-Encoding, Content-Length means nothing (RFC 9112), so check it first.
    if "chunked" in request.environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        raise bottle.HTTPError(411, _("Please send a Content-Length."))
    length_text = request.environ.get("CONTENT_LENGTH", "") or ""
    if length_text.strip():
        try:
            length = int(length_text)
        except ValueError:
            raise bottle.HTTPError(400, _("The request's Content-Length is not a number.")) from None
        if length > MAX_BODY_BYTES:
            raise bottle.HTTPError(413, _("That was too much text to send at once."))


def safe_return_url(url: str | None) -> str:
    """The URL if it is a path on this site, else "/" (no open redirect).

    Refuses anything with a scheme or host, protocol-relative URLs (//x), backslash
    tricks (/\\x, which browsers treat like //x), encoded slashes or backslashes after
    the first slash, and control characters.
    """
    if not url or not url.startswith("/"):
        return "/"
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in url):
        return "/"
    decoded = urllib.parse.unquote(url)
    if decoded.startswith(("//", "/\\")) or "\\" in decoded:
        return "/"
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc:
        return "/"
    return url


def redirect(path: str) -> NoReturn:
    """Answer with 303 See Other to a path on this site.

    Use this, not bottle.redirect: that one builds an absolute URL from the Host and
    X-Forwarded-Host headers, which a client can set (an open redirect); a relative
    Location is valid HTTP and always stays on this site.
    """
    # Copy the response so far, as bottle.redirect does, to keep cookies already set.
    answer = bottle.response.copy(cls=bottle.HTTPResponse)
    answer.status = 303
    answer.body = ""
    answer.set_header("Location", path)
    raise answer
