"""The stylesheet in a real Chromium: the print view is a plain checklist, phones get no
sideways scrolling, and the dark theme follows the system setting."""

from __future__ import annotations

import pathlib
import shutil
import threading
import wsgiref.simple_server
from collections.abc import Iterator

import pytest

from simplelists.app import create_app
from simplelists.config import Config
from simplelists.db import Database
from simplelists.lists import ListStore

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A running app with one list (a done item, a long one); yields (base URL, list path)."""
    import zoneinfo

    db_path = str(tmp_path_factory.mktemp("style") / "lists.sqlite")
    db = Database(db_path)
    db.migrate()
    list_id = ListStore(db).import_list("Groceries", [
        ("Milk", False), ("Eggs", True),
        ("Sourdough-bread-from-the-bakery-on-the-corner-without-any-spaces-at-all", False)])
    config = Config(db_path=db_path, show_lists=True, timezone=zoneinfo.ZoneInfo("UTC"))
    httpd = wsgiref.simple_server.make_server("127.0.0.1", 0, create_app(config, db),
                                              handler_class=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", f"/lists/{list_id}"
    httpd.shutdown()
    httpd.server_close()
    db.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _before_content(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el, '::before').content")


def test_print_view_is_a_plain_checklist(server, browser, tmp_path: pathlib.Path) -> None:
    base, list_path = server
    page = browser.new_page()
    page.goto(base + list_path)
    page.emulate_media(media="print")
    assert page.is_visible("h1")
    assert page.is_visible("text=Milk")
    for selector in ("#add-item", "form.delete-form", "footer", ".actions", "button.icon"):
        assert not page.is_visible(selector), selector
    assert _before_content(page, "li.item:not(.done) button.check") == '"☐"'
    assert _before_content(page, "li.item.done button.check") == '"☑"'
    # And it really prints: one page for a short list.
    pdf = page.pdf(path=str(tmp_path / "list.pdf"))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") <= 1
    page.close()


@pytest.mark.parametrize("path", ["/", "LIST"])
def test_phone_width_needs_no_sideways_scrolling(server, browser, path: str) -> None:
    base, list_path = server
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(base + (list_path if path == "LIST" else path))
    if path == "/":
        page.click("summary")  # open "Import a list"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_dark_theme_follows_the_system(server, browser) -> None:
    base, list_path = server
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base + list_path)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(22, 23, 24)"}


def test_keyboard_focus_is_visible(server, browser) -> None:
    base, list_path = server
    page = browser.new_page()
    page.goto(base + list_path)
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.close()
