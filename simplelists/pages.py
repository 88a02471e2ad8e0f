"""Rendering pages: the Jinja2 templates, compiled once per process, and render(), which
gives every page what the base layout needs (stylesheet, CSRF token, footer links, the
language) and the helpers the templates call for hidden fields, dates and translated texts.

Templates autoescape every {{ value }} (markupsafe). The helpers below and the rows of
rows.py return markupsafe.Markup, built with markupsafe's escape, and are the only things
templates output unescaped.

Translation: each render is handed its own request's language (_, gettext, ngettext,
pgettext, npgettext as template variables), never the shared Environment's globals, as
the worker's threads answer people in different languages at once. Templates call them
as the Python code does, with {placeholders} filled in after translating, so one catalog
serves both; Jinja2's {% trans %} tags are not used (they write %(name)s placeholders).
"""

from __future__ import annotations

import datetime
import functools
import pathlib
from typing import Any

import bottle
import jinja2
from markupsafe import Markup, escape

from simplelists import i18n, manifest, urls
from simplelists.config import Config
from simplelists.static import StaticFiles

TEMPLATES_DIR = pathlib.Path(__file__).resolve().parent / "templates"
SUFFIX = ".html"


class Templates:
    """The Jinja2 templates of a folder: each is compiled to Python once, on first use,
    and kept for the life of the process (the files are never read again)."""

    def __init__(self, directory: pathlib.Path = TEMPLATES_DIR) -> None:
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(directory), autoescape=True, auto_reload=False, keep_trailing_newline=True,
            # A line holding only a {% tag %} leaves nothing in the page, as if it were not there.
            trim_blocks=True, lstrip_blocks=True,
            # A name the page was not given is a mistake to hear about, not an empty string.
            undefined=jinja2.StrictUndefined)
        # Every link to a list is built by urls.py, never written out in a template.
        self.environment.globals.update(list_url=urls.list_url)

    def get(self, template_name: str) -> jinja2.Template:
        """The named template (templates/<name>.html); TemplateNotFound if there is none."""
        return self.environment.get_template(template_name + SUFFIX)

    def render(self, template_name: str, /, **variables: Any) -> str:
        """The named template rendered with the variables (HTML-escaped by default)."""
        return self.get(template_name).render(variables)


@functools.cache
def templates(directory: pathlib.Path = TEMPLATES_DIR) -> Templates:
    """The templates of a folder, once per process: every app built in it (the tests build
    hundreds) shares them."""
    return Templates(directory)


def render(template_name: str, /, *, config: Config, static_files: StaticFiles, csrf_token: str, here: str,
           status: int = 200, signed_in: bool = True, who: str | None = None, name_url: str = "",
           **variables: Any) -> str:
    """A whole page: the template inside the base layout, with what every page needs,
    for the request being answered (its response gets the status and content type).

    csrf_token goes into every form; signed_in=False leaves the sign-out button and the
    search link out (the sign-in page, error pages); here is where the language picker
    comes back to. who: the browser's name for the footer ("You are Mum · Change"), and
    name_url the page that changes it (none: no such line). manifest_url: the page's web
    app manifest, if not its list's (or the app's). read_only=True leaves the footer out.
    A page about one list (the_list) gets its links as list_links (urls.list_links).
    """
    language = i18n.current()
    bottle.response.status = status
    bottle.response.content_type = "text/html; charset=utf-8"
    bottle.response.set_header("Content-Language", language.tag)
    variables.setdefault("read_only", False)
    the_list = variables.get("the_list")
    variables.setdefault("list_links", urls.list_links(the_list.id) if the_list is not None else None)
    return templates().render(
        template_name,
        stylesheet_url=static_files.url_for("style.css"),
        csrf_token=csrf_token,
        show_sign_out=config.sign_in_enabled and signed_in,
        show_trash=config.show_lists,
        language=language,
        languages=i18n.picker_choices(),
        here=here,
        show_search=config.all_lists_reachable and signed_in,
        hidden=HiddenFields(csrf_token),
        date=functools.partial(date_tag, zone=config.timezone, formats_locale=language.formats_locale),
        markup=functools.partial(_markup_in, language),
        code=code,
        person=person,
        who=who,
        name_url=name_url,
        # This request's language: the page's hundred-odd texts are looked up in it.
        _=language.gettext,
        gettext=language.gettext,
        ngettext=language.ngettext,
        pgettext=language.pgettext,
        npgettext=language.npgettext,
        head=manifest.page_head(static_files, variables.pop("manifest_url", None)
                                or manifest.manifest_url_for(variables.get("the_list"))),
        **variables)


# -- helpers for the templates -------------------------------------------------------------

def markup(text: str, /, **values: object) -> Markup:
    """{{ markup(_("deleted {date}"), date=date(moment)) }}: a translated text escaped, with
    its values escaped too unless they are Markup from another helper. For the few
    sentences that hold an element (a <time>, a <code>); a translation can never add markup."""
    return escape(text).format(**values)


def _markup_in(language: i18n.Language, text: str, /, **values: object) -> Markup:
    return markup(text, **language.isolate(values))


def code(text: str) -> Markup:
    """<code>text</code>, escaped."""
    return Markup("<code>{}</code>").format(text)


def person(name: str) -> Markup:
    """A person's name put into a sentence: escaped, in <bdi>, so a name in another
    script keeps its own direction and leaves the sentence's alone."""
    return Markup("<bdi>{}</bdi>").format(name)


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

    def __call__(self, the_list: Any = None, item: Any = None, **fields: object) -> Markup:
        parts = [self._token]
        if the_list is not None:
            key = (the_list.id, the_list.version)
            if key not in self._lists:
                self._lists[key] = _hidden("list-id", the_list.id) + "\n" + _hidden("version", the_list.version)
            parts.append(self._lists[key])
        if item is not None:
            parts.append(f'<input type="hidden" name="item-id" value="{int(item.id)}">')
        parts.extend(_hidden(name.replace("_", "-"), value) for name, value in fields.items())
        return Markup("\n".join(parts))


def _hidden(name: str, value: object) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def date_tag(moment: datetime.datetime, zone: datetime.tzinfo, formats_locale: str) -> Markup:
    """<time> for an aware moment: the short date shown ("2 Jan", "2. Jan.", "2 janv."),
    the date and time as its tooltip, in the language's formats."""
    texts = i18n.local_date(moment, zone, formats_locale)
    return Markup('<time datetime="{}" title="{}">{}</time>').format(texts.iso, texts.full, texts.short)
