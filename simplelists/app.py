"""The web app: create_app builds a Bottle app from a config.

Everything a request goes through, in order: the body-size limit (a hook), the access
check of its route (sign-in and CSRF, from the route table), the handler, errors turned
into HTTP responses (tracebacks to the log only), and the security headers (a hook, and
the error pages).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

import bottle

from simplelists import api_auth, api_io, auth, dav_auth, i18n, routes, security, services, urls
from simplelists.config import Config
from simplelists.dav_items import DavItems
from simplelists.dav_lists import DavLists
from simplelists.db import Database, is_storage_error
from simplelists.destinations import DestinationStore
from simplelists.devices import DeviceStore
from simplelists.history import HistoryStore
from simplelists.i18n import N_, _
from simplelists.lists import ListStore
from simplelists.routes.lookup import form_list_path, return_path
from simplelists.routes.views import page
from simplelists.search import SearchStore
from simplelists.secret import read_cookie
from simplelists.sections import SectionStore
from simplelists.sessions import SessionStore
from simplelists.static import StaticFiles
from simplelists.list_tokens import TokenStore
from simplelists.trash import TrashStore

log = logging.getLogger("simplelists")

ERROR_TITLES = {
    400: N_("Something in that form was wrong"),
    401: N_("Not allowed"),
    403: N_("That form could not be used"),
    404: N_("Not found"),
    405: N_("That address only takes forms"),
    406: N_("That cannot be shown"),
    408: N_("That took too long"),
    411: N_("Length required"),
    413: N_("Too much text"),
    414: N_("That address is too long"),
    415: N_("That kind of content is not taken here"),
    422: N_("Something in that request was wrong"),
    429: N_("Too many attempts"),
    431: N_("The request's headers are too large"),
    500: N_("Something went wrong"),
    501: N_("That is not something this app does"),
    503: N_("Could not save, try again"),
}
NOT_FOUND = N_("There is no such page or list. It may have been deleted, or the link is mistyped.")
POST_ONLY = N_("This address changes things, so it only accepts a form sent from the app.")
NOT_SAVED = N_("Your change could not be saved just now. Go back and try again in a moment.")
OUR_FAULT = N_("Something went wrong on our side.")


def create_app(config: Config, db: Database | None = None) -> bottle.Bottle:
    """Build the web app for a config; the database defaults to the file config.db_path
    names. Its schema is brought up to date first."""
    if db is None:
        db = Database(config.db_path, checkpoints=config.replica is None)
    db.migrate()
    app = bottle.Bottle(catchall=True)
    lists, sections = ListStore(db), SectionStore(db)
    services.attach(app, services.Services(
        config=config, db=db, lists=lists, trash=TrashStore(db), sessions=SessionStore(db),
        static_files=StaticFiles(), tokens=TokenStore(db),
        sections=sections, history=HistoryStore(db), search=SearchStore(db), devices=DeviceStore(db),
        dav_lists=DavLists(db), dav_items=DavItems(db, lists, sections),
        destinations=DestinationStore(db)))
    # Installed first, so it wraps the access check too.
    app.install(handle_errors)
    app.install(check_access)
    app.add_hook("before_request", choose_language)
    app.add_hook("before_request", limit_body_size)
    app.add_hook("after_request", add_security_headers)
    for code in ERROR_TITLES:
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
                raise bottle.HTTPError(503, _(NOT_SAVED), headers={"Retry-After": "5"}) from None
            log.exception("database error in %s %s", bottle.request.method, bottle.request.path)
            raise bottle.HTTPError(500, _(OUR_FAULT)) from None
        except Exception:
            log.exception("error in %s %s", bottle.request.method, bottle.request.path)
            raise bottle.HTTPError(500, _(OUR_FAULT)) from None

    return wrapper


class CheckAccess:
    """Plugin: before any handler, enforce its route's access (see routes.ROUTES).

    A signed-out request to a SIGNED_IN route goes to the sign-in form, which returns to
    the page (for a POST: to the list the form was on, not to a form-only URL). Every
    POST must carry the CSRF token of its cookie, except on TOKEN routes: they read no
    cookie at all, only the bearer token (simplelists/api_auth.py), so a forged form has
    nothing to ride on; nor on DEVICE routes, the CalDAV surface, which reads only a
    device password sent with HTTP Basic (simplelists/dav_auth.py) and takes no POST.
    """

    name = "check_access"
    api = 2

    def apply(self, callback: Callable[..., Any], route: bottle.Route) -> Callable[..., Any]:
        access = route.config.get("access")

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            app = services.current()
            if access == routes.TOKEN:
                api_auth.authorise(app, kwargs.get("list_id", ""))
                return callback(*args, **kwargs)
            if access == routes.DEVICE:
                dav_auth.authorise(app)
                return callback(*args, **kwargs)
            if access == routes.SIGNED_IN and not auth.is_signed_in(app.config, app.sessions, bottle.request):
                security.redirect(urls.sign_in_url(return_path()))
            if bottle.request.method == "POST":
                auth.check_csrf(bottle.request)
            return callback(*args, **kwargs)

        return wrapper


check_access = CheckAccess()


def choose_language() -> None:
    """Hook: answer in the person's chosen language (the language cookie), else the one
    their browser asks for, else the instance's default (SIMPLELISTS_LANGUAGE). DAV
    requests never read cookies: only Accept-Language."""
    environ = bottle.request.environ
    cookie = None if dav_auth.is_dav_request(bottle.request) else read_cookie(environ, i18n.LANGUAGE_COOKIE)
    i18n.use(i18n.choose(cookie, environ.get("HTTP_ACCEPT_LANGUAGE", ""), services.current().config.language))


def limit_body_size() -> None:
    """Hook: 413 for a body over the limit, before it is read."""
    security.check_body_size(bottle.request)


def add_security_headers() -> None:
    """Hook: the security headers on every response a handler gave."""
    security.add_security_headers(bottle.response, bottle.request)


def error_page(error: bottle.HTTPError) -> str:
    """The page for an HTTP error: a title, the handler's message (or a standard one),
    a link home. Bottle replaces the response's headers with the error's, so the
    security headers are added again here. Handlers give their messages translated;
    Bottle's own (a route not found, a method not allowed) are replaced."""
    security.add_security_headers(bottle.response, bottle.request)
    if api_io.is_api_request():
        return api_io.error_body(error)
    if dav_auth.is_dav_request(bottle.request):
        bottle.response.content_type = dav_auth.TEXT_TYPE
        message = error.body if isinstance(error.body, str) and error.body.endswith(".") else ""
        return (message or _(ERROR_TITLES[error.status_code])) + "\n"
    message = error.body if isinstance(error.body, str) and error.body else ""
    if error.status_code == 404 and not message.endswith("."):
        message = _(NOT_FOUND)
    if error.status_code == 405:
        message = _(POST_ONLY)
    if error.status_code == 500 and not message.endswith("."):
        message = _(OUR_FAULT)
    # A form from a list's page that could not be used: offer the way back to that list, as
    # an app on a home screen has no back button; the language picker returns there too.
    # Never for a body refused unread (too large, of unknown length): home then.
    back = None
    if bottle.request.method == "POST" and error.status_code in (400, 403, 404):
        back = form_list_path()
    here = None if bottle.request.method in ("GET", "HEAD") else back or "/"
    return page("error", status=error.status_code, signed_in=False, title=_(ERROR_TITLES[error.status_code]),
                  message=message, here=here, back=back)
