"""Finding what a request names, and the 404 when it is not there: the list of a path or a
form (never was, deleted, or deleted since the form was loaded), the list a share link
opens, and the page a request came from. Every route uses these, so a gone list reads
the same everywhere."""

from __future__ import annotations

import bottle

from simplelists import forms, list_tokens, services, urls
from simplelists.i18n import N_, _
from simplelists.lists import List

LIST_GONE = N_("That list does not exist any more.")
LINK_GONE = N_("This read-only link does not work any more: it was revoked, or the list was deleted.")
# What a list ID can be (the route table's LIST_ID): anything else names no list.
MAX_LIST_ID_LENGTH = 32


def list_gone() -> bottle.HTTPError:
    """The 404 to raise when a change finds its list gone."""
    return bottle.HTTPError(404, _(LIST_GONE))


def list_or_404(list_id: str, *, explain: bool = True) -> List:
    """The list; 404 if there is none (or it is deleted). explain=False gives the bare
    404, for downloads and the trash, which a person does not reach from a form."""
    the_list = services.current().lists.get_list(list_id)
    if the_list is None:
        raise list_gone() if explain else bottle.HTTPError(404)
    return the_list


def list_from_form() -> List:
    """The list named by the form's list-id field; 404 if there is none (or it is deleted)."""
    return list_or_404(forms.list_id())


def shared_list(secret: str, note_use: bool = True) -> List:
    """The list a share link's secret opens (noting the link's use unless told not to);
    404 if the link was revoked (or never made) or the list is deleted."""
    app = services.current()
    found = app.tokens.find(list_tokens.SHARE, secret)
    the_list = (app.lists.get_list(found.list_id)
                if found is not None and not found.list_deleted else None)
    if found is None or the_list is None:
        raise bottle.HTTPError(404, _(LINK_GONE))
    if note_use:
        app.tokens.record_use(found.token)
    return the_list


def form_list_path() -> str | None:
    """The path of the list a POST's form came from (forms.list_id: its list-id field, or
    "id"), if it names one; None also when the body cannot be read (malformed, or of a
    bad length)."""
    try:
        list_id = forms.list_id()
    except Exception:  # noqa: BLE001 - any unreadable body: there is no list to go back to
        return None
    if list_id.isascii() and list_id.isalnum() and len(list_id) <= MAX_LIST_ID_LENGTH:
        return urls.list_path(list_id)
    return None


def return_path() -> str:
    """Where to bring a person back to after something else (signing in, choosing a
    language): this page, or for a form sent from a list page that list, rather than a
    form-only URL."""
    request = bottle.request
    if request.method == "POST":
        return form_list_path() or "/"
    # The path as the browser asked for it (script_name always ends in "/"): the same as
    # request.fullpath, which joins the two with urljoin, over ten times as slow.
    path = request.script_name[:-1] + request.path
    return path + ("?" + request.query_string if request.query_string else "")
