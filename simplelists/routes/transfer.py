"""Downloads and imports: /lists/<id>.txt and .md, /export.json, /import-list.

The formats themselves are in list_files.py; here they meet the web: headers, the import
form, and the home page again when an import cannot be used (with what was sent, so
nothing is lost).
"""

from __future__ import annotations

import bottle

from simplelists import forms, list_files, names, security, services, urls
from simplelists.i18n import _
from simplelists.routes.lookup import list_or_404
from simplelists.routes.views import render_home
from simplelists.security import MAX_BODY_BYTES
from simplelists.timestamps import utc_now


def _download(body: str, content_type: str, disposition: str) -> str:
    bottle.response.content_type = content_type
    bottle.response.set_header("Content-Disposition", disposition)
    return body


def list_as_text(list_id: str) -> str:
    """GET /lists/<id>.txt: one item per line, done ones as "✓ Eggs", each section's
    after its name."""
    the_list = list_or_404(list_id, explain=False)
    return _download(list_files.format_text(the_list.items, the_list.sections), "text/plain; charset=utf-8",
                     list_files.content_disposition(the_list.name, "txt"))


def list_as_markdown(list_id: str) -> str:
    """GET /lists/<id>.md: a Markdown checklist under the list's name, sections as
    "## Dairy" headings."""
    the_list = list_or_404(list_id, explain=False)
    return _download(list_files.format_markdown(the_list.name, the_list.items, the_list.sections),
                     "text/markdown; charset=utf-8", list_files.content_disposition(the_list.name, "md"))


def export_json() -> str:
    """GET /export.json: every list with its items. 404 unless sign-in is on (for the
    signed-in family) or the home page lists every list anyway: with both off, a list's
    URL is its only key, and one download must not hand out every list to whoever
    guesses the path."""
    if not services.current().config.all_lists_reachable:
        raise bottle.HTTPError(404)
    store = services.current().lists
    now = utc_now()
    lists = [the_list for summary in reversed(store.get_lists())
             if (the_list := store.get_list(summary.id)) is not None]
    return _download(list_files.format_json(lists, now), "application/json; charset=utf-8",
                     list_files.content_disposition(f"simplelists-{now:%Y-%m-%d}", "json"))


def import_list() -> str:
    """POST /import-list (name, text or file): a new list from pasted text or an uploaded
    .txt/.md file, then go to it. A problem shows the home page again with the text (as
    pasted, or as read from the file) in the box to fix, and the reason."""
    name_field = forms.text("name")
    text = forms.text("text", multiline=True)
    upload = bottle.request.files.get("file")
    file_name = list_files.name_from_filename(upload.raw_filename) if upload is not None else None
    try:
        if upload is not None and text:
            raise list_files.TransferError(
                _("Paste a list or choose a file, not both: clear the text box to import the file."))
        if upload is not None:
            text = list_files.decode_upload(upload.file.read(MAX_BODY_BYTES + 1))
        parsed = list_files.parse_import(text)
        name = list_files.choose_name(name_field, parsed.name, file_name)
    except list_files.TransferError as error:
        return render_home(status=400, import_error=str(error), import_text=text,
                           import_name=name_field or file_name or "")
    list_id = services.current().lists.import_list(name, list_files.items_with_sections(parsed.items), parsed.sections,
                                                   who=names.current())
    security.redirect(urls.list_url(list_id))
