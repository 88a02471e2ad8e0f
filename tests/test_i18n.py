"""The interface in every language: complete catalogs, the language each person gets,
plurals and dates, and every page shown with no English left in it."""

from __future__ import annotations

import dataclasses
import html.parser
import io
import pathlib
import re
import runpy
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from simplelists import i18n
from simplelists.config import Config, ConfigError

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCALE = ROOT / "simplelists" / "locale"
LANGUAGES = [code for code in i18n.available_codes() if code != "en"]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# The same in every language by design: the app's name and names of list_files.
SAME_EVERYWHERE = {"Simple Lists", "JSON", "Markdown"}


def catalog(code: str):
    with open(LOCALE / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=code)


def test_there_are_the_languages_families_asked_for():
    assert {"de", "fr", "es", "it", "nl", "pt_BR", "pl", "ar"} <= set(LANGUAGES)
    assert any(i18n.languages()[code].direction == "rtl" for code in LANGUAGES)


# -- the catalogs ----------------------------------------------------------------------------

def extracted_ids() -> set[object]:
    """Every text the code and templates mark for translation now, as pybabel extracts it:
    (context, message), context None for most."""
    method_map = [("simplelists/templates/**.html", "jinja2"), ("simplelists/**.py", "python")]
    keywords = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
    found = set()
    for _, _, message, _, context in extract_from_dir(str(ROOT), method_map, keywords=keywords,
                                                       callback=lambda *args: None):
        found.add((context, message))
    return found


def test_every_text_in_the_code_is_in_the_template_catalog_and_every_catalog():
    """Fails when a text is added or changed without `make translations`."""
    with open(LOCALE / "messages.pot", "rb") as file:
        template = {(message.context, message.id) for message in read_po(file) if message.id}
    assert extracted_ids() == template, "run `make translations`, then translate the new texts"
    for code in LANGUAGES:
        assert {(message.context, message.id) for message in catalog(code) if message.id} == template, code


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_catalog_is_complete_and_keeps_every_placeholder(code):
    messages = [message for message in catalog(code) if message.id]
    problems = []
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may say the number in words ("one item"): only {count} may go.
            may_lack = {"count"} if isinstance(message.id, tuple) else set()
            if not text:
                problems.append(f"untranslated: {ids[0]!r}")
            elif found - wanted or wanted - found - may_lack:
                problems.append(f"placeholders {sorted(found)} for {sorted(wanted)}: {ids[0]!r} -> {text!r}")
            elif "<" in text or ">" in text:
                problems.append(f"markup: {text!r}")
        if isinstance(message.id, tuple) and len(strings) != catalog(code).num_plurals:
            problems.append(f"{len(strings)} plural forms: {ids[0]!r}")
    assert problems == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_compiled_catalog_matches_its_source(code):
    compiled = io.BytesIO()
    write_mo(compiled, catalog(code))
    assert (LOCALE / code / "LC_MESSAGES" / "messages.mo").read_bytes() == compiled.getvalue(), \
        "run `make translations` to compile the catalogs"


def test_the_language_names_file_says_what_babel_says():
    """The picker's names and each page's direction (kept in a file, see
    tools/language_names.py) follow the catalogs and Babel's data."""
    tool = runpy.run_path(str(ROOT / "tools" / "language_names.py"))
    assert (LOCALE / "languages.json").read_text(encoding="utf-8") == tool["render"](tool["catalog_codes"]()), \
        "run `make translations`"
    assert i18n.languages()["ar"].direction == "rtl" and i18n.languages()["de"].name == "Deutsch"


# -- choosing the language ---------------------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    ("", "en"),
    ("de", "de"),
    ("de-AT,de;q=0.9,en;q=0.8", "de"),
    ("pt-PT,pt;q=0.9", "pt_BR"),
    ("pt-br", "pt_BR"),
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
    ("en;q=0.5,nl;q=0.8", "nl"),
    ("ja,ko;q=0.9", "en"),
    ("ja,pl;q=0.1", "pl"),
    ("pl;q=0,it", "it"),
    ("ar-EG", "ar"),
    ("*", "en"),
    ("de;q=abc,es", "es"),
    (";;,de-,x" * 50, "de"),
])
def test_the_browser_language_is_negotiated(header, expected):
    assert i18n.negotiate(header) == expected


def test_the_instance_default_is_for_browsers_asking_for_none_of_ours():
    assert i18n.choose(None, "ja", "fr").code == "fr"
    assert i18n.choose(None, "de", "fr").code == "de"


@pytest.mark.parametrize("cookie, expected", [("it", "it"), ("pt-BR", "pt_BR"), ("xx", "de"), ("", "de"),
                                              ("../../etc", "de"), ("ar" * 200, "de")])
def test_the_persons_choice_wins_and_a_bad_cookie_is_ignored(cookie, expected):
    assert i18n.choose(cookie, "de", "en").code == expected


@pytest.mark.parametrize("value, expected", [("", "en"), ("fr", "fr"), ("pt-BR", "pt_BR"), ("PL", "pl")])
def test_the_default_language_setting(value, expected):
    assert Config.from_env({"SIMPLELISTS_LANGUAGE": value}).language == expected


@pytest.mark.parametrize("value", ["xx", "german", "de_XX"])
def test_a_bad_default_language_names_the_variable(value):
    with pytest.raises(ConfigError, match="SIMPLELISTS_LANGUAGE"):
        Config.from_env({"SIMPLELISTS_LANGUAGE": value})


def test_a_bad_default_language_stops_the_command_with_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "simplelists"], capture_output=True, text=True, timeout=60,
                            env={"SIMPLELISTS_LANGUAGE": "klingon", "SIMPLELISTS_DB": str(tmp_path / "x.sqlite"),
                                 "PATH": ""})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "SIMPLELISTS_LANGUAGE" in result.stderr


def test_the_picker_remembers_the_choice_and_returns_to_the_page(app, store, list_id_of, create_list):
    page = create_list(app, "Zq")
    form = page.forms["language"]
    assert form["return-url"].value == page.request.path
    form["language"] = "de"
    response = form.submit()
    assert response.status_int == 303 and response.location == page.request.path
    cookie = next(value for name, value in response.headerlist if name == "Set-Cookie" and "language=" in value)
    assert "language=de" in cookie and "HttpOnly" in cookie and "Max-Age=31536000" in cookie
    again = response.follow()
    assert '<html lang="de" dir="ltr">' in again.text and "Hinzufügen" in again.text
    assert again.headers["Content-Language"] == "de"
    # The browser's own language no longer decides.
    assert '<html lang="de"' in app.get("/", headers={"Accept-Language": "fr"}).text


def test_the_picker_needs_the_form_token_and_a_real_language(app):
    form = app.get("/?x=1").forms["language"]
    assert form["return-url"].value == "/?x=1"
    form["language"] = "nl"
    form["csrf-token"] = "wrong"
    form.submit(status=403)
    app.post("/language", {"language": "xx", "csrf-token": app.cookies["csrf-token"]}, status=400)
    response = app.post("/language", {"language": "it", "return-url": "//evil.example",
                                      "csrf-token": app.cookies["csrf-token"]})
    assert response.location == "/"


# -- plurals and dates -------------------------------------------------------------------------

def in_language(code, function, *args, **kwargs):
    import bottle
    bottle.request.bind({})
    i18n.use(i18n.languages()[code])
    return function(*args, **kwargs)


@pytest.mark.parametrize("code, expected", [
    ("en", ["0 items", "1 item", "2 items", "5 items", "22 items"]),
    ("fr", ["0 élément", "1 élément", "2 éléments", "5 éléments", "22 éléments"]),
    ("pl", ["0 pozycji", "1 pozycja", "2 pozycje", "5 pozycji", "22 pozycje"]),
])
def test_counts_use_each_languages_plural_rules(code, expected):
    assert [in_language(code, i18n.ngettext, "{count} item", "{count} items", n) for n in (0, 1, 2, 5, 22)] == expected


@pytest.mark.parametrize("code, short", [("de", "2. Jan."), ("fr", "2 janv."), ("en", "2 Jan")])
def test_dates_use_each_languages_format(code, short):
    import datetime
    import zoneinfo
    moment = datetime.datetime(2025, 1, 2, 23, 30, tzinfo=datetime.timezone.utc)
    formats = i18n.languages()[code].formats_locale
    assert i18n.local_date(moment, zoneinfo.ZoneInfo("Europe/Paris"), formats).short == "3" + short[1:]
    assert i18n.local_date(moment, zoneinfo.ZoneInfo("UTC"), formats).short == short


# -- every page, in every language ---------------------------------------------------------------

class PageText(html.parser.HTMLParser):
    """What a person reads or hears on a page: its text and its labels, placeholders and titles."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "content", "label"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.lang = self.dir = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang, self.dir = attributes.get("lang", ""), attributes.get("dir", "")
        if tag == "option":  # language names are each in their own language by design
            return
        self.parts.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def english_fragments(code: str) -> list[str]:
    """The English texts (pieces between placeholders) a page in this language must not
    show: those of every message its translation changes, unless the language uses the
    same words itself (Dutch and Portuguese say "item" too)."""
    fragments = set()
    translated = " ".join(" ".join(message.string) if isinstance(message.string, tuple) else message.string
                          for message in catalog(code) if message.id)
    for message in catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in SAME_EVERYWHERE or english in strings:
                continue
            for piece in PLACEHOLDER.split(english)[::2]:
                piece = " ".join(piece.split()).strip(" .,:;?!“”‘’()…·")
                if len(re.sub(r"[^A-Za-z]", "", piece)) >= (3 if len(ids[0]) == len(piece) else 4) and \
                        not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", translated):
                    fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


@dataclasses.dataclass
class Tour:
    """Every kind of page, reached through the real forms, in one language."""

    pages: dict[str, object]


@pytest.fixture
def tour(config, signed_in_config, db, make_test_app, sign_in):
    def visit(code: str) -> Tour:
        header = {"HTTP_ACCEPT_LANGUAGE": code.replace("_", "-")}
        app = make_test_app(dataclasses.replace(signed_in_config, show_lists=True), db)
        app.extra_environ.update(header)
        pages: dict[str, object] = {"sign-in": app.get("/")}
        form = pages["sign-in"].forms[0]
        form["username"], form["password"] = "family", "wrong"
        pages["sign-in error"] = form.submit().follow()
        pages["name, after signing in"] = sign_in(app, asked_name=False).follow()
        pages["home, asking the name"] = app.get("/")
        form = pages["name, after signing in"].forms["name-form"]
        form["name"] = "q" * 41
        pages["name, too long"] = form.submit("action", value="save", status=400)
        form = pages["name, too long"].forms["name-form"]
        form["name"] = "Mq"
        form.submit("action", value="save")
        pages["name"] = app.get("/name")
        home = app.get("/")
        form = home.forms["create-list"]
        form["name"] = "Zq"
        page = form.submit().follow()
        list_path = page.request.path
        for text in ("Xq 1", "Xq 2", "Xq 3"):
            form = page.forms["add-item"]
            form["description"] = text
            page = form.submit().follow()
        tick = next(f for f in page.forms.values() if f.action == "/update-done")
        page = app.post("/update-done", {**dict(tick.submit_fields()), "done": "on"}).follow()
        pages["list"] = page
        pages["home"] = app.get("/")
        form = pages["home"].forms["create-list"]
        form["name"] = "q" * 501
        pages["home, name too long"] = form.submit(status=400)
        form = pages["home"].forms["import-list"]
        form["text"] = ""
        pages["home, nothing to import"] = form.submit(status=400)
        for mode in ("rename=1", "reorder=1", "delete=1", "clear-done=1", f"edit={tick['item-id'].value}",
                     "changed=1"):
            pages[f"list ?{mode}"] = app.get(f"{list_path}?{mode}")
        form = page.forms["add-items"]
        form["description"] = "Xq\n" + "q" * 501
        pages["list, several too long"] = form.submit(status=400)
        form = app.get(f"{list_path}?rename=1").forms["rename-list"]
        form["name"] = ""
        pages["list, rename empty"] = form.submit(status=400)
        notifications = app.get(f"{list_path}/notifications")
        form = notifications.forms["add-destination"]
        form["name"], form["url"], form["person"] = "Zq phone", "ntfys://ntfy.sh/zq", "Zq"
        form.submit()
        form = app.get(f"{list_path}/notifications").forms["add-destination"]
        form["name"], form["url"] = "Zq phone", "json://127.0.0.1/"
        pages["notifications, refused"] = form.submit(status=400)
        form["url"] = "json://x y"
        pages["notifications, not a URL"] = form.submit(status=400)
        add_destination = app.get(f"{list_path}/notifications").forms["add-destination"]
        add_destination["name"], add_destination["url"] = "Zq tablet", "ntfys://ntfy.sh/zq2"
        add_destination.submit()
        with db.transaction() as connection:
            connection.execute("""UPDATE notify_destinations SET paused = 1, failures = 3, last_error = 'Zq 401'
                                  WHERE name = 'Zq phone'""")
            connection.execute("UPDATE notify_destinations SET failures = 1, last_error = 'Zq 503' WHERE name = 'Zq tablet'")
        pages["notifications, tested"] = app.get(f"{list_path}/notifications?tested=1")
        for notice in ("saved=1", "resumed=1", "deleted=1"):
            pages[f"notifications ?{notice}"] = app.get(f"{list_path}/notifications?{notice}")
        form = pages["list ?clear-done=1"].forms[0]
        pages["list, undo"] = form.submit().follow()
        pages["trash of a list"] = pages["list"].click(href=r"/trash\?list=")
        pages["trash"] = app.get("/trash")
        pages["confirm"] = pages["list, undo"].click(href=r"\?delete=1")
        pages["confirm"].forms[0].submit()
        pages["deleted list"] = app.get(list_path, status=404)
        pages["not found"] = app.get("/lists/nosuchlist", status=404)
        pages["post only"] = app.get("/add-item", status=405)
        pages["form expired"] = app.post("/create-list", {"name": "x", "csrf-token": "no"}, status=403)
        pages["too much text"] = app.post("/create-list", {"name": "x" * 70000}, status=413)
        for _ in range(5):
            app.post("/sign-in", {"username": "x", "password": "y", "csrf-token": app.cookies["csrf-token"]})
        pages["too many attempts"] = app.post("/sign-in", {"username": "x", "password": "y",
                                                           "csrf-token": app.cookies["csrf-token"]}, status=429)
        return Tour(pages)
    return visit


@pytest.mark.parametrize("code", ["en", *LANGUAGES])
def test_every_page_speaks_the_language_with_no_english_left(tour, code):
    language = i18n.languages()[code]
    fragments = english_fragments(code) if code != "en" else []
    for name, page in tour(code).pages.items():
        parsed = PageText()
        parsed.feed(page.text)
        assert (parsed.lang, parsed.dir) == (language.tag, language.direction), name
        text = parsed.text()
        for name_of_something in SAME_EVERYWHERE:
            text = text.replace(name_of_something, " ")
        left = [fragment for fragment in fragments if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)]
        assert not left, f"{name} in {code} shows English: {left}"
