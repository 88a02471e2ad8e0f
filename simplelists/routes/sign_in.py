"""Signing in with the family password, and signing out."""

from __future__ import annotations

import urllib.parse

import bottle

from simplelists import auth, forms, names, security, services, urls
from simplelists.i18n import ngettext


def sign_in() -> None:
    """POST /sign-in (username, password, return-url): start a session and go back where
    the person was going, by way of the page asking who uses this browser if it has
    never been asked (see names.was_asked); a wrong password goes back to the form saying so. Too many
    wrong passwords from one client get 429 for a while, even with the right one."""
    app = services.current()
    config = app.config
    # Checked as sent: cleaning first could turn "/\tevil" into something that passes.
    return_url = security.safe_return_url(forms.raw("return-url"))
    if not config.sign_in_enabled:
        security.redirect(return_url)
    client = security.client_address(bottle.request, config.trusted_proxies)
    wait = auth.SIGN_IN_THROTTLE.wait(app.sessions, client)
    if wait:
        raise bottle.HTTPError(
            429, ngettext("Too many wrong passwords from here. Wait {count} minute and try again.",
                          "Too many wrong passwords from here. Wait {count} minutes and try again.", wait.minutes),
            headers=wait.headers)
    if not auth.check_credentials(config, forms.text("username"), forms.raw("password")):
        auth.SIGN_IN_THROTTLE.record_failure(app.sessions, client)
        security.redirect("/?error=sign-in&return-url=" + urllib.parse.quote(return_url, safe="/"))
    auth.SIGN_IN_THROTTLE.clear(app.sessions, client)
    auth.start_session(app.sessions, bottle.request, bottle.response)
    if not names.was_asked(bottle.request.environ):
        security.redirect(urls.name_url(return_url))
    security.redirect(return_url)


def sign_out() -> None:
    """POST /sign-out: end the session on the server too, then go home."""
    auth.end_session(services.current().sessions, bottle.request, bottle.response)
    security.redirect("/")
