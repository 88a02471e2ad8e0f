"""Request-level protections: response headers, https and the client's address, body
size, safe return URLs and redirects. Each takes the request or response it works on."""

from __future__ import annotations

import ipaddress
import unicodedata
import urllib.parse
from collections.abc import Sequence
from typing import NoReturn

import bottle

from simplelists.i18n import _

MAX_BODY_BYTES = 64 * 1024

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
    if "*" in trusted_proxies:
        return True
    remote = request.environ.get("REMOTE_ADDR", "")
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


def is_https(request: bottle.BaseRequest) -> bool:
    """True when the browser reached us (or the trusted proxy in front of us) over https.

    gunicorn sets wsgi.url_scheme from X-Forwarded-Proto when the request came from one
    of FORWARDED_ALLOW_IPS (forwarded_allow_ips in gunicorn_conf.py), and only then; the
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
