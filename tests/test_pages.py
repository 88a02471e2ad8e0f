"""The page helpers the templates call: hidden fields, translated sentences holding
markup, and dates; escaping; each page in its own language when threads render at once;
and a page's objects freed as soon as it is sent."""

from __future__ import annotations

import concurrent.futures
import datetime
import gc
import io
import threading
import time
import types
import zoneinfo

import jinja2
import markupsafe
import pytest

from simplelists import i18n, pages
from simplelists.sections import SectionStore


@pytest.mark.parametrize("text", ["", "plain", "<script>alert('x')</script>", 'a "quoted" & <b>', "Crème fraîche"])
def test_every_page_escapes_the_values_it_shows(app, store, text):
    list_id = store.create_list(text or "x")
    store.add_item(list_id, text or "y")
    for path in (f"/lists/{list_id}", "/", f"/lists/{list_id}?delete=1"):
        page = app.get(path).text
        assert "<script>" not in page and "<b>" not in page
        if text:
            assert str(markupsafe.escape(text)) in page


@pytest.mark.parametrize("query", ["", "?edit={item}", "?edit={done_item}", "?reorder=1", "?sections=1", "home"])
def test_a_page_s_objects_are_freed_as_soon_as_it_is_sent(app, db, store, query):
    # Nothing of a page may hold itself in a loop of references (a macro defined inside a
    # template block does: its closure refers to itself), or its items, rows and context
    # wait for Python's cycle collector, which then runs every few pages on a busy server.
    list_id = store.create_list("Shopping")
    store.add_items(list_id, ["Milk", "Bread", "Eggs"])
    SectionStore(db).add_section(list_id, "Dairy")
    item, done_item = (entry.id for entry in store.get_list(list_id).items[:2])
    store.set_done(list_id, done_item, True)
    path, _, query_string = ("/" if query == "home" else f"/lists/{list_id}{query}").partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path,
               "QUERY_STRING": query_string.format(item=item, done_item=done_item),
               "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()}
    statuses: list[str] = []

    def page() -> bytes:
        return b"".join(app.app(dict(environ), lambda status, headers, exc_info=None: statuses.append(status)))

    page()  # the first compiles the templates
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage, to look at
    try:
        body = page()
        gc.collect()
        # The page's own objects only: a thread another test left running may make garbage too.
        left = [type(thing).__qualname__ for thing in gc.garbage
                if type(thing).__module__.split(".")[0] in ("simplelists", "jinja2", "markupsafe", "bottle")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert statuses == ["200 OK", "200 OK"] and (b"Shopping" in body or query == "home")
    assert left == []


def test_hidden_fields_carry_token_list_version_and_item_escaped():
    the_list = types.SimpleNamespace(id="bcdfghjklm", version=7)
    item = types.SimpleNamespace(id=12)
    html = pages.HiddenFields("tok")(the_list, item, return_url='/x?a=1&b="2"')
    assert html.split("\n") == [
        '<input type="hidden" name="csrf-token" value="tok">',
        '<input type="hidden" name="list-id" value="bcdfghjklm">',
        '<input type="hidden" name="version" value="7">',
        '<input type="hidden" name="item-id" value="12">',
        '<input type="hidden" name="return-url" value="/x?a=1&amp;b=&#34;2&#34;">',
    ]
    assert pages.HiddenFields("tok")() == '<input type="hidden" name="csrf-token" value="tok">'
    hidden = pages.HiddenFields('a"b')
    assert hidden(the_list) == hidden(the_list)  # built once, the same every time
    assert 'value="a&#34;b"' in hidden()


def test_markup_escapes_values_but_not_other_helpers_markup():
    shown = pages.markup("from {list} deleted {date}", list="<b>Ours</b>", date=pages.code("2 Jan"))
    assert shown == "from &lt;b&gt;Ours&lt;/b&gt; deleted <code>2 Jan</code>"
    assert isinstance(shown, markupsafe.Markup)
    assert pages.markup("a < b {x}", x="&") == "a &lt; b &amp;"


@pytest.mark.parametrize("zone_name", ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("moment, day", [
    (datetime.datetime(2024, 1, 5, 23, 30, tzinfo=datetime.timezone.utc), {"UTC": "5 Jan", "Europe/London": "5 Jan",
                                                                           "America/New_York": "5 Jan",
                                                                           "Asia/Kolkata": "6 Jan"}),
    (datetime.datetime(2024, 3, 31, 1, 0, tzinfo=datetime.timezone.utc), {"UTC": "31 Mar", "Europe/London": "31 Mar",
                                                                          "America/New_York": "30 Mar",
                                                                          "Asia/Kolkata": "31 Mar"}),
])
def test_dates_are_shown_in_the_configured_zone(moment, day, zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    tag = pages.date_tag(moment, zone, "en_GB")
    assert tag.startswith(f'<time datetime="{local.isoformat(timespec="seconds")}" title="')
    assert tag.endswith(f'>{day[zone_name]}</time>')
    assert f"{local:%H:%M:%S}" in tag  # the time of day in the tooltip


def test_pages_in_two_languages_at_once_never_mix(make_test_app, config, db, store):
    """Four threads answer people in different languages at the same time: each page is
    wholly in its own language (no text of the other), however the threads interleave."""
    list_id = store.create_list("Zq")
    for number in range(20):
        store.add_item(list_id, f"Xq {number}")
    app = make_test_app(config, db)
    wanted = {"de": ("Hinzufügen", "Add an item"), "fr": ("Ajouter", "Hinzufügen")}

    def fetch(code: str) -> list[str]:
        problems = []
        for _ in range(30):
            page = app.get(f"/lists/{list_id}", headers={"Accept-Language": code}).text
            own, other = wanted[code]
            if f'<html lang="{code}"' not in page or own not in page or other in page:
                problems.append(code)
        return problems

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(fetch, ["de", "fr", "de", "fr"]))
    assert results == [[], [], [], []]


def test_fixed_texts_are_translated_when_a_template_is_compiled(tmp_path):
    """A text alone between braces is in the language's compiled template, escaped, as if
    written there; a text with values, or used in an expression, is translated as the page
    renders, by the render's own functions."""
    (tmp_path / "page.html").write_text(
        '{{ _("Home") }}|{{ pgettext("name", "Change") }}|{{ _("Trash") ~ "!" }}|'
        '{{ _("Delete {name}", name="<b>") }}|{{ _(\'Search\') }}|{{ _("Home"|upper) }}')
    (tmp_path / "sign.html").write_text('{{ _("a < b & c") }}')
    templates = pages.Templates(tmp_path)
    german = i18n.languages()["de"]

    def at_render(text: str, /, **values: object) -> str:
        return "RENDER:" + text.format(**values)

    shown = templates.render("page", german, {"_": at_render, "pgettext": lambda context, text: "RENDER:" + text})
    assert shown.split("|") == [german.gettext("Home"), german.pgettext("name", "Change"), "RENDER:Trash!",
                                "RENDER:Delete &lt;b&gt;", german.gettext("Search"), "RENDER:HOME"]
    assert "RENDER" not in german.gettext("Home") and german.gettext("Home") != "Home"
    english = i18n.languages()["en"]
    assert templates.render("sign", english, {}) == "a &lt; b &amp; c"
    # Each language has its own compiled templates.
    assert templates.render("page", english, {"_": at_render, "pgettext": at_render}).startswith("Home|Change|")


def test_the_language_picker_marks_the_page_language():
    options = pages.language_options("de").splitlines()
    assert len(options) == len(i18n.languages())
    assert options[0] == '<option value="en" lang="en">English</option>'
    assert [line for line in options if "selected" in line] == ['<option value="de" lang="de" selected>Deutsch</option>']
    assert '<option value="pt_BR" lang="pt-BR">Português (Brasil)</option>' in options


def test_threads_asking_for_a_template_at_once_wait_for_one_compilation(tmp_path, monkeypatch):
    """The first visitors in a language arrive together; the template is compiled once."""
    (tmp_path / "page.html").write_text("{{ _('Home') }}")
    templates = pages.Templates(tmp_path)
    compiled = []
    compile_source = jinja2.Environment.compile

    def slow_compile(self, *args, **kwargs):
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        time.sleep(0.05)  # long enough for every thread to ask meanwhile
        return compile_source(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", slow_compile)
    german = i18n.languages()["de"]
    start = threading.Barrier(4)

    def ask():
        start.wait()
        return templates.get("page", german)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: ask(), range(4)))
    assert compiled == ["page.html"]
    assert all(template is found[0] for template in found)
