"""The app in another language on a phone: a German family (their browser asks for German)
and an Arabic one (right to left, chosen with the picker), each making and ticking off a
list, with every step checked like the other stories (no sideways scrolling, tap targets,
names). Screenshots of both go to docs/screenshots/ with UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, expect

from .e2e_browser import ARTIFACTS, DEVICES, Story
from .e2e_checks import PageWatch
from .e2e_server import REPO_ROOT, Server

pytestmark = pytest.mark.e2e

# German compounds are the longest words the app shows; this one must wrap, not widen the page.
LONG_GERMAN_ITEM = "Haushaltsreinigungsmittelnachfüllpackung"


def language_story(browser: Browser, locale: str, accept_language: str, name: str) -> tuple[Story, object]:
    context = browser.new_context(java_script_enabled=False, locale=locale,
                                  extra_http_headers={"Accept-Language": accept_language}, **DEVICES["phone"])
    context.set_default_timeout(10_000)
    page = context.new_page()
    return Story(page, PageWatch(page), "phone", ARTIFACTS / name / "phone"), context


def save_screenshot(story: Story, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        story.page.screenshot(path=REPO_ROOT / "docs" / "screenshots" / f"{name}.png", full_page=True)


def test_a_german_family_makes_a_list(browser: Browser, server: Server) -> None:
    story, context = language_story(browser, "de-AT", "de-AT,de;q=0.9,en;q=0.5", "german")
    page = story.page
    try:
        page.goto(server.url + "/")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        page.get_by_label("Name der neuen Liste").fill("Wocheneinkauf")
        story.press(page.get_by_role("button", name="Liste erstellen"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Wocheneinkauf")
        for item in ("Milch", "Brot", LONG_GERMAN_ITEM):
            page.get_by_label("Neuer Eintrag").fill(item)
            story.press(page.get_by_role("button", name="Hinzufügen", exact=True))
        story.press(page.get_by_role("button", name="Milch als erledigt markieren"))
        expect(page.get_by_text("1 von 3 erledigt")).to_be_visible()
        expect(page.get_by_role("heading", name="Erledigt")).to_be_visible()
        story.step("a list in German")
        save_screenshot(story, "list-phone-german")
    finally:
        context.close()


def test_an_arabic_family_chooses_arabic_and_reads_right_to_left(browser: Browser, server: Server) -> None:
    story, context = language_story(browser, "en-GB", "en-GB,en;q=0.9", "arabic")
    page = story.page
    try:
        page.goto(server.url + "/")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        page.get_by_label("Language").select_option("ar")
        story.press(page.get_by_role("button", name="Change"))
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        story.step("home in Arabic")
        page.get_by_label("اسم القائمة الجديدة").fill("مشتريات الأسبوع")
        story.press(page.get_by_role("button", name="أنشئ قائمة"))
        expect(page.get_by_role("heading", level=1)).to_have_text("مشتريات الأسبوع")
        for item in ("حليب", "خبز", "بيض"):
            page.get_by_label("عنصر جديد").fill(item)
            page.get_by_label("عنصر جديد").press("Enter")
            expect(page.get_by_text(item, exact=True)).to_be_visible()
        story.press(page.locator("button.check").first)
        expect(page.locator("li.item.done")).to_have_count(1)
        # Mirrored: the tick box sits at the right-hand edge, the text to its left.
        box = page.locator("li.item button.check").first.bounding_box()
        text = page.locator("li.item .text").first.bounding_box()
        assert box is not None and text is not None and box["x"] > text["x"]
        story.step("a list in Arabic")
        save_screenshot(story, "list-phone-arabic")
    finally:
        context.close()
