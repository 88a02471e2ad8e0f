"""The web app: create_app builds a Bottle app from a config.

Everything a request goes through, in order: the body-size limit (a hook), the access
check of its route (sign-in and CSRF, from the route table), the handler, errors turned
into HTTP responses (tracebacks to the log only), and the security headers (a hook, and
the error pages).
"""

from __future__ import annotations

import logging
import sqlite3
import urllib.parse
from collections.abc import Callable
from typing import Any

import bottle

from simplelists import auth, context, routes, security
from simplelists.config import Config
from simplelists.db import Database, is_storage_error
from simplelists.history import HistoryStore
from simplelists.lists import ListStore
from simplelists.pages import Templates, render
from simplelists.search import SearchStore
from simplelists.sections import SectionStore
from simplelists.sessions import SessionStore
from simplelists.static import StaticFiles
from simplelists.trash import TrashStore

log = logging.getLogger("simplelists")

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
# Other errors Bottle or the server may raise, shown with their standard wording.
OTHER_ERRORS = (401, 406, 408, 414, 415, 422, 431, 501)
NOT_FOUND = "There is no such page or list. It may have been deleted, or the link is mistyped."
POST_ONLY = "This address changes things, so it only accepts a form sent from the app."
NOT_SAVED = "Your change could not be saved just now. Go back and try again in a moment."
OUR_FAULT = "Something went wrong on our side."


def create_app(config: Config, db: Database | None = None) -> bottle.Bottle:
    """Build the web app for a config; the database defaults to the file config.db_path
    names. Its schema is brought up to date first."""
    if db is None:
        db = Database(config.db_path)
    db.migrate()
    app = bottle.Bottle(catchall=True)
    context.attach(app, context.Context(
        config=config, db=db, lists=ListStore(db), trash=TrashStore(db), sessions=SessionStore(db),
        templates=Templates(), static_files=StaticFiles(),
        sections=SectionStore(db), history=HistoryStore(db), search=SearchStore(db)))
    # Installed first, so it wraps the access check too.
    app.install(handle_errors)
    app.install(check_access)
    app.add_hook("before_request", limit_body_size)
    app.add_hook("after_request", add_security_headers)
    for code in (*ERROR_TITLES, *OTHER_ERRORS):
        app.error_handler[code] = error_page
    routes.register_all(app)
    return app


def handle_errors(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Plugin: turn exceptions into HTTP errors. Storage trouble (full disk, read-only
    file) is a 503 the person can retry; anything else a 500 that says nothing of the
    cause. Tracebacks go to the log only."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except bottle.HTTPResponse:
            raise
        except sqlite3.Error as error:
            if is_storage_error(error):
                log.warning("database could not be written: %s", error)
                raise bottle.HTTPError(503, NOT_SAVED, headers={"Retry-After": "5"}) from None
            log.exception("database error in %s %s", bottle.request.method, bottle.request.path)
            raise bottle.HTTPError(500, OUR_FAULT) from None
        except Exception:
            log.exception("error in %s %s", bottle.request.method, bottle.request.path)
            raise bottle.HTTPError(500, OUR_FAULT) from None

    return wrapper


class CheckAccess:
    """Plugin: before any handler, enforce its route's access (see routes.ROUTES).

    A signed-out request to a SIGNED_IN route goes to the sign-in form, which returns to
    the page (for a POST: to the list the form was on, not to a form-only URL). Every
    POST must carry the CSRF token of its cookie.
    """

    name = "check_access"
    api = 2

    def apply(self, callback: Callable[..., Any], route: bottle.Route) -> Callable[..., Any]:
        access = route.config.get("access")

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if access == routes.SIGNED_IN and not auth.is_signed_in():
                security.redirect("/?return-url=" + urllib.parse.quote(_return_path(), safe="/"))
            if bottle.request.method == "POST":
                auth.check_csrf()
            return callback(*args, **kwargs)

        return wrapper


check_access = CheckAccess()


def _return_path() -> str:
    request = bottle.request
    if request.method == "POST":
        # The form was on a page that was open when the session ended: back to that list.
        list_id = request.forms.get("list-id", "")
        if list_id.isascii() and list_id.isalpha() and len(list_id) <= 32:
            return f"/lists/{list_id}"
        return "/"
    return request.fullpath + ("?" + request.query_string if request.query_string else "")


def limit_body_size() -> None:
    """Hook: 413 for a body over the limit, before it is read."""
    security.check_body_size(bottle.request)


def add_security_headers() -> None:
    """Hook: the security headers on every response a handler gave."""
    security.add_security_headers(bottle.response, bottle.request)


def error_page(error: bottle.HTTPError) -> str:
    """The page for an HTTP error: a title, the handler's message (or a standard one),
    a link home. Bottle replaces the response's headers with the error's, so the
    security headers are added again here."""
    security.add_security_headers(bottle.response, bottle.request)
    message = error.body if isinstance(error.body, str) and error.body else ""
    if error.status_code == 404 and not message.endswith("."):
        message = NOT_FOUND
    if error.status_code == 405:
        message = POST_ONLY
    title = ERROR_TITLES.get(error.status_code, error.status_line)
    return render("error", status=error.status_code, signed_in=False, title=title, message=message)
