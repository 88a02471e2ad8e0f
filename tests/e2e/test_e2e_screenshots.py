"""The screenshots shown in the README: the home page and a list in sections (with last
week's shop to add again), on a phone and a desktop, in the light and the dark colour
scheme, from a fresh server with sample lists. Every shot passes the same checks as the
stories.

They are written to test-artifacts/e2e/screenshots/ on every run, and to
docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (`make screenshots`), so an ordinary
test run leaves the repository untouched (the home page shows today's date).
"""

from __future__ import annotations

import os
import pathlib

import pytest
from playwright.sync_api import Browser, expect

from .e2e_browser import ARTIFACTS, DEVICES
from .e2e_checks import PageWatch, page_problems
from .e2e_server import REPO_ROOT, run_server
from simplelists.db import Database
from simplelists.lists import ListStore
from simplelists.sections import SectionStore

pytestmark = pytest.mark.e2e

# Each list: (item, done, section or None), in order; the first list is shown.
SAMPLE_LISTS = {
    "Groceries": [("Washing-up liquid", False, None), ("Apples", True, "Produce"), ("Spinach", False, "Produce"),
                  ("Milk", True, "Dairy"), ("Free-range eggs", False, "Dairy"), ("Greek yoghurt", False, "Dairy"),
                  ("Sourdough bread", False, "Bakery"), ("Coffee beans", False, None)],
    "Hardware store": [("Picture hooks", False, None), ("AA batteries", False, None)],
    "Holiday packing": [("Passports", True, None), ("Sun cream", False, None), ("Phone chargers", False, None)],
}
# Last week's shop on the first list, cleared: what "Add again" offers.
LAST_WEEK = [("Bananas", "Produce"), ("Cheddar", "Dairy"), ("Butter", "Dairy"), ("Porridge oats", None)]


def seed(db_path: pathlib.Path) -> str:
    """Fill a new database with the sample lists; returns the id of the first."""
    db = Database(str(db_path))
    db.migrate()
    store, sections = ListStore(db), SectionStore(db)
    ids = []
    for name, items in SAMPLE_LISTS.items():
        list_id = store.create_list(name)
        ids.append(list_id)
        section_ids = {None: None}
        for section in dict.fromkeys(section for _, _, section in items if section):
            section_ids[section] = sections.add_section(list_id, section).section_id
        if not ids[1:]:
            for description, section in LAST_WEEK:
                store.delete_item(list_id, store.add_items(list_id, [description],
                                                           section_id=section_ids[section]).item_ids[0])
        for description, done, section in items:
            item_id = store.add_items(list_id, [description], section_id=section_ids[section]).item_ids[0]
            if done:
                store.set_done(list_id, item_id, True)
    db.close()
    return ids[0]


def test_curated_screenshots(browser: Browser, tmp_path: pathlib.Path) -> None:
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    folder = REPO_ROOT / "docs" / "screenshots" if update else ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    list_id = seed(tmp_path / "simplelists.sqlite")
    with run_server(tmp_path, {"SIMPLELISTS_LISTS": "1"}) as server:
        for device in sorted(DEVICES):
            for scheme in ("light", "dark"):
                context = browser.new_context(java_script_enabled=False, color_scheme=scheme, **DEVICES[device])
                try:
                    page = context.new_page()
                    watch = PageWatch(page)
                    for name, path in (("home", "/"), ("list", f"/lists/{list_id}")):
                        page.goto(server.url + path)
                        expect(page.get_by_role("heading", level=1)).to_be_visible()
                        page.screenshot(path=folder / f"{name}-{device}-{scheme}.png", full_page=True)
                        problems = page_problems(page, watch)
                        assert not problems, f"{name} on the {device} ({scheme}):\n  " + "\n  ".join(problems)
                    # The dark scheme really is dark (the stylesheet's media query applies).
                    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
                    assert (background == "rgb(22, 23, 24)") == (scheme == "dark"), background
                finally:
                    context.close()
