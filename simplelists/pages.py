"""Rendering pages: the templates, compiled once, and render(), which gives every page
what the base layout needs (stylesheet, CSRF token, footer links) and the helpers the
templates call for hidden fields, counts and dates.

Templates escape every {{value}}; the helpers below build HTML themselves, escaping
what they put in, and are the only things templates output raw ({{!helper(...)}}).
"""

from __future__ import annotations

import datetime
import functools
import html
import pathlib
from collections.abc import Iterable
from typing import Any, NamedTuple

import bottle

from simplelists import auth, context, i18n

TEMPLATES_DIR = pathlib.Path(__file__).resolve().parent / "templates"


class Templates:
    """The SimpleTemplate files of the templates folder, compiled once at start."""

    def __init__(self, directory: pathlib.Path = TEMPLATES_DIR) -> None:
        self._compiled: dict[str, bottle.SimpleTemplate] = {}
        for path in sorted(directory.glob("*.tpl")):
            template = bottle.SimpleTemplate(name=path.stem, lookup=[str(directory)])
            template.prepare()
            self._compiled[path.stem] = template

    def render(self, template_name: str, /, **variables: Any) -> str:
        """The named template rendered with the variables (HTML-escaped by default)."""
        return self._compiled[template_name].render(**variables)


def render(template_name: str, /, status: int = 200, *, signed_in: bool = True, **variables: Any) -> str:
    """A whole page: the template inside the base layout, with what every page needs.

    signed_in=False leaves the sign-out button and the search link out (the sign-in
    page, error pages).
    """
    ctx = context.current()
    token = auth.csrf_token()
    bottle.response.status = status
    bottle.response.content_type = "text/html; charset=utf-8"
    return ctx.templates.render(
        template_name,
        stylesheet_url=ctx.static_files.url_for("style.css"),
        csrf_token=token,
        show_sign_out=ctx.config.sign_in_enabled and signed_in,
        show_trash=ctx.config.show_lists,
        show_search=ctx.config.all_lists_reachable and signed_in,
        hidden=HiddenFields(token),
        date=functools.partial(date_tag, zone=ctx.config.timezone),
        plural=plural,
        count_done=count_done,
        datalist=datalist,
        _=i18n._,
        ngettext=i18n.ngettext,
        **variables)


# -- helpers for the templates -------------------------------------------------------------

class HiddenFields:
    """hidden(the_list=None, item=None, **fields) in a template: the hidden inputs a form
    posts. Always the CSRF token; with the_list, its list-id and the version the page
    shows (so a change by someone else meanwhile is noticed); with item, its item-id; then
    any other fields, their names with "-" for "_".

    One per page: the token's input and each list's are built once, as a list page has a
    form per item and they would otherwise be escaped again for every one.
    """

    def __init__(self, csrf_token: str) -> None:
        self._token = _hidden("csrf-token", csrf_token)
        self._lists: dict[tuple[str, int], str] = {}

    def __call__(self, the_list: Any = None, item: Any = None, **fields: object) -> str:
        parts = [self._token]
        if the_list is not None:
            key = (the_list.id, the_list.version)
            if key not in self._lists:
                self._lists[key] = _hidden("list-id", the_list.id) + "\n" + _hidden("version", the_list.version)
            parts.append(self._lists[key])
        if item is not None:
            parts.append(f'<input type="hidden" name="item-id" value="{int(item.id)}">')
        parts.extend(_hidden(name.replace("_", "-"), value) for name, value in fields.items())
        return "\n".join(parts)


def _hidden(name: str, value: object) -> str:
    return f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(str(value))}">'


def datalist(element_id: str, values: Iterable[str]) -> str:
    """<datalist> with an option for each value (escaped), for a text field's list=."""
    return _datalist(element_id, tuple(values))


# Built here in one join rather than by a template loop, and kept: the list page offers a
# hundred suggestions, the same ones until the list changes, and escaping them on every
# view was a sixth of the page's time.
@functools.lru_cache(maxsize=64)
def _datalist(element_id: str, values: tuple[str, ...]) -> str:
    options = "".join(f'<option value="{html.escape(value)}"></option>\n' for value in values)
    return f'<datalist id="{html.escape(element_id)}">\n{options}</datalist>'


def plural(count: int, singular: str, plural_form: str) -> str:
    """"1 item", "2 items": the count with the right form of the word."""
    return f"{count} {singular if count == 1 else plural_form}"


def count_done(done: int, total: int) -> str:
    """How much of a list is done, e.g. "3 of 10 done"."""
    return f"{done} of {total} done"


class LocalDate(NamedTuple):
    """A moment as the pages show it, in the configured zone."""

    iso: str  # for <time datetime=...>, e.g. 2024-05-01T18:30:00+01:00
    full: str  # the tooltip, e.g. 2024-05-01 18:30:00 BST
    short: str  # what is shown, e.g. 1 May


# Cached: a pure function of its arguments, and the same lists' dates are shown on every
# home page; strftime with a zone is slow enough to be most of that page's time.
@functools.lru_cache(maxsize=4096)
def local_date(moment: datetime.datetime, zone: datetime.tzinfo) -> LocalDate:
    """The texts for an aware moment shown in zone."""
    local = moment.astimezone(zone)
    return LocalDate(iso=local.isoformat(timespec="seconds"),
                     full=local.strftime("%Y-%m-%d %H:%M:%S %Z"),
                     short=f"{local.day} {local.strftime('%b')}")


def date_tag(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """<time> for an aware moment: the short date shown, the full one as its tooltip."""
    texts = local_date(moment, zone)
    return f'<time datetime="{texts.iso}" title="{html.escape(texts.full)}">{html.escape(texts.short)}</time>'
