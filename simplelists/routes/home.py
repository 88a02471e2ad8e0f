"""The home page (or the sign-in form, for the signed-out) and creating a list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import bottle

from simplelists import auth, context, forms, i18n, security
from simplelists.lists import ListSummary
from simplelists.pages import render
from simplelists.i18n import _


def export_all_allowed() -> bool:
    """Whether /export.json is served: with sign-in on (to the signed-in family), or when
    the home page lists every list anyway. With both off, a list's URL is its only key,
    and one download must not hand out every list to whoever guesses the path."""
    return context.current().config.all_lists_reachable


class ListRow(NamedTuple):
    """A list as the home page shows it, ready to show: a tuple the template unpacks."""

    id: str
    name: str
    created: i18n.LocalDate
    done_text: str  # "3 of 10 done"
    delete_label: str


def list_rows(summaries: Iterable[ListSummary]) -> list[ListRow]:
    """The home page's rows for the lists, in the request's language."""
    language = i18n.current()
    zone = context.current().config.timezone
    rows = []
    for summary in summaries:
        rows.append(ListRow(
            summary.id, summary.name, i18n.local_date(summary.time_created, zone, language.formats_locale),
            i18n.done_count_text(language, summary.done_count, summary.item_count),
            language.pgettext("list", "Delete {name}", name=summary.name)))
    return rows


def render_home(status: int = 200, **state: Any) -> str:
    """The home page, whatever it has to say. state: the create form's text and error
    (name, error) and the import form's (import_name, import_text, import_error)."""
    ctx = context.current()
    variables: dict[str, Any] = {
        "name": "", "error": "",
        "import_name": "", "import_text": "", "import_error": "",
    }
    variables.update(state)
    return render("home", status=status, title=_("Simple Lists"),
                  lists=list_rows(ctx.lists.get_lists()) if ctx.config.show_lists else [],
                  export_all=export_all_allowed(), search_all=ctx.config.all_lists_reachable, **variables)


def show_home() -> str:
    """GET /: the home page; the sign-in form when sign-in is on and nobody is signed in.
    Query: return-url (where to go after signing in), error=sign-in (a wrong password)."""
    if not auth.is_signed_in():
        query = bottle.request.query
        return render("sign_in", signed_in=False, title=_("Sign in"),
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
    security.redirect(f"/lists/{context.current().lists.create_list(name)}")
