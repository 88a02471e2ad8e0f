"""User stories for the weekly shop on a phone with JavaScript off: writing the list from
"Add again" and suggestions without a second Milk, walking the shop section by section,
and searching. Every step screenshotted and checked (e2e_checks)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .e2e_browser import Story
from .e2e_server import Server
from .e2e_steps import add_item, add_several, create_list, expect_items

pytestmark = pytest.mark.e2e


@pytest.fixture
def device() -> str:
    """These stories are about the phone in the shop."""
    return "phone"


def open_details(story: Story, summary: str) -> None:
    """Open a <details> by tapping its summary (it opens natively, with no script)."""
    story.press(story.page.locator("summary", has_text=summary))


def test_write_the_shop_from_add_again_without_a_second_milk(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, "Add again on the phone")
    add_several(story, "Milk", "Eggs", "Bread")
    for description in ("Milk", "Eggs"):
        story.press(page.get_by_role("button", name=f"Mark {description} done"))
    story.press(page.get_by_role("link", name="Clear done items…"))
    story.press(page.get_by_role("button", name="Clear done items"))
    expect_items(page, ["Bread"])
    expect(page.get_by_role("button", name="Add Milk again")).to_be_hidden()  # folded away
    # The add box suggests them as one types (a native <datalist>).
    expect(page.locator("datalist option[value=Milk]")).to_have_count(1)
    story.step("last week's shop cleared")

    open_details(story, "Add again")
    story.step("add again opened")
    story.press(page.get_by_role("button", name="Add Milk again"))
    expect_items(page, ["Bread", "Milk"])
    expect(page.get_by_role("status").filter(has_text="Added Milk.")).to_be_visible()
    expect(page.get_by_role("button", name="Add Milk again")).to_have_count(0)
    story.step("Milk added again, the block still open")
    story.press(page.get_by_role("button", name="Add Eggs again"))
    expect_items(page, ["Bread", "Milk", "Eggs"])
    expect(page.locator("summary", has_text="Add again")).to_have_count(0)  # nothing left to offer
    expect(page.get_by_role("status").filter(has_text="Added Eggs.")).to_be_visible()  # said at the top
    expect(page.locator("datalist option")).to_have_count(0)

    page.get_by_label("New item").fill("  milk ")
    page.get_by_label("New item").press("Enter")
    expect(page.get_by_role("status").filter(has_text="Milk is already on the list.")).to_be_visible()
    expect_items(page, ["Bread", "Milk", "Eggs"])
    story.step("milk typed again: already on the list")


def test_walk_the_shop_aisle_by_aisle(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, "Sections on the phone")
    add_several(story, "Bread", "Apples", "Milk")

    story.press(page.get_by_role("link", name="Sections", exact=True))
    expect(page.get_by_text("This list has no sections yet.")).to_be_visible()
    for name in ("Dairy", "Produce"):
        page.get_by_label("New section").fill(name)
        story.press(page.get_by_role("button", name="Add section"))
        expect(page.locator("ul.sections")).to_contain_text(name)
    story.step("two sections")
    story.press(page.get_by_role("button", name="Move section Produce to the top"))
    expect(page.get_by_role("button", name="Move section Produce up")).to_be_disabled()
    story.step("Produce moved to the top")
    story.press(page.get_by_role("link", name="Rename section Dairy"))
    page.get_by_label("New name for section Dairy").fill("Dairy & eggs")
    story.press(page.get_by_role("button", name="Save"))
    expect(page.locator("ul.sections")).to_contain_text("Dairy & eggs")

    story.press(page.get_by_role("link", name="Back to Sections on the phone"))
    page.get_by_label("New item").fill("Yoghurt")
    page.get_by_label("Into section", exact=True).first.select_option(label="Dairy & eggs")
    story.press(page.get_by_role("button", name="Add", exact=True))
    expect(page.get_by_label("Into section", exact=True).first).to_have_value(re.compile(r"^\d+$"))  # remembered
    # Milk into its section from its edit page.
    story.press(page.get_by_role("link", name="Edit Milk"))
    page.get_by_label("Section", exact=True).select_option(label="Dairy & eggs")
    story.press(page.get_by_role("button", name="Save"))
    story.press(page.get_by_role("link", name="Edit Apples"))
    page.get_by_label("Section", exact=True).select_option(label="Produce")
    story.press(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=2)).to_have_text(["Produce", "Dairy & eggs"])
    expect_items(page, ["Bread", "Apples", "Yoghurt", "Milk"])
    story.step("a list in sections")

    story.press(page.get_by_role("button", name="Mark Apples done"))
    expect(page.get_by_role("heading", level=2)).to_have_text(["Dairy & eggs", "Done"])
    story.step("Produce done, its heading gone")

    story.press(page.get_by_role("link", name="Sections", exact=True))
    story.press(page.get_by_role("link", name="Delete section Dairy & eggs"))
    expect(page.get_by_text("Its 2 open items stay on the list, without a section.")).to_be_visible()
    story.step("asked before deleting a section")
    story.press(page.get_by_role("button", name="Delete section"))
    story.press(page.get_by_role("link", name="Back to Sections on the phone"))
    expect(page.get_by_role("heading", level=2)).to_have_text(["Done"])
    expect_items(page, ["Bread", "Yoghurt", "Milk", "Apples"])
    story.step("section deleted, its items kept")


def test_find_an_item_across_lists_and_in_a_list(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, "Plumbing on the phone")
    add_item(story, "Call Crème plumbers 0123 456")
    create_list(story, server, "Dessert on the phone")
    add_several(story, "Crème brûlée", "Sugar", "Cream")
    story.press(page.get_by_role("button", name="Mark Sugar done"))

    story.press(page.get_by_role("link", name="Search", exact=True))
    page.get_by_label("Search all lists").fill("creme")
    story.press(page.get_by_role("button", name="Search", exact=True))
    expect(page.get_by_role("link", name="Call Crème plumbers 0123 456")).to_be_visible()
    expect(page.get_by_role("link", name="Crème brûlée")).to_be_visible()
    story.step("found across lists, accents ignored")
    story.press(page.get_by_role("link", name="Call Crème plumbers 0123 456"))
    expect(page).to_have_url(re.compile(r"/lists/[a-z]+#item-\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Plumbing on the phone")
    story.step("the item on its list")

    page.go_back()
    story.press(page.get_by_role("link", name="Dessert on the phone"))
    page.get_by_label("Find in this list").fill("SUGAR")
    story.press(page.get_by_role("button", name="Find", exact=True))
    expect_items(page, ["Sugar"])  # done ones are found too
    expect(page.get_by_role("status").filter(has_text="1 item matches “SUGAR”.")).to_be_visible()
    story.step("filtered within the list")
    story.press(page.get_by_role("link", name="Show the whole list"))
    expect_items(page, ["Crème brûlée", "Cream", "Sugar"])
