"""Rendering pages: the Jinja2 templates, compiled once per process, and render(), which
gives every page what the base layout needs (stylesheet, CSRF token, footer links, the
language) and the helpers the templates call for hidden fields, dates and translated texts.

Templates autoescape every {{ value }} (markupsafe). The helpers below and the rows of
rows.py return markupsafe.Markup, built with markupsafe's escape, and are the only things
templates output unescaped.

Translation: each language has its own compiled templates, in which a fixed text alone
between braces, {{ _("Home") }} or {{ pgettext("name", "Change") }}, was translated and
escaped once, when the template was compiled (FixedTexts): a list page shows some thirty.
Every other text is translated as the page is rendered: each render is handed its own
request's language (_, gettext, ngettext, pgettext, npgettext as template variables), never
the shared Environment's globals, as the worker's threads answer people in different
languages at once. Templates call them as the Python code does, with {placeholders} filled
in after translating, so one catalog serves both; Jinja2's {% trans %} tags are not used
(they write %(name)s placeholders).
"""

from __future__ import annotations

import datetime
import functools
import pathlib
import threading
from collections.abc import Mapping
from typing import Any

import bottle
import jinja2
import jinja2.ext
from markupsafe import Markup, escape

from simplelists import i18n, manifest, urls
from simplelists.config import Config
from simplelists.escaping import escaped, escaped_all, sentence_pieces
from simplelists.static import StaticFiles

TEMPLATES_DIR = pathlib.Path(__file__).resolve().parent / "templates"
SUFFIX = ".html"


class FixedTexts(jinja2.ext.Extension):
    """Translates a template's fixed texts as it is compiled, into the language of its
    Environment (`fixed_texts_language`, set by Templates): an output tag holding a call of
    _ or pgettext with nothing but literal strings, {{ _("Home") }} or
    {{ pgettext("name", "Change") }}, becomes that text, translated and HTML-escaped, as if
    written into the template. A text with values ({{ _("Delete {name}", name=...) }}),
    ngettext, or a call inside an expression or a tag, stays a call made as the page renders.
    Babel's extraction reads the template files themselves, so it sees every text as before."""

    # The calls folded, and how many literal strings each takes (pgettext: context, text).
    CALLS = {"_": 1, "gettext": 1, "pgettext": 2}

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(fixed_texts_language=None)

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Any:
        language = self.environment.fixed_texts_language  # type: ignore[attr-defined]
        tokens = list(stream)
        position = 0
        while position < len(tokens):
            text, length = self._fixed_text(tokens, position, language)
            if text is None:
                yield tokens[position]
                position += 1
            else:
                yield jinja2.lexer.Token(tokens[position].lineno, "data", str(escape(text)))
                position += length

    def _fixed_text(self, tokens: list[jinja2.lexer.Token], start: int,
                    language: i18n.Language | None) -> tuple[str | None, int]:
        """The translated text of a fixed-text tag starting at tokens[start], and how many
        tokens it spans; (None, 0) if none starts there."""
        if language is None or not tokens[start].test("variable_begin") or start + 2 >= len(tokens):
            return None, 0
        name = tokens[start + 1]
        if not name.test("name") or name.value not in self.CALLS or not tokens[start + 2].test("lparen"):
            return None, 0
        strings, position = [], start + 3
        while position < len(tokens) and tokens[position].test("string"):
            strings.append(tokens[position].value)
            position += 1
            if position < len(tokens) and tokens[position].test("comma"):
                position += 1
        end = position + 1
        if (len(strings) != self.CALLS[name.value] or end >= len(tokens) or not tokens[position].test("rparen")
                or not tokens[end].test("variable_end") or tokens[position - 1].test("comma")):
            return None, 0
        if name.value == "pgettext":
            return language.pgettext(*strings), end + 1 - start
        return language.gettext(strings[0]), end + 1 - start


class Templates:
    """The Jinja2 templates of a folder, in each language: each is compiled to Python once
    per language, on first use, and kept for the life of the process (the files are never
    read again). A language's templates have its fixed texts in them (FixedTexts)."""

    def __init__(self, directory: pathlib.Path = TEMPLATES_DIR) -> None:
        self.directory = directory
        self._environments: dict[str, jinja2.Environment] = {}
        # Each compiled template by (language, name): Jinja2's own cache, shared by every
        # template and guarded by a lock, is consulted only the first time.
        self._templates: dict[tuple[str, str], jinja2.Template] = {}
        # Compiling a language's templates takes a tenth of a second: threads that ask for
        # one at once (the first visitors in that language) wait for one compilation
        # rather than each making its own.
        self._compiling = threading.Lock()

    def environment(self, language: i18n.Language) -> jinja2.Environment:
        """The Environment whose templates are compiled for this language."""
        environment = self._environments.get(language.code)
        if environment is None:
            environment = jinja2.Environment(
                loader=jinja2.FileSystemLoader(self.directory), autoescape=True, auto_reload=False,
                keep_trailing_newline=True,
                # A line holding only a {% tag %} leaves nothing in the page, as if it were not there.
                trim_blocks=True, lstrip_blocks=True,
                # A name the page was not given is a mistake to hear about, not an empty string.
                undefined=jinja2.StrictUndefined, extensions=[FixedTexts])
            environment.fixed_texts_language = language  # type: ignore[attr-defined]
            # No globals: every name a page uses comes with its render (see render()), and
            # Jinja2 copies each global into every page's context (its defaults, range()
            # and the like, which no template uses, cost a hundredth of a list page).
            environment.globals.clear()
            self._environments[language.code] = environment  # get() holds its lock here
        return environment

    def get(self, template_name: str, language: i18n.Language) -> jinja2.Template:
        """The named template (templates/<name>.html) in the language; TemplateNotFound if there is none."""
        key = (language.code, template_name)
        template = self._templates.get(key)
        if template is None:
            with self._compiling:
                template = self._templates.get(key)
                if template is None:
                    template = self.environment(language).get_template(template_name + SUFFIX)
                    self._templates[key] = template
        return template

    def render(self, template_name: str, language: i18n.Language, variables: Mapping[str, Any], /) -> str:
        """The named template rendered in the language with the variables (HTML-escaped by default)."""
        return self.get(template_name, language).render(variables)


@functools.cache
def templates(directory: pathlib.Path = TEMPLATES_DIR) -> Templates:
    """The templates of a folder, once per process: every app built in it (the tests build
    hundreds) shares them."""
    return Templates(directory)


def render(template_name: str, variables: dict[str, Any], /, *, config: Config, static_files: StaticFiles,
           csrf_token: str, here: str, status: int = 200, signed_in: bool = True, who: str | None = None,
           name_url: str = "") -> str:
    """A whole page: the template inside the base layout, with the page's own variables
    (a dict the page made for this render, which gets what every page needs added to it),
    for the request being answered (its response gets the status and content type).

    csrf_token goes into every form (token_field: its hidden input; list_fields, on a
    page about one list, the list's as well, see HiddenFields; a page that made its
    HiddenFields already passes it as hidden); signed_in=False leaves the sign-out button and the
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
    # The page's own, when it made one already (the list page, for its rows' forms).
    hidden = variables.get("hidden") or HiddenFields(csrf_token)
    the_list = variables.get("the_list")
    if the_list is not None:
        variables.setdefault("list_links", urls.list_links(the_list.id))
        if "list_fields" not in variables:
            variables["list_fields"] = hidden(the_list)
    head = manifest.page_head(static_files, variables.pop("manifest_url", None)
                              or manifest.manifest_url_for(variables.get("the_list")))
    variables.update(
        stylesheet_url=static_files.url_for("style.css"),
        csrf_token=csrf_token,
        show_sign_out=config.sign_in_enabled and signed_in,
        show_trash=config.show_lists,
        language=language,
        language_options=language_options(language.code),
        here=here,
        show_search=config.all_lists_reachable and signed_in,
        hidden=hidden,
        token_field=hidden(),
        date=functools.partial(date_tag, zone=config.timezone, formats_locale=language.formats_locale),
        markup=functools.partial(_markup_in, language),
        code=code,
        person=person,
        you_are=Markup(f"<bdi>{escaped(who)}</bdi>".join(_you_are(language))) if who else "",
        name_url=name_url,
        # This request's language: the page's hundred-odd texts are looked up in it.
        _=language.gettext,
        gettext=language.gettext,
        ngettext=language.ngettext,
        pgettext=language.pgettext,
        npgettext=language.npgettext,
        head=head)
    # Every link to a list is built by urls.py, never written out in a template; a page
    # may give list_url as a value of its own (the share page: the list's full address).
    variables.setdefault("list_url", urls.list_url)
    return templates().render(template_name, language, variables)


# -- helpers for the templates -------------------------------------------------------------

@functools.cache
def _you_are(language: i18n.Language) -> list[str]:
    """The footer's sentence with the browser's name, escaped in the pieces around the
    name (see escaping.sentence_pieces): the same on every page in that language."""
    # Translators: at the foot of every page, the name this browser's person gave, followed by a link "Change".
    return sentence_pieces(language.gettext("You are {name}"))


@functools.cache
def language_options(chosen: str) -> Markup:
    """The language picker's <option>s, one a line, with the chosen language's selected;
    empty when the app speaks only one. The same on every page in that language, so made
    once per language."""
    choices = i18n.picker_choices()
    if len(choices) < 2:
        return Markup("")
    return Markup("").join(
        Markup('<option value="{}" lang="{}"{}>{}</option>\n').format(
            code, tag, Markup(" selected") if code == chosen else "", name)
        for code, tag, name in choices)


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
    name, value = escaped_all([name, str(value)])
    return f'<input type="hidden" name="{name}" value="{value}">'


def date_tag(moment: datetime.datetime, zone: datetime.tzinfo, formats_locale: str) -> Markup:
    """<time> for an aware moment: the short date shown ("2 Jan", "2. Jan.", "2 janv."),
    the date and time as its tooltip, in the language's formats."""
    texts = i18n.local_date(moment, zone, formats_locale)
    return Markup('<time datetime="{}" title="{}">{}</time>').format(texts.iso, texts.full, texts.short)
