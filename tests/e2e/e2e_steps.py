"""Steps of the browser stories that several modules take: making a list, adding items
(one or several at once) and checking what the list shows, each the way a person does it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .e2e_browser import Story
from .e2e_server import Server


def create_list(story: Story, server: Server, name: str) -> None:
    """From the home page, type a list name and press Create list."""
    page = story.page
    page.goto(server.url + "/")
    page.get_by_label("New list name").fill(name)
    story.press(page.get_by_role("button", name="Create list"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page).to_have_url(re.compile(r"/lists/[a-z]+$"))


def add_item(story: Story, description: str) -> None:
    """Type an item into the list page's field and press Add."""
    page = story.page
    page.get_by_label("New item").fill(description)
    story.press(page.get_by_role("button", name="Add", exact=True))
    expect(page.get_by_role("button", name=f"Mark {description} done")).to_be_visible()


def expect_items(page: Page, texts: list[str]) -> None:
    """The page shows exactly these items, in this order (waiting for a page still loading)."""
    expect(page.locator("ul.items li .text")).to_have_text(texts)


def add_several(story: Story, *descriptions: str) -> None:
    """Open "Add several at once", type one item per line and press Add all."""
    page = story.page
    # <details> opens natively: no JavaScript needed.
    story.press(page.get_by_text("Add several at once"))
    field = page.get_by_label("One item per line")
    expect(field).to_be_visible()
    field.fill("\n".join(descriptions))
    story.press(page.get_by_role("button", name="Add all"))
    for description in descriptions:
        expect(page.get_by_role("button", name=f"Mark {description} done")).to_be_visible()
