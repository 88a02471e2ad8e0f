"""The pages several routes show: page(), which renders any page with what the request
brings (its services, CSRF token and place), and the pages a change comes back to with
an error (the home page, a list, its sections).

Each render_ function takes the page's form state as keyword arguments with their
defaults, so a handler names only what differs: the text typed and the reason it could
not be used.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from typing import Any

import bottle

from simplelists import auth, forms, i18n, names, pages, rows, services, urls, who_did
from simplelists.history import ADD_AGAIN_LIMIT
from simplelists.i18n import _, join_names, ngettext
from simplelists.items import Item
from simplelists.lists import List
from simplelists.routes.lookup import return_path
from simplelists.search import filter_items
from simplelists.timestamps import utc_now
from simplelists.trash import TrashedItem


def page(template_name: str, /, status: int = 200, *, signed_in: bool = True, here: str | None = None,
         csrf_token: str | None = None, **variables: Any) -> str:
    """A whole page for this request (see pages.render): signed_in=False leaves the
    sign-out button and the search link out; here is where the language picker comes
    back to (by default this page, see lookup.return_path), and the footer's link to
    the name page too (signed in only); csrf_token, when the caller needed it already
    (page_csrf_token)."""
    app = services.current()
    here = here or return_path()
    return pages.render(template_name, variables, status=status, config=app.config, static_files=app.static_files,
                        csrf_token=csrf_token or page_csrf_token(),
                        here=here, signed_in=signed_in, who=names.current(),
                        name_url=urls.name_url(here) if signed_in and not here.startswith(urls.NAME_PATH) else "")


def page_csrf_token() -> str:
    """The CSRF token of this request's page (see auth.csrf_token; its cookie is set)."""
    return auth.csrf_token(bottle.request, bottle.response)


# -- the home page ---------------------------------------------------------------------------

def render_home(status: int = 200, *, name: str = "", error: str = "",
                import_name: str = "", import_text: str = "", import_error: str = "") -> str:
    """The home page: the create form's text and error (name, error) and the import
    form's (import_name, import_text, import_error); a browser never asked who uses it
    is asked, once (see names.was_asked)."""
    config = services.current().config
    return page("home", status=status, title=_("Simple Lists"),
                lists=rows.list_rows(services.current().lists.get_lists(), language=i18n.current(),
                                     zone=config.timezone) if config.show_lists else "",
                export_all=config.all_lists_reachable, search_all=config.all_lists_reachable,
                name=name, error=error, import_name=import_name, import_text=import_text, import_error=import_error,
                ask_name=not names.was_asked(bottle.request.environ))


# -- a list's page -----------------------------------------------------------------------------

def render_list(the_list: List, status: int = 200, *, description: str = "", error: str = "",
                several_text: str = "", several_error: str = "", chosen_section: int | None = None,
                edit_id: int | None = None, edit_text: str | None = None, edit_error: str = "",
                renaming: bool = False, rename_text: str | None = None, rename_error: str = "") -> str:
    """The list page: the one-line add form's text and error, the "Add several" form's,
    the section chosen to add to, the item being edited (its text and error), the rename
    form. Query: q filters the items shown; section= is the section last added to;
    again=1 keeps "Add again" open; reorder=1 shows the move buttons; changed=1 and
    deleted=<ids> the notices after a change."""
    app = services.current()
    query = bottle.request.query
    search_text = forms.clean(query.getunicode("q") or "")[:forms.MAX_TEXT_LENGTH]
    # Only after a delete: the items its undo offers.
    deleted = (app.trash.get_deleted_items(the_list.id, forms.parse_ids(query.get("deleted")))
               if "deleted" in query else [])
    suggestions = app.history.suggestions(the_list.id, (item.description for item in the_list.to_do),
                                          version=the_list.version)
    shown = filter_items(the_list.items, search_text) if search_text else the_list.items
    to_do = [item for item in shown if not item.done]
    reorder = query.get("reorder") == "1" and not search_text
    kept_query = urllib.parse.urlencode({"q": search_text}) + "&" if search_text else ""
    # No #item- fragment on the edit link: browsers skip autofocus when the URL targets an
    # element, and the edit field must get the keyboard (autofocus scrolls it into view anyway).
    edit_link = f"{urls.list_url(the_list.id)}?{kept_query}edit="
    again_open = query.get("again") == "1"
    csrf_token = page_csrf_token()
    language = i18n.current()
    hidden = pages.HiddenFields(csrf_token)
    list_fields = hidden(the_list)
    row_maker = rows.ItemRowMaker(language=language, zone=app.config.timezone, edit_link=edit_link,
                                  list_fields=list_fields, search_text=search_text, edit_id=edit_id)
    edited = next((item for item in the_list.items if item.id == edit_id), None) if edit_id is not None else None
    # Only on the edit page: who added, edited and ticked the item.
    story = (who_did.item_story_text(language, app.lists.item_story(the_list.id, edited.id), edited.done,
                                     app.config.timezone, utc_now()) if edited is not None else "")
    return page(
        "list", status=status, csrf_token=csrf_token, title=the_list.name, the_list=the_list, hidden=hidden,
        list_fields=list_fields,
        groups=[(section, row_maker.rows(items, reorder=reorder)) for section, items in the_list.by_section(to_do)],
        done_rows=row_maker.rows([item for item in shown if item.done]), to_do_count=len(to_do),
        done_text=i18n.done_count_text(language, sum(1 for item in the_list.items if item.done),
                                       len(the_list.items)),
        focus_add=edit_id is None and not renaming and not several_error and not search_text and not again_open,
        deleted_ids=",".join(str(item.id) for item in deleted),
        search_text=search_text, shown_count=len(shown),
        search_all_url=(urls.search_url(search_text)
                        if search_text and app.config.all_lists_reachable else ""),
        suggestions=rows.suggestion_options(suggestions),
        add_again=rows.add_again_buttons(suggestions[:ADD_AGAIN_LIMIT], language=language),
        added_message=added_message(the_list, query) if query else "",
        deleted=deleted, undo_message=undo_message(deleted) if deleted else "",
        description=description, error=error, several_text=several_text, several_error=several_error,
        chosen_section=chosen_section if chosen_section is not None else forms.query_number("section"),
        edit_text=edit_text, edit_error=edit_error, edit_story=story,
        edit_cancel=(urls.list_url(the_list.id, item_id=edit_id, **({"q": search_text} if search_text else {}))
                     if edit_id is not None else ""),
        renaming=renaming, rename_text=rename_text, rename_error=rename_error,
        reorder=reorder, changed=query.get("changed") == "1", again_open=again_open)


def undo_message(deleted: Sequence[TrashedItem]) -> str:
    """What the undo notice says: the item deleted, or how many and the first few."""
    names = [item.description for item in deleted]
    if len(names) == 1:
        return _("Deleted “{name}”.", name=names[0])
    if len(names) > 5:
        # Translators: ends a list of deleted items' names: "Milk, Eggs, ... and 3 more".
        names = [*names[:5], ngettext("{count} more", "{count} more", len(names) - 5)]
    return ngettext("Deleted {count} item: {names}.", "Deleted {count} items: {names}.", len(deleted),
                    names=join_names(names))


def added_message(the_list: List, query: bottle.FormsDict) -> str:
    """What the page says after an add (see routes.items.add_item): for one line, about
    the item (added=, reopened= or already= its ID; nothing if it is gone); for several,
    counts=<added>.<re-opened>.<already there>."""
    counts = query.get("counts", "").split(".")
    if len(counts) == 3 and all(part.isdigit() and len(part) < 6 for part in counts):
        return add_summary(*(int(part) for part in counts))
    items = {item.id: item for item in the_list.items}
    for name in ("added", "reopened", "already"):
        item_id = forms.query_number(name)
        if item_id in items:
            return single_add_message(name, items[item_id])
    return ""


def single_add_message(outcome: str, item: Item) -> str:
    """The sentence for one line added: outcome is "added", "reopened" or "already"."""
    if outcome == "reopened":
        return _("{name} was crossed off, so it is back on the list.", name=item.description)
    if outcome == "already" and not item.done:
        return _("{name} is already on the list.", name=item.description)
    return _("Added {name}.", name=item.description)


def add_summary(added: int, reopened: int, already: int) -> str:
    """The sentences for several lines added: how many were added, re-opened and there
    already (a part with none is left out, but for "added")."""
    parts = [ngettext("Added {count} item.", "Added {count} items.", added) if added else _("Nothing new was added.")]
    if reopened:
        parts.append(ngettext("{count} was crossed off and is back on the list.",
                              "{count} were crossed off and are back on the list.", reopened))
    if already:
        parts.append(ngettext("{count} was already on the list.", "{count} were already on the list.", already))
    return " ".join(parts)


# -- a list's sections ---------------------------------------------------------------------------

def render_sections(the_list: List, status: int = 200, *, name: str = "", error: str = "",
                    rename_id: int | None = None, rename_text: str | None = None, rename_error: str = "") -> str:
    """The sections page: the add form's text and error, the section being renamed (by
    default the query's rename-section=<id>) with its text and error. With
    ?delete-section=<id>, the question before deleting it."""
    counts = {section.id: 0 for section in the_list.sections}
    for item in the_list.to_do:
        if item.section_id in counts:
            counts[item.section_id] += 1
    deleting = forms.query_number("delete-section")
    section = next((section for section in the_list.sections if section.id == deleting), None)
    if section is not None:
        return page("confirm_delete_section", title=_("Delete section {name}?", name=section.name),
                    the_list=the_list, section=section, count=counts[section.id])
    return page("sections", status=status, title=_("Sections of {name}", name=the_list.name),
                the_list=the_list, counts=counts, name=name, error=error,
                rename_id=rename_id if rename_id is not None else forms.query_number("rename-section"),
                rename_text=rename_text, rename_error=rename_error,
                changed=bottle.request.query.get("changed") == "1")
