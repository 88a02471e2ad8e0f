"""Finding the list a request names, and the 404 when it is not there: never was,
deleted, or deleted since the form was loaded. Every route that works on a list uses
these, so a gone list reads the same everywhere."""

from __future__ import annotations

import bottle

from simplelists import forms, services
from simplelists.i18n import N_, _
from simplelists.lists import List

LIST_GONE = N_("That list does not exist any more.")


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
