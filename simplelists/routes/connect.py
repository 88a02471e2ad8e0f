"""A list's secrets for others, and the pages where they are made: the "Connect a phone or
assistant" page (the list's address in the API and its API tokens, and the device
passwords with which a phone's Reminders or Tasks app syncs the list over CalDAV) and the
Share page (the list's own link to copy, with a QR code, and its read-only share links),
plus the read-only page a share link opens, /shared/<secret>, which works for anyone who
has it, signed in or not, and has no forms at all and no links into the rest of the app.
The "Phones and tablets" page (/devices) makes device passwords for every list, when
every list is reachable anyway (sign-in on, or the home page listing them).

Tokens and links are one kind of thing (list_tokens.py): named, listed with when they
were made and last used, revoked the same way. A new one's secret is shown once, in the
answer to the form that made it, and never again: it cannot go in a redirect's URL (URLs
end up in logs and history), and only its hash is stored. So, unlike the app's other
forms, making one answers with the page itself rather than a redirect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import bottle

from simplelists import devices, forms, i18n, list_tokens, security, services, urls
from simplelists.i18n import N_, _, ngettext
from simplelists.lists import List
from simplelists.qr import qr_svg
from simplelists.routes.lookup import list_from_form, list_gone, list_or_404, shared_list
from simplelists.routes.views import page

TOKEN_GONE = N_("That token is not on this list any more. It may have been revoked already.")
NAME_NEEDED = N_("Give it a name, such as “Mum’s iPhone” or “Kitchen tablet”, to tell it apart later.")
NAME_TOO_LONG = N_("The name is too long: {length} characters, and the most is {most}.")
SECRET = "<secret:re:[A-Za-z0-9_-]{43}>"  # what secret.new_secret makes; anything else is not found
# What the device passwords' part of a page says to type as the user name (any is taken:
# the password alone names the device); the family's user name when sign-in is on.
DEFAULT_USERNAME = "family"


@dataclasses.dataclass(frozen=True)
class TokenRow:
    """A token as a list of them shows it: its ID and name, when it was made and used,
    and the accessible name of its Revoke button."""

    id: int
    name: str
    described: str  # e.g. "Made 1 May, last used 3 May."
    revoke_label: str  # e.g. "Revoke Mum's iPhone"


@dataclasses.dataclass(frozen=True)
class TokenKind:
    """What differs between API tokens and share links: the page they are on, the
    sentences that describe one (untranslated: "Made {made}, last used {used}.", "Made
    {made}, never used yet.", "Revoke {name}") and the one for a list that has the most
    it can have."""

    kind: str
    page: str
    used: str
    never: str
    revoke: str
    too_many: Callable[[int], str]


API_TOKENS = TokenKind(
    list_tokens.API, "connect", used=N_("Made {made}, last used {used}."), never=N_("Made {made}, never used yet."),
    revoke=N_("Revoke {name}"), too_many=lambda most: ngettext(
        "This list has {count} token already, the most it can have. Revoke one you no longer use first.",
        "This list has {count} tokens already, the most it can have. Revoke one you no longer use first.", most))
SHARE_LINKS = TokenKind(
    list_tokens.SHARE, "share", used=N_("Made {made}, last opened {used}."), never=N_("Made {made}, not opened yet."),
    revoke=N_("Revoke the link for {name}"), too_many=lambda most: ngettext(
        "This list has {count} read-only link already, the most it can have. Revoke one no longer needed first.",
        "This list has {count} read-only links already, the most it can have. Revoke one no longer needed first.",
        most))


DEVICE_PASSWORDS = TokenKind(
    "device", "connect", used=N_("Made {made}, last used {used}."), never=N_("Made {made}, never used yet."),
    revoke=N_("Revoke {name}"), too_many=lambda most: _(
        "There are {count} device passwords here already, the most there can be. Revoke one no longer used first.",
        count=most))


def token_rows(the_list: List, kind: TokenKind) -> list[TokenRow]:
    """The rows for the list's tokens of a kind, newest first."""
    return rows_of(services.current().tokens.tokens(the_list.id, kind.kind), kind)


def rows_of(found: Iterable[Any], kind: TokenKind) -> list[TokenRow]:
    """The rows for tokens, share links or device passwords (each with id, name,
    time_created and time_last_used), in the order given."""
    zone = services.current().config.timezone
    formats = i18n.current().formats_locale
    rows = []
    for token in found:
        made = i18n.local_date(token.time_created, zone, formats).short
        if token.time_last_used is None:
            described = _(kind.never, made=made)
        else:
            described = _(kind.used, made=made, used=i18n.local_date(token.time_last_used, zone, formats).short)
        rows.append(TokenRow(token.id, token.name, described, _(kind.revoke, name=token.name)))
    return rows


def new_token(kind: TokenKind) -> tuple[List, str, str]:
    """Make a token of that kind from the form (list-id, name): (the list, its name, its
    secret). FormError with what to tell the person for an empty or too long name, or for
    a list that has the most it can have; 404 if the list is gone."""
    the_list = list_from_form()
    name = forms.check_length(forms.text("name"), NAME_TOO_LONG, empty=NAME_NEEDED)
    try:
        secret = services.current().tokens.create(the_list.id, kind.kind, name)
    except list_tokens.TooManyTokens:
        raise forms.FormError(kind.too_many(list_tokens.MAX_PER_LIST)) from None
    if secret is None:
        raise list_gone()
    return the_list, name, secret


def revoke_token(kind: TokenKind) -> NoReturn:
    """Revoke the token of that kind the form names (list-id, token-id), then back to its
    page saying so; 404 if it is not on that list."""
    list_id = forms.list_id()
    if services.current().tokens.revoke(list_id, kind.kind, forms.record_id("token-id", TOKEN_GONE)) is None:
        raise bottle.HTTPError(404, _(TOKEN_GONE))
    security.redirect(urls.list_page_url(list_id, kind.page, revoked="1"))


# -- API tokens ----------------------------------------------------------------------------------

def render_connect(the_list: List, status: int = 200, *, new_name: str = "", new_secret: str = "",
                   name: str = "", error: str = "", **devices_form: str) -> str:
    """The Connect page: a token just made (new_name, new_secret: shown once), the form's
    text and what was wrong with it; devices_form: the device passwords' (see
    device_state). Query: revoked=1 says a token was revoked."""
    return page("connect", status=status, title=_("Connect a phone or assistant to {name}", name=the_list.name),
                the_list=the_list, tokens=token_rows(the_list, API_TOKENS),
                api_url=urls.absolute_url(urls.api_items_path(the_list.id)), new_name=new_name,
                new_secret=new_secret, name=name, error=error, revoked=bottle.request.query.get("revoked") == "1",
                **device_state(the_list.id, **devices_form))


def show_connect(list_id: str) -> str:
    """GET /lists/<id>/connect: the page."""
    return render_connect(list_or_404(list_id))


def create_api_token() -> str:
    """POST /create-api-token (list-id, name): make a token and show it, once. An empty
    or too long name, or a list with too many tokens, shows the form again with the
    reason and the name as typed."""
    try:
        the_list, name, secret = new_token(API_TOKENS)
    except forms.FormError as error:
        return render_connect(list_from_form(), status=400, error=str(error), name=forms.text("name"))
    return render_connect(the_list, new_name=name, new_secret=secret)


def revoke_api_token() -> None:
    """POST /revoke-api-token (list-id, token-id): the token stops working at once."""
    revoke_token(API_TOKENS)


# -- sharing ---------------------------------------------------------------------------------------

def render_share(the_list: List, status: int = 200, *, new_name: str = "", new_url: str = "",
                 name: str = "", error: str = "") -> str:
    """The Share page: a read-only link just made (new_name, new_url: shown once, with its
    QR code), the form's text and what was wrong with it. Query: revoked=1 says a link
    was revoked."""
    list_url = urls.absolute_url(urls.list_path(the_list.id))
    new_qr = qr_svg(new_url, _("QR code of the read-only link for {name}", name=new_name)) if new_url else ""
    return page("share", status=status, title=_("Share {name}", name=the_list.name), the_list=the_list,
                list_url=list_url, list_qr=qr_svg(list_url, _("QR code of the link to {name}", name=the_list.name)),
                sign_in_on=services.current().config.sign_in_enabled, links=token_rows(the_list, SHARE_LINKS),
                new_name=new_name, new_url=new_url, new_qr=new_qr, name=name, error=error,
                revoked=bottle.request.query.get("revoked") == "1")


def show_share(list_id: str) -> str:
    """GET /lists/<id>/share: the Share page."""
    return render_share(list_or_404(list_id))


def create_share_link() -> str:
    """POST /create-share-link (list-id, name): make a read-only link and show it, with its
    QR code, once. An empty or too long name, or a list with too many links, shows the
    form again with the reason and the name as typed."""
    try:
        the_list, name, secret = new_token(SHARE_LINKS)
    except forms.FormError as error:
        return render_share(list_from_form(), status=400, error=str(error), name=forms.text("name"))
    return render_share(the_list, new_name=name, new_url=urls.absolute_url(urls.shared_path(secret)))


def revoke_share_link() -> None:
    """POST /revoke-share-link (list-id, token-id): the link is "not found" from now on."""
    revoke_token(SHARE_LINKS)


def show_shared(secret: str) -> str:
    """GET /shared/<secret>: the list, read-only (its name, the items to do, then the done
    ones crossed off), with no forms and no links but one to load it again. Needs no
    sign-in: the link is the key. It can go on a home screen as an app of its own."""
    the_list = shared_list(secret)
    done, total = len(the_list.done), len(the_list.items)
    summary = ngettext("A read-only copy of this list, shared with you. {count} of {total} done.",
                       "A read-only copy of this list, shared with you. {count} of {total} done.", done,
                       total=total) if total else _("A read-only copy of this list, shared with you. It has no items yet.")
    return page("shared_list", signed_in=False, read_only=True, title=the_list.name, the_list=the_list, summary=summary,
                path=urls.shared_path(secret), manifest_url=urls.shared_manifest_url(secret))


# -- device passwords (CalDAV) -------------------------------------------------------------

def device_state(list_id: str | None, *, device_name: str = "", device_secret: str = "", device_error: str = "",
                 device_form_name: str = "") -> dict[str, Any]:
    """What the device passwords' part of a page shows, for a list (None: every list):
    the passwords, the server address and user name to type, and a password just made
    (device_name, device_secret: shown once) or the form's text and error. Query:
    revoked-device=1 says one was revoked."""
    app = services.current()
    return {"devices": rows_of(app.devices.devices(list_id), DEVICE_PASSWORDS), "server_url": urls.site_url(),
            "dav_url": urls.absolute_url(urls.DAV_ROOT), "dav_username": app.config.username or DEFAULT_USERNAME,
            "device_name": device_name, "device_secret": device_secret, "device_error": device_error,
            "device_form_name": device_form_name,
            "device_revoked": bottle.request.query.get("revoked-device") == "1"}


def render_devices(status: int = 200, **devices_form: str) -> str:
    """The "Phones and tablets" page: device passwords for every list."""
    return page("devices", status=status, title=_("Phones and tablets"), the_list=None,
                **device_state(None, **devices_form))


def show_devices() -> str:
    """GET /devices: device passwords for every list; 404 unless every list is
    reachable anyway (sign-in on, or the home page listing them)."""
    if not services.current().config.all_lists_reachable:
        raise bottle.HTTPError(404)
    return render_devices()


def create_device_password() -> str:
    """POST /create-device-password (list-id, or none for every list; name): make a
    device password and show it, once, on the page the form was on. An empty or too
    long name, or too many passwords, shows the form again with the reason."""
    app = services.current()
    list_id = forms.list_id()
    the_list = list_from_form() if list_id else None
    if the_list is None and not app.config.all_lists_reachable:
        raise bottle.HTTPError(404)
    try:
        name = forms.check_length(forms.text("name"), NAME_TOO_LONG, empty=NAME_NEEDED)
        secret = app.devices.create(list_id or None, name)
    except forms.FormError as error:
        return _device_page(the_list, status=400, device_error=str(error), device_form_name=forms.text("name"))
    except devices.TooManyDevices:
        return _device_page(the_list, status=400, device_form_name=forms.text("name"),
                            device_error=DEVICE_PASSWORDS.too_many(devices.MAX_DEVICES))
    if secret is None:
        raise list_gone()
    return _device_page(the_list, device_name=name, device_secret=secret)


def revoke_device_password() -> None:
    """POST /revoke-device-password (list-id, or none for every list; token-id): the
    password stops working at once; back to its page, saying so."""
    list_id = forms.list_id() or None
    if services.current().devices.revoke(list_id, forms.record_id("token-id", TOKEN_GONE)) is None:
        raise bottle.HTTPError(404, _(TOKEN_GONE))
    security.redirect(urls.list_page_url(list_id, "connect", **{"revoked-device": "1"}) + "#devices"
                      if list_id else urls.devices_url(**{"revoked-device": "1"}))


def _device_page(the_list: List | None, status: int = 200, **devices_form: str) -> str:
    return render_connect(the_list, status=status, **devices_form) if the_list else render_devices(status, **devices_form)
