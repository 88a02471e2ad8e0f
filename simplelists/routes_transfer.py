"""Routes for export and import: /lists/<id>.txt, /lists/<id>.md, /export.json, /import-list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import bottle

from simplelists import auth, security, transfer
from simplelists.db import Model, utc_now

# List IDs are letters (the Go app's and ours); the filter keeps "<id>.txt" from
# being read as a list called "<id>.txt" by the plain /lists/<list_id> route.
_LIST_ID = "<list_id:re:[A-Za-z0-9]+>"


def export_all_allowed(config: Any) -> bool:
    """Whether /export.json is served: with sign-in on (to the signed-in family), or when
    the home page lists every list anyway. With both off, a list's URL is its only key,
    and one download must not hand out every list to whoever guesses the path."""
    return bool(config.sign_in_enabled or config.show_lists)


def register(app: bottle.Bottle, model: Model, page: Callable[..., str]) -> None:
    """Add the export and import routes to the app.

    Must be called before the /lists/<list_id> route is added: Bottle tries routes in
    the order they were added, and that one would otherwise take "/lists/abc.txt".
    """
    config = app.config["simplelists.config"]

    def _download(body: str, content_type: str, disposition: str) -> str:
        bottle.response.content_type = content_type
        bottle.response.set_header("Content-Disposition", disposition)
        return body

    def _list_or_404(list_id: str) -> Any:
        the_list = model.get_list(list_id)
        if the_list is None:
            raise bottle.HTTPError(404)
        return the_list

    @app.get(f"/lists/{_LIST_ID}.txt")
    @auth.sign_in_required
    def list_as_text(list_id: str) -> str:
        the_list = _list_or_404(list_id)
        return _download(transfer.format_text(the_list.items), "text/plain; charset=utf-8",
                         transfer.content_disposition(the_list.name, "txt"))

    @app.get(f"/lists/{_LIST_ID}.md")
    @auth.sign_in_required
    def list_as_markdown(list_id: str) -> str:
        the_list = _list_or_404(list_id)
        return _download(transfer.format_markdown(the_list.name, the_list.items),
                         "text/markdown; charset=utf-8", transfer.content_disposition(the_list.name, "md"))

    @app.get("/export.json")
    @auth.sign_in_required
    def export_json() -> str:
        if not export_all_allowed(config):
            raise bottle.HTTPError(404)
        now = utc_now()
        lists = [the_list for summary in reversed(model.get_lists())
                 if (the_list := model.get_list(summary.id)) is not None]
        return _download(transfer.format_json(lists, now), "application/json; charset=utf-8",
                         transfer.content_disposition(f"simplelists-{now:%Y-%m-%d}", "json"))

    @app.post("/import-list")
    @auth.sign_in_required
    @auth.csrf_protected
    def import_list() -> str | None:
        name_field = security.form_text(bottle.request, "name")
        text = security.form_text(bottle.request, "text", multiline=True)
        upload = bottle.request.files.get("file")
        try:
            if upload is not None and text:
                raise transfer.TransferError(
                    "Paste a list or choose a file, not both: clear the text box to import the file.")
            if upload is not None:
                text = transfer.decode_upload(upload.file.read(security.MAX_BODY_BYTES + 1))
            parsed = transfer.parse_import(text)
            name = transfer.choose_name(
                name_field, parsed.name, transfer.name_from_filename(upload.raw_filename if upload else None))
        except transfer.TransferError as error:
            lists = model.get_lists() if config.show_lists else []
            # Nothing is lost: the text (pasted, or read from the file) comes back in the box to fix.
            file_name = transfer.name_from_filename(upload.raw_filename) if upload is not None else None
            return page("home", status=400, title="Simple Lists", lists=lists, timezone=config.timezone,
                        error="", name="", import_error=str(error), import_text=text,
                        import_name=name_field or file_name or "", export_all=export_all_allowed(config))
        list_id = model.import_list(name, transfer.items_as_pairs(parsed.items))
        security.redirect(f"/lists/{list_id}")
        return None
