"""Who uses this browser: the page where a person says their name ("Mum"), changes it
or clears it (linked from every page's footer, and shown right after signing in), and
the form the home page asks with once. The name itself is names.py's concept.
"""

from __future__ import annotations

import bottle

from simplelists import forms, names, security
from simplelists.i18n import _
from simplelists.routes.views import page


def show_name() -> str:
    """GET /name?return-url=<path>: the form to give, change or clear this browser's name;
    every button goes on to return-url."""
    return render_name(security.safe_return_url(bottle.request.query.getunicode("return-url")))


def render_name(return_url: str, status: int = 200, *, text: str | None = None, error: str = "") -> str:
    """The name page: the text typed (by default the browser's name) and why it could not be used."""
    name = names.current()
    return page("name", status=status, title=_("Who uses this browser?"), name=name,
                text=(name or "") if text is None else text, error=error, return_url=return_url)


def set_name() -> str:
    """POST /name (name, return-url, action=save|skip|clear): save the name for this
    browser, or (skip, clear) remember it has none, so nobody is asked again; then go on
    to return-url. A blank or too long name shows the page again with it and the reason."""
    return_url = security.safe_return_url(forms.raw("return-url"))
    action = forms.text("action")
    name = ""
    if action not in ("skip", "clear"):
        try:
            name = forms.person_name()
        except forms.FormError as error:
            return render_name(return_url, status=400, text=forms.text("name"), error=str(error))
    names.remember(bottle.response, name, secure=security.is_https(bottle.request))
    security.redirect(return_url)
