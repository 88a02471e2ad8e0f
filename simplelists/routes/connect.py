"""A list's "Connect a phone or assistant" page: the list's address in the API, its API
tokens (name, when made, when last used), making one and revoking one; and its device
passwords, with which a phone's Reminders or Tasks app syncs the list over CalDAV. The
"Phones and tablets" page (/devices) makes device passwords for every list, when every
list is reachable anyway (sign-in on, or the home page listing them).

A new token's secret is shown once, in the answer to the form that made it, and never
again: it cannot go in a redirect's URL (URLs end up in logs and history), and only its
hash is stored. So, unlike the app's other forms, making a token answers with the page
itself rather than a redirect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, NoReturn

import bottle

from simplelists import devices, forms, i18n, list_tokens, security, services, urls
from simplelists.i18n import N_, _, ngettext
from simplelists.lists import List
from simplelists.pages import render
from simplelists.routes.lookup import list_from_form, list_gone, list_or_404

# What the device passwords' part of the page says to type as the user name (any is
# taken: the password alone names the device); the family's user name when sign-in is on.
DEFAULT_USERNAME = "family"
TOKEN_GONE = N_("That token is not on this list any more. It may have been revoked already.")
NAME_NEEDED = N_("Give it a name, such as “Mum’s iPhone” or “Kitchen tablet”, to tell it apart later.")
NAME_TOO_LONG = N_("The name is too long: {length} characters, and the most is {most}.")


@dataclasses.dataclass(frozen=True)
class TokenRow:
    """A token as a list of them shows it: its ID and name, when it was made and used,
    and the accessible name of its Revoke button."""

    id: int
    name: str
    described: str  # e.g. "Made 1 May, last used 3 May."
    revoke_label: str  # e.g. "Revoke Mum's iPhone"


def token_rows(found: Iterable[list_tokens.ListToken], used: str, never: str, revoke: str) -> list[TokenRow]:
    """The rows for a list of tokens. used and never are the (untranslated) sentences for
    a token used ("Made {made}, last used {used}.") and one not used yet ("Made {made},
    never used yet."), revoke its button's name ("Revoke {name}")."""
    zone = services.current().config.timezone
    rows = []
    formats = i18n.current().formats_locale
    for token in found:
        made = i18n.local_date(token.time_created, zone, formats).short
        if token.time_last_used is None:
            described = _(never, made=made)
        else:
            described = _(used, made=made, used=i18n.local_date(token.time_last_used, zone, formats).short)
        rows.append(TokenRow(token.id, token.name, described, _(revoke, name=token.name)))
    return rows


def token_name() -> str:
    """The form's name for a new token or link; FormError if empty or too long."""
    return forms.check_length(forms.text("name"), NAME_TOO_LONG, empty=NAME_NEEDED)


def render_connect(the_list: List, status: int = 200, **state: Any) -> str:
    """The page. state: new_name and new_secret (a token just made, shown once), name and
    error (the form's text and what was wrong with it), revoked (say one was revoked)."""
    variables: dict[str, Any] = {"new_name": "", "new_secret": "", "name": "", "error": "",
                                 "revoked": bottle.request.query.get("revoked") == "1"}
    variables.update(state)
    rows = token_rows(services.current().tokens.tokens(the_list.id, list_tokens.API),
                      used=N_("Made {made}, last used {used}."), never=N_("Made {made}, never used yet."),
                      revoke=N_("Revoke {name}"))
    variables.update(device_state(the_list.id, state))
    return render("connect", status=status, title=_("Connect a phone or assistant to {name}", name=the_list.name),
                  the_list=the_list, tokens=rows, api_url=urls.absolute_url(f"/api/lists/{the_list.id}/items"),
                  **variables)


def device_state(list_id: str | None, state: dict[str, Any]) -> dict[str, Any]:
    """What the device passwords' part of a page shows, for a list (None: every list):
    the passwords, the server address and user name to type, and a password just made
    (device_name, device_secret) or the form's error (device_error, device_form_name)."""
    ctx = services.current()
    values: dict[str, Any] = {"device_name": "", "device_secret": "", "device_error": "", "device_form_name": "",
                              "device_revoked": bottle.request.query.get("revoked-device") == "1"}
    values.update({key: value for key, value in state.items() if key in values})
    values.update(
        devices=token_rows(ctx.devices.devices(list_id), used=N_("Made {made}, last used {used}."),
                           never=N_("Made {made}, never used yet."), revoke=N_("Revoke {name}")),
        server_url=urls.site_url(), dav_url=urls.absolute_url(urls.DAV_ROOT),
        dav_username=ctx.config.username or DEFAULT_USERNAME)
    return values


def render_devices(status: int = 200, **state: Any) -> str:
    """The "Phones and tablets" page: device passwords for every list."""
    return render("devices", status=status, title=_("Phones and tablets"), the_list=None,
                  **device_state(None, state))


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
    list_id = forms.list_id()
    the_list = list_from_form() if list_id else None
    if the_list is None and not services.current().config.all_lists_reachable:
        raise bottle.HTTPError(404)
    try:
        name = token_name()
        secret = services.current().devices.create(list_id or None, name)
    except forms.FormError as error:
        return _device_page(the_list, status=400, device_error=str(error), device_form_name=forms.text("name"))
    except devices.TooManyDevices:
        return _device_page(the_list, status=400, device_form_name=forms.text("name"), device_error=_(
            "There are {count} device passwords here already, the most there can be. Revoke one no longer used first.",
            count=devices.MAX_DEVICES))
    if secret is None:
        raise list_gone()
    return _device_page(the_list, device_name=name, device_secret=secret)


def revoke_device_password() -> None:
    """POST /revoke-device-password (list-id, or none for every list; token-id): the
    password stops working at once; back to its page, saying so."""
    list_id = forms.list_id() or None
    if services.current().devices.revoke(list_id, forms.record_id("token-id", TOKEN_GONE)) is None:
        raise bottle.HTTPError(404, _(TOKEN_GONE))
    security.redirect(f"/lists/{list_id}/connect?revoked-device=1#devices" if list_id else "/devices?revoked-device=1")


def _device_page(the_list: List | None, status: int = 200, **state: Any) -> str:
    return render_connect(the_list, status=status, **state) if the_list else render_devices(status=status, **state)


def show_connect(list_id: str) -> str:
    """GET /lists/<id>/connect: the page. Query: revoked=1 says a token was revoked."""
    return render_connect(list_or_404(list_id))


def new_token(kind: str, too_many: str) -> tuple[List, str, str]:
    """Make a token of that kind from the form (list-id, name): (the list, its name, its
    secret). FormError with what to tell the person for an empty or too long name, or for
    a list that has too many already (too_many); 404 if the list is gone."""
    the_list = list_from_form()
    name = token_name()
    try:
        secret = services.current().tokens.create(the_list.id, kind, name)
    except list_tokens.TooManyTokens:
        raise forms.FormError(too_many) from None
    if secret is None:
        raise list_gone()
    return the_list, name, secret


def revoke_token(kind: str, page: str) -> NoReturn:
    """Revoke the token of that kind the form names (list-id, token-id), then back to the
    list's page (connect or share) saying so; 404 if it is not on that list."""
    list_id = forms.list_id()
    if services.current().tokens.revoke(list_id, kind, forms.record_id("token-id", TOKEN_GONE)) is None:
        raise bottle.HTTPError(404, _(TOKEN_GONE))
    security.redirect(f"/lists/{list_id}/{page}?revoked=1")


def create_api_token() -> str:
    """POST /create-api-token (list-id, name): make a token and show it, once. An empty
    or too long name, or a list with too many tokens, shows the form again with the
    reason and the name as typed."""
    try:
        the_list, name, secret = new_token(list_tokens.API, ngettext(
            "This list has {count} token already, the most it can have. Revoke one you no longer use first.",
            "This list has {count} tokens already, the most it can have. Revoke one you no longer use first.",
            list_tokens.MAX_PER_LIST))
    except forms.FormError as error:
        return render_connect(list_from_form(), status=400, error=str(error), name=forms.text("name"))
    return render_connect(the_list, new_name=name, new_secret=secret)


def revoke_api_token() -> None:
    """POST /revoke-api-token (list-id, token-id): the token stops working at once."""
    revoke_token(list_tokens.API, "connect")
