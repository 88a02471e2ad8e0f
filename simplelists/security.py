"""Request-level protections: response headers, body size, proxy trust, safe redirects."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
import urllib.parse

import bottle

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_LENGTH = 500  # characters, for list names and item texts

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])

_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # List URLs are the keys to the lists: never send them to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Names in Bottle's normalised form (title case), values as set_header would store them.
_CHECKED_HEADERS = tuple((bottle._hkey(name), bottle._hval(value)) for name, value in _SECURITY_HEADERS.items())


def add_security_headers(response: bottle.BaseResponse, request: bottle.BaseRequest) -> None:
    """Set the headers every response carries (pages, redirects, errors alike).

    Pages are no-store: they show lists and CSRF tokens, and the back button must
    fetch the current state rather than a stale copy. Static files set their own
    Cache-Control first and keep it.
    """
    # Written straight into Bottle's header table (what set_header does after checking
    # and normalising each name and value): these constants are checked once, here, and
    # set_header's checks were a sixth of a cached page's time (BENCHMARKS.md).
    headers = response._headers
    for name, value in _CHECKED_HEADERS:
        headers[name] = [value]
    if "Cache-Control" not in headers:
        headers["Cache-Control"] = ["no-store"]
    if request.environ.get("wsgi.url_scheme") == "https" or "HTTP_X_FORWARDED_PROTO" in request.environ \
            and is_https(request):
        headers["Strict-Transport-Security"] = ["max-age=31536000"]


def trusted_proxy(request: bottle.BaseRequest) -> bool:
    """True when the request came from an address the config trusts as a proxy."""
    config = request.app.config["simplelists.config"]
    trusted = config.trusted_proxies
    if "*" in trusted:
        return True
    remote = request.environ.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def is_https(request: bottle.BaseRequest) -> bool:
    """True when the browser reached us (or the trusted proxy in front of us) over https.

    X-Forwarded-Proto is believed only from a trusted proxy: anyone else could send it.
    """
    if request.environ.get("wsgi.url_scheme") == "https":
        return True
    forwarded = request.environ.get("HTTP_X_FORWARDED_PROTO", "")
    return forwarded.split(",")[0].strip().lower() == "https" and trusted_proxy(request)


def client_address(request: bottle.BaseRequest) -> str:
    """The client's IP address: Fly-Client-IP or the last X-Forwarded-For hop when the
    request came through the trusted proxy, else the peer address."""
    if trusted_proxy(request):
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
        raise bottle.HTTPError(411, "Please send a Content-Length.")
    length_text = request.environ.get("CONTENT_LENGTH", "") or ""
    if length_text.strip():
        try:
            length = int(length_text)
        except ValueError:
            raise bottle.HTTPError(400, "The request's Content-Length is not a number.") from None
        if length > MAX_BODY_BYTES:
            raise bottle.HTTPError(413, "That was too much text to send at once.")


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


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class FormError(ValueError):
    """A form field's value cannot be used; the message says why, for the user."""


def form_text(request: bottle.BaseRequest, name: str, multiline: bool = False) -> str:
    """A form field as text: decoded as UTF-8, cleaned of control characters, trimmed.

    Missing fields read as "". Bottle decodes forms as latin-1, so the raw value is
    re-decoded here; invalid UTF-8 raises bottle's 400. Tabs become spaces; newlines are
    kept only when multiline (else they become spaces too).
    """
    try:
        raw = request.forms.get(name)
        if raw is None:
            return ""
        # Bottle decodes multipart fields as UTF-8 already; only urlencoded ones need it.
        text = raw if is_multipart(request) else raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise bottle.HTTPError(400, "The form sent text that is not valid UTF-8.") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROL_CHARACTERS.sub("", text).strip()


def is_multipart(request: bottle.BaseRequest) -> bool:
    """True for a multipart/form-data request (a form that can upload files)."""
    return request.environ.get("CONTENT_TYPE", "").lower().startswith("multipart/form-data")


def check_length(text: str, what: str, empty_message: str | None = None) -> str:
    """The text, or FormError if it is longer than MAX_TEXT_LENGTH characters, or (when
    an empty_message is given) if it is empty."""
    if empty_message is not None and not text:
        raise FormError(empty_message)
    if len(text) > MAX_TEXT_LENGTH:
        raise FormError(f"{what} is too long: {len(text)} characters, and the most is {MAX_TEXT_LENGTH}.")
    return text


def redirect(path: str) -> None:
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
