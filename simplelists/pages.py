"""Rendering pages: the templates, compiled once, and render(), which gives every page
what the base layout needs (stylesheet, CSRF token, footer links, the language) and the
helpers the templates call for hidden fields, dates and translated texts.

Templates escape every {{value}}; the helpers below build HTML themselves, escaping
what they put in, and are the only things templates output raw ({{!helper(...)}}).
"""

from __future__ import annotations

import datetime
import functools
import html
import pathlib
from collections.abc import Iterable
from typing import Any

import bottle

from simplelists import i18n, manifest
from simplelists.config import Config
from simplelists.static import StaticFiles

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


@functools.cache
def templates(directory: pathlib.Path = TEMPLATES_DIR) -> Templates:
    """The templates of a folder, read once per process: every app built in it (the tests
    build hundreds) shares them, and each is turned into Python once, on first use."""
    return Templates(directory)


def render(template_name: str, /, *, config: Config, static_files: StaticFiles, csrf_token: str, here: str,
           status: int = 200, signed_in: bool = True, **variables: Any) -> str:
    """A whole page: the template inside the base layout, with what every page needs,
    for the request being answered (its response gets the status and content type).

    csrf_token goes into every form; signed_in=False leaves the sign-out button and the
    search link out (the sign-in page, error pages); here is where the language picker
    comes back to. manifest_url: the page's web app manifest, if not its list's (or the
    app's).
    """
    language = i18n.current()
    bottle.response.status = status
    bottle.response.content_type = "text/html; charset=utf-8"
    bottle.response.set_header("Content-Language", language.tag)
    return templates().render(
        template_name,
        stylesheet_url=static_files.url_for("style.css"),
        csrf_token=csrf_token,
        show_sign_out=config.sign_in_enabled and signed_in,
        show_trash=config.show_lists,
        language=language,
        languages=list(i18n.languages().values()),
        here=here,
        show_search=config.all_lists_reachable and signed_in,
        hidden=HiddenFields(csrf_token),
        datalist=datalist,
        date=functools.partial(date_tag, zone=config.timezone, formats_locale=language.formats_locale),
        markup=markup,
        code=code,
        # The page's language, looked up once for its hundred-odd texts.
        _=language.gettext,
        ngettext=language.ngettext,
        join_names=i18n.join_names,
        head=manifest.page_head(static_files, variables.pop("manifest_url", None)
                                or manifest.manifest_url_for(variables.get("the_list"))),
        **variables)


# -- helpers for the templates -------------------------------------------------------------

class Markup(str):
    """HTML that a helper built and escaped itself: markup() puts it in unescaped."""


def markup(message: str, /, **values: object) -> Markup:
    """{{!markup("deleted {date}", date=date(moment))}}: the message translated and
    escaped, with its values escaped too unless they are Markup from another helper. For
    the few sentences that hold an element (a <time>, a <code>); the translation itself
    can never add markup."""
    escaped = {name: value if isinstance(value, Markup) else html.escape(str(value)) for name, value in values.items()}
    return Markup(html.escape(i18n._(message)).format(**escaped))


def code(text: str) -> Markup:
    """<code>text</code>, escaped."""
    return Markup(f"<code>{html.escape(text)}</code>")


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


def date_tag(moment: datetime.datetime, zone: datetime.tzinfo, formats_locale: str) -> Markup:
    """<time> for an aware moment: the short date shown ("2 Jan", "2. Jan.", "2 janv."),
    the date and time as its tooltip, in the language's list_files."""
    texts = i18n.local_date(moment, zone, formats_locale)
    return Markup(f'<time datetime="{texts.iso}" title="{html.escape(texts.full)}">{html.escape(texts.short)}</time>')
