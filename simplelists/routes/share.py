"""Sharing a list: its Share page (the list's own link to copy, with a QR code), its
read-only share links (made, listed, revoked there), and the read-only page such a link
opens, /shared/<secret>, which works for anyone who has it, signed in or not.

Like an API token, a share link's secret is shown once, in the answer to the form that
made it (with its own QR code), and only its hash is stored. The read-only page has no
forms at all and no links into the rest of the app.
"""

from __future__ import annotations

from typing import Any

import bottle

from simplelists import context, forms, tokens, urls
from simplelists.i18n import N_, _, ngettext
from simplelists.lists import List
from simplelists.pages import render
from simplelists.qr import qr_svg
from simplelists.routes.connect import new_token, revoke_token, token_rows
from simplelists.routes.lookup import list_from_form, list_or_404

LINK_GONE = N_("This read-only link does not work any more: it was revoked, or the list was deleted.")
SECRET = "<secret:re:[A-Za-z0-9_-]{43}>"  # what auth.new_secret makes; anything else is not found


def shared_path(secret: str) -> str:
    """The path of the read-only page a share link's secret opens."""
    return f"/shared/{secret}"


def render_share(the_list: List, status: int = 200, **state: Any) -> str:
    """The Share page. state: new_name and new_url (a read-only link just made, shown once
    with its QR code), name and error (the form's text and what was wrong with it),
    revoked (say one was revoked)."""
    variables: dict[str, Any] = {"new_name": "", "new_url": "", "new_qr": "", "name": "", "error": "",
                                 "revoked": bottle.request.query.get("revoked") == "1"}
    variables.update(state)
    if variables["new_url"]:
        variables["new_qr"] = qr_svg(variables["new_url"],
                                     _("QR code of the read-only link for {name}", name=variables["new_name"]))
    list_url = urls.absolute_url(f"/lists/{the_list.id}")
    rows = token_rows(context.current().tokens.tokens(the_list.id, tokens.SHARE),
                      used=N_("Made {made}, last opened {used}."), never=N_("Made {made}, not opened yet."),
                      revoke=N_("Revoke the link for {name}"))
    return render("share", status=status, title=_("Share {name}", name=the_list.name), the_list=the_list,
                  list_url=list_url, list_qr=qr_svg(list_url, _("QR code of the link to {name}", name=the_list.name)),
                  sign_in_on=context.current().config.sign_in_enabled, links=rows, **variables)


def show_share(list_id: str) -> str:
    """GET /lists/<id>/share: the Share page. Query: revoked=1 says a link was revoked."""
    return render_share(list_or_404(list_id))


def create_share_link() -> str:
    """POST /create-share-link (list-id, name): make a read-only link and show it, with its
    QR code, once. An empty or too long name, or a list with too many links, shows the
    form again with the reason and the name as typed."""
    try:
        the_list, name, secret = new_token(tokens.SHARE, ngettext(
            "This list has {count} read-only link already, the most it can have. Revoke one no longer needed first.",
            "This list has {count} read-only links already, the most it can have. Revoke one no longer needed first.",
            tokens.MAX_PER_LIST))
    except forms.FormError as error:
        return render_share(list_from_form(), status=400, error=str(error), name=forms.text("name"))
    return render_share(the_list, new_name=name, new_url=urls.absolute_url(shared_path(secret)))


def revoke_share_link() -> None:
    """POST /revoke-share-link (list-id, token-id): the link is "not found" from now on."""
    revoke_token(tokens.SHARE, "share")


def find_shared(secret: str, note_use: bool = True) -> List:
    """The list a share link's secret opens (noting the link's use unless told not to);
    404 if the link was revoked (or never made) or the list is deleted."""
    ctx = context.current()
    found = ctx.tokens.find(tokens.SHARE, secret)
    the_list = ctx.lists.get_list(found.list_id) if found is not None and not found.list_deleted else None
    if found is None or the_list is None:
        raise bottle.HTTPError(404, _(LINK_GONE))
    if note_use:
        ctx.tokens.record_use(found.token)
    return the_list


def show_shared(secret: str) -> str:
    """GET /shared/<secret>: the list, read-only (its name, the items to do, then the done
    ones crossed off), with no forms and no links but one to load it again. Needs no
    sign-in: the link is the key. It can go on a home screen as an app of its own."""
    the_list = find_shared(secret)
    done, total = len(the_list.done), len(the_list.items)
    summary = ngettext("A read-only copy of this list, shared with you. {count} of {total} done.",
                       "A read-only copy of this list, shared with you. {count} of {total} done.", done,
                       total=total) if total else _("A read-only copy of this list, shared with you. It has no items yet.")
    return render("shared_list", signed_in=False, read_only=True, title=the_list.name, the_list=the_list, summary=summary,
                  path=shared_path(secret), manifest_url=shared_path(secret) + "/manifest.webmanifest")
