"""Search across lists: /search?q=...

It looks through every list only where a person may reach them all anyway (sign-in on,
or the home page lists them: Config.all_lists_reachable); otherwise the page does not
exist, and the only search is each list's own filter (/lists/<id>?q=...), so holding one
list's link never reveals another list.
"""

from __future__ import annotations

import bottle

from simplelists import forms, services
from simplelists.i18n import _, ngettext
from simplelists.routes.views import page
from simplelists.search import SearchResults


def show_search() -> str:
    """GET /search?q=<text>: the lists whose name, and the items whose text, contain the
    text (ignoring case and accents), each item linking to its place on its list; 404
    where lists are secret (see above). Without q, only the search box."""
    if not services.current().config.all_lists_reachable:
        raise bottle.HTTPError(404)
    query = forms.clean(bottle.request.query.getunicode("q") or "")
    if len(query) > forms.MAX_TEXT_LENGTH:
        error = ngettext("The search is too long: {count} character, and the most is {most}.",
                         "The search is too long: {count} characters, and the most is {most}.",
                         len(query), most=forms.MAX_TEXT_LENGTH)
        return page("search", status=400, title=_("Search"), query=query, results=SearchResults([]),
                      summary="", error=error)
    results = services.current().search.search(query) if query else SearchResults([])
    return page("search", title=_("Search for {text}", text=query) if query else _("Search"), query=query,
                  results=results, summary=summary(results) if query else "", error="")


def summary(results: SearchResults) -> str:
    """One sentence on what was found."""
    if results.more:
        return ngettext("Showing the first {count} matching item. Type more to narrow it down.",
                        "Showing the first {count} matching items. Type more to narrow it down.",
                        results.item_count)
    if not results.lists:
        return _("Nothing found.")
    return ngettext("Found in {count} list.", "Found in {count} lists.", len(results.lists))
