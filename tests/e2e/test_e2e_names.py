"""The browser's name on a phone: asked once on the home page, shown at the foot of every
page, changed from there, and who added and ticked an item on its edit page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .e2e_browser import Story
from .e2e_server import Server
from .e2e_steps import add_item, create_list

pytestmark = pytest.mark.e2e


def test_say_who_uses_the_browser_and_see_who_did_what(story: Story, server: Server) -> None:
    page = story.page
    page.goto(server.url + "/")
    field = page.get_by_label("Who uses this browser? Your name shows who added or ticked what.")
    expect(field).to_be_visible()
    story.step("home page asks who uses the browser")
    field.fill("Mum")
    story.press(page.get_by_role("button", name="Save", exact=True))
    expect(field).to_have_count(0)  # asked once
    expect(page.locator("footer .who")).to_have_text("You are Mum · Change")
    story.step("name saved")

    create_list(story, server, f"Names on the {story.device}")
    add_item(story, "Milk")
    story.press(page.get_by_role("button", name="Mark Milk done"))
    story.press(page.get_by_role("link", name="Edit Milk"))
    expect(page.locator("#edit-story")).to_have_text(
        re.compile(r"^Added by Mum today at \d\d:\d\d · Ticked by Mum today at \d\d:\d\d$"))
    story.step("the edit page says who added and ticked it")

    # Changed from the footer: back on the same page afterwards.
    list_url = page.url
    story.press(page.get_by_role("link", name="Change", exact=True))
    expect(page.get_by_label("Your name")).to_have_value("Mum")
    story.step("the name page")
    page.get_by_label("Your name").fill("Dad")
    story.press(page.get_by_role("button", name="Save", exact=True))
    expect(page).to_have_url(list_url)
    expect(page.locator("footer .who")).to_have_text("You are Dad · Change")
    story.step("name changed")
