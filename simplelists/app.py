"""The web app: create_app builds a Bottle app with every route."""

from __future__ import annotations

import logging
import pathlib
import re
import sqlite3
import urllib.parse
from typing import Any

import bottle

from simplelists import auth, security, static
from simplelists.config import Config
from simplelists.db import Model

log = logging.getLogger("simplelists")

TEMPLATES_DIR = pathlib.Path(__file__).resolve().parent.parent / "templates"
_ITEM_ID = re.compile(r"^[0-9]{1,18}$")  # 18 digits fit SQLite's 64-bit integers

ERROR_TITLES = {
    400: "Something in that form was wrong",
    403: "That form could not be used",
    404: "Not found",
    405: "That address only takes forms",
    411: "Length required",
    413: "Too much text",
    429: "Too many sign-in attempts",
    500: "Something went wrong",
    503: "Could not save, try again",
}


class Templates:
    """SimpleTemplate files from templates/, compiled once at start."""

    def __init__(self, directory: pathlib.Path = TEMPLATES_DIR) -> None:
        self._directory = directory
        self._compiled: dict[str, bottle.SimpleTemplate] = {}
        for path in sorted(directory.glob("*.tpl")):
            template = bottle.SimpleTemplate(name=path.stem, lookup=[str(directory)])
            template.prepare()
            self._compiled[path.stem] = template

    def render(self, template_name: str, /, **variables: Any) -> str:
        """The named template rendered with the variables (HTML-escaped by default)."""
        return self._compiled[template_name].render(**variables)


def is_storage_error(error: sqlite3.Error) -> bool:
    """True for errors that mean "could not write now" (disk full, read-only, locked)
    rather than a bug: the user is told to try again, and reads go on working."""
    if isinstance(error, sqlite3.OperationalError):
        message = str(error).lower()
        return any(word in message for word in (
            "full", "readonly", "read-only", "locked", "busy", "disk i/o", "unable to open"))
    return False


def create_app(config: Config, model: Model | None = None) -> bottle.Bottle:
    """Build the web app for a config; the model defaults to one on config.db_path."""
    if model is None:
        model = Model(config.db_path)
    model.migrate()
    templates = Templates()
    static_files = static.load_static_files()
    stylesheet_url = static.url_for(static_files, "style.css")

    app = bottle.Bottle(catchall=True)
    app.config["simplelists.config"] = config
    app.config["simplelists.model"] = model

    def page(template_name: str, /, status: int = 200, **variables: Any) -> str:
        """Render a page with what every page needs (stylesheet, sign-out form, token)."""
        bottle.response.status = status
        bottle.response.content_type = "text/html; charset=utf-8"
        show_sign_out = config.sign_in_enabled and variables.pop("signed_in", True)
        return templates.render(
            template_name, stylesheet_url=stylesheet_url, show_sign_out=show_sign_out,
            csrf_token=auth.csrf_token(), **variables)

    # -- cross-cutting: errors, headers, body size -------------------------------------

    def handle_errors(callback: Any) -> Any:
        """Plugin: turn exceptions into HTTP errors; tracebacks go to the log only."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except bottle.HTTPResponse:
                raise
            except sqlite3.Error as error:
                if is_storage_error(error):
                    log.warning("database could not be written: %s", error)
                    raise bottle.HTTPError(
                        503, "Your change could not be saved just now. Go back and try again in a moment.",
                        headers={"Retry-After": "5"}) from None
                log.exception("database error in %s %s", bottle.request.method, bottle.request.path)
                raise bottle.HTTPError(500, "Something went wrong on our side.") from None
            except Exception:
                log.exception("error in %s %s", bottle.request.method, bottle.request.path)
                raise bottle.HTTPError(500, "Something went wrong on our side.") from None

        return wrapper

    app.install(handle_errors)

    @app.hook("before_request")
    def limit_body_size() -> None:
        security.check_body_size(bottle.request)

    @app.hook("after_request")
    def add_headers() -> None:
        security.add_security_headers(bottle.response, bottle.request)

    def error_page(error: bottle.HTTPError) -> str:
        security.add_security_headers(bottle.response, bottle.request)
        bottle.response.content_type = "text/html; charset=utf-8"
        message = error.body if isinstance(error.body, str) and error.body else ""
        if error.status_code == 404 and not message.endswith("."):
            message = "There is no such page or list. It may have been deleted, or the link is mistyped."
        if error.status_code == 405:
            message = "This address changes things, so it only accepts a form sent from the app."
        title = ERROR_TITLES.get(error.status_code, error.status_line)
        return templates.render("error", stylesheet_url=stylesheet_url, show_sign_out=False,
                                title=title, message=message, status=error.status_code)

    for code in list(ERROR_TITLES) + [401, 406, 408, 414, 415, 422, 431, 501]:
        app.error_handler[code] = error_page

    # -- pages -----------------------------------------------------------------------

    @app.get("/")
    def home() -> str:
        if not auth.is_signed_in():
            return page(
                "sign_in", signed_in=False, title="Sign in",
                return_url=security.safe_return_url(bottle.request.query.getunicode("return-url")),
                error=bottle.request.query.get("error") == "sign-in")
        lists = model.get_lists() if config.show_lists else []
        return page("home", title="Simple Lists", lists=lists, timezone=config.timezone, error="", name="")

    @app.get("/lists/<list_id>")
    @auth.sign_in_required
    def show_list(list_id: str) -> str:
        the_list = model.get_list(list_id)
        if the_list is None:
            raise bottle.HTTPError(404)
        if bottle.request.query.get("delete"):
            return page("confirm_delete", title=f"Delete {the_list.name}?", list=the_list)
        return page("list", title=the_list.name, list=the_list, error="", description="")

    @app.get("/healthz")
    def healthz() -> str:
        bottle.response.content_type = "text/plain; charset=utf-8"
        try:
            model.ping()
        except sqlite3.Error as error:
            log.warning("health check failed: %s", error)
            bottle.response.status = 503
            return f"database unavailable: {error}"
        return "ok"

    @app.get("/static/<name:path>")
    def static_file(name: str) -> bytes:
        return static.serve(static_files, name)

    # -- sign-in ---------------------------------------------------------------------

    @app.post("/sign-in")
    @auth.csrf_protected
    def sign_in() -> None:
        # Checked raw: cleaning first could turn "/\tevil" into something that passes.
        return_url = security.safe_return_url(_raw_form_text("return-url"))
        if not config.sign_in_enabled:
            security.redirect(return_url)
        retry_after = auth.sign_in_retry_after()
        if retry_after:
            minutes = (retry_after + 59) // 60
            raise bottle.HTTPError(
                429, f"Too many wrong passwords from here. Wait {minutes} minute{'s' if minutes != 1 else ''} "
                     "and try again.", headers={"Retry-After": str(retry_after)})
        username = security.form_text(bottle.request, "username")
        password = _raw_form_text("password")
        if not auth.check_credentials(config, username, password):
            auth.record_sign_in_failure()
            security.redirect("/?error=sign-in&return-url=" + urllib.parse.quote(return_url, safe="/"))
        auth.clear_sign_in_failures()
        auth.start_session()
        security.redirect(return_url)

    @app.post("/sign-out")
    @auth.csrf_protected
    def sign_out() -> None:
        auth.end_session()
        security.redirect("/")

    # -- lists and items ---------------------------------------------------------------

    @app.post("/create-list")
    @auth.sign_in_required
    @auth.csrf_protected
    def create_list() -> str | None:
        name = security.form_text(bottle.request, "name")
        if not name:
            security.redirect("/")
        try:
            security.check_length(name, "The list name")
        except security.FormError as error:
            lists = model.get_lists() if config.show_lists else []
            return page("home", status=400, title="Simple Lists", lists=lists, timezone=config.timezone,
                        error=str(error), name=name)
        list_id = model.create_list(name)
        security.redirect(f"/lists/{list_id}")
        return None

    @app.post("/delete-list")
    @auth.sign_in_required
    @auth.csrf_protected
    def delete_list() -> None:
        # "id" is the field name the earliest Go version used.
        list_id = security.form_text(bottle.request, "list-id") or security.form_text(bottle.request, "id")
        if not model.delete_list(list_id):
            raise bottle.HTTPError(404)
        security.redirect("/")

    @app.post("/add-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def add_item() -> str | None:
        the_list = _list_from_form()
        description = security.form_text(bottle.request, "description")
        if description:
            try:
                security.check_length(description, "The item")
            except security.FormError as error:
                return page("list", status=400, title=the_list.name, list=the_list, error=str(error),
                            description=description)
            model.add_item(the_list.id, description)
        security.redirect(f"/lists/{the_list.id}")
        return None

    @app.post("/update-done")
    @auth.sign_in_required
    @auth.csrf_protected
    def update_done() -> None:
        list_id, item_id = _item_from_form()
        done = bottle.request.forms.get("done") == "on"
        if not model.set_done(list_id, item_id, done):
            raise bottle.HTTPError(404, "That item is not on this list any more.")
        # The fragment keeps a phone scrolled to the item just ticked.
        security.redirect(f"/lists/{list_id}#item-{item_id}")

    @app.post("/delete-item")
    @auth.sign_in_required
    @auth.csrf_protected
    def delete_item() -> None:
        list_id, item_id = _item_from_form()
        if not model.delete_item(list_id, item_id):
            raise bottle.HTTPError(404, "That item is not on this list any more.")
        security.redirect(f"/lists/{list_id}")

    def _list_from_form() -> Any:
        the_list = model.get_list(security.form_text(bottle.request, "list-id"))
        if the_list is None:
            raise bottle.HTTPError(404, "That list does not exist any more.")
        return the_list

    def _item_from_form() -> tuple[str, int]:
        list_id = security.form_text(bottle.request, "list-id")
        item_id = security.form_text(bottle.request, "item-id")
        if not list_id or not _ITEM_ID.match(item_id):
            raise bottle.HTTPError(404, "That item is not on this list any more.")
        return list_id, int(item_id)

    def _raw_form_text(name: str) -> str:
        raw = bottle.request.forms.get(name) or ""
        try:
            return raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            raise bottle.HTTPError(400, "The form sent text that is not valid UTF-8.") from None

    return app
