"""The checks catch what they claim to: each test serves a copy of the app with one
plausible mistake (a broken stylesheet link, a missing label, a button that needs
JavaScript...) through the real server, and asserts the checks the stories run at
every step report it. The unbroken app passes the same checks in the stories."""

from __future__ import annotations

import dataclasses
import pathlib
import shutil

import pytest
from playwright.sync_api import Browser, expect

from .e2e_browser import new_page
from .e2e_checks import PageWatch, page_problems
from .e2e_server import REPO_ROOT, run_server
from simplelists.db import Database
from simplelists.lists import ListStore

pytestmark = pytest.mark.e2e

LONG_NAME = "Supercalifragilisticexpialidocious" * 3  # one word, wider than a phone


@dataclasses.dataclass(frozen=True)
class Mistake:
    """One change to one file of a copy of the app, the page to look at, and words
    that must appear in the problems the checks report."""

    file: str
    old: str
    new: str
    page: str  # "home" or "list"
    expected: tuple[str, ...]
    device: str = "phone"


MISTAKES = {
    "stylesheet link broken": Mistake(
        "simplelists/templates/base.html", 'href="{{ stylesheet_url }}"', 'href="/static/style.css"', "home",
        ("/static/style.css failed", "the stylesheet is not applied")),
    "stylesheet truncated": Mistake(
        "simplelists/static/style.css", "body {\n", "body {{\n", "home", ("the stylesheet is not applied",)),
    "inline style blocked by the CSP": Mistake(
        "simplelists/templates/home.html", '<h1>{{ _("Simple Lists") }}</h1>', '<h1 style="color: red">Simple Lists</h1>', "home",
        ("Content Security Policy",)),
    "label missing": Mistake(
        "simplelists/templates/list.html", '<label for="description" class="visually-hidden">{{ _("New item") }}</label>\n', "", "list",
        ("textbox named only by its placeholder",)),
    "icon button without a name": Mistake(
        "simplelists/templates/list.html", '<button type="submit">{{ _("Add") }}</button>', '<button type="submit" class="add-icon"></button>',
        "list", ("button with no accessible name",)),
    "button needs JavaScript": Mistake(
        "simplelists/templates/home.html", '<button type="submit">{{ _("Create list") }}</button>',
        '<button type="button" onclick="this.form.submit()">Create list</button>', "home",
        ("a button of type button", "an event handler attribute")),
    "script element": Mistake(
        "simplelists/templates/base.html", "</body>", '<script src="/static/app.js"></script>\n</body>', "home",
        ("a script element",)),
    "viewport meta tag missing": Mistake(
        "simplelists/templates/base.html", '<meta name="viewport" content="width=device-width, initial-scale=1">\n', "",
        "home", ("no viewport meta tag", "lays out 980 px wide on a 390 px screen")),
    "delete buttons too small": Mistake(
        "simplelists/static/style.css", ".icon {\n  min-width: 44px; min-height: 44px;", ".icon {\n  min-width: 24px; min-height: 24px;",
        "list", ("tap target", 'aria-label="Delete Milk"')),
    "long names not wrapped": Mistake(
        "simplelists/static/style.css", "h1 { font-size: 1.6rem; margin: 0.5rem 0 0.75rem; overflow-wrap: anywhere; }",
        "h1 { font-size: 1.6rem; margin: 0.5rem 0 0.75rem; white-space: nowrap; }", "list", ("wide on a 390 px screen", LONG_NAME[:40])),
}


def broken_copy(directory: pathlib.Path, mistake: Mistake) -> pathlib.Path:
    """A copy of the app (the package, with its templates, stylesheet and server settings) with the mistake made."""
    root = directory / "app"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO_ROOT / "simplelists", root / "simplelists", ignore=ignore)
    shutil.copy(REPO_ROOT / "Procfile", root / "Procfile")
    target = root / mistake.file
    text = target.read_text(encoding="utf-8")
    # Exactly once, so a change to the real file makes this test fail loudly rather
    # than quietly check an unbroken page.
    assert text.count(mistake.old) == 1, f"{mistake.file} no longer contains {mistake.old!r} once"
    target.write_text(text.replace(mistake.old, mistake.new), encoding="utf-8")
    return root


@pytest.mark.parametrize("mistake_name", list(MISTAKES))
def test_checks_catch(mistake_name: str, browser: Browser, tmp_path: pathlib.Path) -> None:
    mistake = MISTAKES[mistake_name]
    app_root = broken_copy(tmp_path, mistake)
    db = Database(str(tmp_path / "simplelists.sqlite"))
    db.migrate()
    store = ListStore(db)
    list_id = store.create_list(LONG_NAME if mistake_name == "long names not wrapped" else "Groceries")
    store.add_item(list_id, "Milk")
    db.close()

    with run_server(tmp_path, {"SIMPLELISTS_LISTS": "1"}, cwd=app_root) as server:
        context, page = new_page(browser, mistake.device)
        try:
            watch = PageWatch(page)
            page.goto(server.url + ("/" if mistake.page == "home" else f"/lists/{list_id}"))
            page.wait_for_load_state("load")
            problems = "\n".join(page_problems(page, watch))
            for words in mistake.expected:
                assert words in problems, f"the checks missed {mistake_name!r}; they said:\n{problems}"
            if mistake_name == "button needs JavaScript":
                # And the story fails too: with JavaScript off the button does nothing.
                page.get_by_label("New list name", exact=False).fill("Never created")
                page.get_by_role("button", name="Create list").click()
                expect(page).to_have_url(server.url + "/")
                expect(page.get_by_role("link", name="Never created")).to_have_count(0)
        finally:
            context.close()


def test_the_pages_scripts_do_not_run(browser: Browser) -> None:
    # The premise of every story: the page's own JavaScript is off (Playwright's
    # evaluate, used by the checks, still works outside the page's reach).
    context, page = new_page(browser, "phone")
    try:
        page.set_content("<title>before</title><script>document.title = 'ran'</script>")
        assert page.title() == "before"
        assert page.evaluate("() => 1 + 1") == 2
    finally:
        context.close()
