"""The home page (or the sign-in form, for the signed-out) and creating a list."""

from __future__ import annotations

import bottle

from simplelists import auth, forms, names, security, services, urls
from simplelists.i18n import _
from simplelists.routes.views import page, render_home


def show_home() -> str:
    """GET /: the home page; the sign-in form when sign-in is on and nobody is signed in.
    Query: return-url (where to go after signing in), error=sign-in (a wrong password)."""
    app = services.current()
    if not auth.is_signed_in(app.config, app.sessions, bottle.request):
        query = bottle.request.query
        return page("sign_in", signed_in=False, title=_("Sign in"),
                    return_url=security.safe_return_url(query.getunicode("return-url")),
                    error=query.get("error") == "sign-in")
    return render_home()


def create_list() -> str:
    """POST /create-list (name): make a list and go to it. A blank name changes nothing;
    a name too long comes back in the box with the reason."""
    name = forms.text("name")
    if not name:
        security.redirect("/")
    try:
        forms.check_length(name, forms.LIST_NAME_TOO_LONG)
    except forms.FormError as error:
        return render_home(status=400, error=str(error), name=name)
    security.redirect(urls.list_url(services.current().lists.create_list(name, who=names.current())))
