"""The web app: create_app builds a Bottle app with every route."""

from __future__ import annotations

import logging
import pathlib
import sqlite3
import urllib.parse
from typing import Any

import bottle

from simplelists import (auth, display, page_cache, routes_items, routes_lists, routes_trash, routes_transfer,
                         security, static)
from simplelists.config import Config
from simplelists.db import Model, is_storage_error

log = logging.getLogger("simplelists")

TEMPLATES_DIR = pathlib.Path(__file__).resolve().parent / "templates"

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


def escape_html(value: Any) -> str:
    """{{value}} in a template: exactly Bottle's html_escape(touni(value)), faster.

    A list page escapes some 20 values per item, and with Bottle's own escape (a lambda
    calling touni then five str.replace) that was half the page's time. Most values are
    IDs and tokens with nothing to escape: checking with `in` first and skipping the
    extra calls cut the list of 20 from ~450 to ~300 us of CPU (see BENCHMARKS.md).
    """
    if type(value) is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return bottle.html_escape(value)
        return value
    if type(value) is int:
        return str(value)  # digits only: nothing to escape
    return bottle.html_escape(bottle.touni(value))


class _Template(bottle.SimpleTemplate):
    """SimpleTemplate with the faster escape_html (included templates, like base.tpl,
    are made from this class too, so they get it as well), and helpers every template
    may call."""

    defaults = {"list_date": display.list_date}

    def prepare(self, **options: Any) -> None:
        super().prepare(**options)
        if not options.get("noescape"):
            self._escape = escape_html


class Templates:
    """SimpleTemplate files from templates/, compiled once at start."""

    def __init__(self, directory: pathlib.Path = TEMPLATES_DIR) -> None:
        self._directory = directory
        self._compiled: dict[str, bottle.SimpleTemplate] = {}
        for path in sorted(directory.glob("*.tpl")):
            template = _Template(name=path.stem, lookup=[str(directory)])
            template.prepare()
            self._compiled[path.stem] = template

    def render(self, template_name: str, /, **variables: Any) -> str:
        """The named template rendered with the variables (HTML-escaped by default)."""
        return self._compiled[template_name].render(**variables)


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
        token = page_cache.TOKEN_PLACEHOLDER if page_cache.rendering_for_cache() else auth.csrf_token()
        return templates.render(
            template_name, stylesheet_url=stylesheet_url, show_sign_out=show_sign_out,
            show_trash=config.show_lists, csrf_token=token, **variables)

    pages = page_cache.PageCache(model)
    app.config["simplelists.pages"] = pages

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
    def home() -> str | bytes:
        if not auth.is_signed_in():
            return page(
                "sign_in", signed_in=False, title="Sign in",
                return_url=security.safe_return_url(bottle.request.query.getunicode("return-url")),
                error=bottle.request.query.get("error") == "sign-in")
        if bottle.request.query_string:
            return render_home()
        return pages.serve("home", render_home, auth.csrf_token)

    def render_home() -> str:
        lists = model.get_lists() if config.show_lists else []
        return page("home", title="Simple Lists", lists=lists, timezone=config.timezone, error="", name="",
                    export_all=routes_transfer.export_all_allowed(config))

    # Before /lists/<list_id>, which would otherwise also match /lists/<id>.txt.
    routes_transfer.register(app, model, page)

    @app.get("/healthz")
    def healthz() -> str:
        # 503 when the database cannot be read or written (full disk, read-only file...),
        # so the platform's health check and a person looking both see the problem.
        bottle.response.content_type = "text/plain; charset=utf-8"
        problem = model.health_problem()
        if problem is not None:
            log.warning("health check failed: %s", problem)
            bottle.response.status = 503
            return problem
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

    # -- lists (their pages and item routes are in routes_lists, routes_items, routes_trash) --

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

    def _raw_form_text(name: str) -> str:
        raw = bottle.request.forms.get(name) or ""
        try:
            return raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            raise bottle.HTTPError(400, "The form sent text that is not valid UTF-8.") from None

    routes_lists.register(app, model, page)
    routes_items.register(app, model, page)
    routes_trash.register(app, model, page)
    return app
