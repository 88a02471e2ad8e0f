"""Choosing the interface's language on this device (the picker at the foot of every page)."""

from __future__ import annotations

import bottle

from simplelists import forms, i18n, security
from simplelists.secret import set_cookie
from simplelists.i18n import _

ONE_YEAR = 365 * 24 * 60 * 60


def choose_language() -> None:
    """POST /language (language, return-url): remember the language in a cookie for a
    year and go back to the page the picker was on."""
    code = i18n.parse_language(forms.text("language"))
    if code is None:
        raise bottle.HTTPError(400, _("There is no such language here."))
    set_cookie(bottle.response, i18n.LANGUAGE_COOKIE, code, max_age=ONE_YEAR, secure=security.is_https(bottle.request))
    security.redirect(security.safe_return_url(forms.raw("return-url")))
