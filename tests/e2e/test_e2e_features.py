"""User stories for the everyday editing features: add several at once, edit, reorder,
delete with undo, rename, the Done section, clear done items and the trash. Real
browser, JavaScript off, phone and desktop; every step screenshotted and checked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .e2e_browser import Story
from .e2e_server import Server
from .e2e_steps import add_item, add_several, create_list, expect_items

pytestmark = pytest.mark.e2e


def test_add_several_items_at_once(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Several on the {story.device}")
    story.press(page.get_by_text("Add several at once"))
    page.get_by_label("One item per line").fill("Milk\n\n  Eggs  \nBread")
    story.step("several items typed")
    story.press(page.get_by_role("button", name="Add all"))
    expect(page.get_by_role("button", name="Mark Bread done")).to_be_visible()
    expect_items(page, ["Milk", "Eggs", "Bread"])  # blank lines skipped, spaces trimmed
    expect(page.get_by_label("One item per line")).to_be_hidden()  # folded away again
    story.step("three items added at once")


def test_edit_an_item(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Edit on the {story.device}")
    add_item(story, "Mlik")
    add_item(story, "Eggs")

    story.press(page.get_by_role("link", name="Edit Mlik"))
    field = page.get_by_label("New text for Mlik")
    expect(field).to_be_focused()
    expect(field).to_have_value("Mlik")
    story.step("editing an item")

    field.fill("Oat milk")
    story.press(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("button", name="Mark Oat milk done")).to_be_visible()
    expect_items(page, ["Oat milk", "Eggs"])  # same place in the list
    story.step("item edited")

    # Cancel leaves the text as it was.
    story.press(page.get_by_role("link", name="Edit Eggs"))
    page.get_by_label("New text for Eggs").fill("Spam")
    story.press(page.get_by_role("link", name="Cancel"))
    expect_items(page, ["Oat milk", "Eggs"])


def test_reorder_items(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Reorder on the {story.device}")
    add_several(story, "Apples", "Bread", "Cheese")

    story.press(page.get_by_role("link", name="Reorder items"))
    expect(page.get_by_role("button", name="Move Apples up")).to_be_disabled()  # already first
    expect(page.get_by_role("button", name="Move Cheese down")).to_be_disabled()  # already last
    story.step("reordering")

    story.press(page.get_by_role("button", name="Move Cheese to the top"))
    expect(page.get_by_role("button", name="Move Cheese up")).to_be_disabled()
    expect_items(page, ["Cheese", "Apples", "Bread"])
    story.press(page.get_by_role("button", name="Move Apples down"))
    expect(page.get_by_role("button", name="Move Apples down")).to_be_disabled()
    expect_items(page, ["Cheese", "Bread", "Apples"])
    story.step("moved")

    story.press(page.get_by_role("link", name="Done reordering"))
    expect(page.get_by_role("button", name="Move Apples up")).to_have_count(0)
    page.reload()
    expect_items(page, ["Cheese", "Bread", "Apples"])
    story.step("new order kept")


def test_delete_an_item_then_undo(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Undo on the {story.device}")
    add_several(story, "Milk", "Eggs", "Bread")

    story.press(page.get_by_role("button", name="Delete Eggs"))
    expect(page.get_by_role("status").filter(has_text="Deleted “Eggs”.")).to_be_visible()
    expect_items(page, ["Milk", "Bread"])
    story.step("item deleted, undo offered")

    story.press(page.get_by_role("button", name="Undo"))
    expect(page.get_by_role("button", name="Mark Eggs done")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)
    expect_items(page, ["Milk", "Eggs", "Bread"])  # back in its place
    story.step("undone")


def test_rename_a_list(story: Story, server: Server) -> None:
    page = story.page
    name = f"Hardwear on the {story.device}"
    new_name = f"Hardware on the {story.device}"
    create_list(story, server, name)

    story.press(page.get_by_role("link", name="Rename list"))
    field = page.get_by_label(f"New name for {name}")
    expect(field).to_be_focused()
    story.step("renaming")
    field.fill(new_name)
    story.press(page.get_by_role("button", name="Save name"))
    expect(page.get_by_role("heading", level=1)).to_have_text(new_name)
    expect(page).to_have_title(new_name)
    story.step("renamed")

    page.goto(server.url + "/")
    expect(page.get_by_role("link", name=new_name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)


def test_done_items_uncheck_all_and_clear_with_undo(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Tidy on the {story.device}")
    add_several(story, "Milk", "Eggs", "Bread")

    story.press(page.get_by_role("button", name="Mark Milk done"))
    story.press(page.get_by_role("button", name="Mark Bread done"))
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    expect(page.get_by_text("2 of 3 done")).to_be_visible()
    story.step("two done")

    story.press(page.get_by_role("button", name="Uncheck all"))
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    expect(page.get_by_role("heading", name="Done")).to_have_count(0)
    story.step("all unchecked")

    story.press(page.get_by_role("button", name="Mark Eggs done"))
    story.press(page.get_by_role("link", name="Clear done items…"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clear done items")
    story.step("asked to clear")
    story.press(page.get_by_role("button", name="Clear done items"))
    expect(page.get_by_role("button", name="Mark Eggs not done")).to_have_count(0)
    expect_items(page, ["Milk", "Bread"])
    story.step("cleared")
    story.press(page.get_by_role("button", name="Undo"))
    expect(page.get_by_role("button", name="Mark Eggs not done")).to_be_visible()


def test_restore_a_deleted_list_from_the_trash(story: Story, server: Server) -> None:
    page = story.page
    name = f"Trash on the {story.device}"
    create_list(story, server, name)
    add_item(story, "Candles")
    story.press(page.get_by_role("link", name="Delete this list…"))
    story.press(page.get_by_role("button", name="Delete list"))
    expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)

    story.press(page.get_by_role("link", name="Trash", exact=True))
    story.step("trash")
    story.press(page.get_by_role("button", name=f"Restore {name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("button", name="Mark Candles done")).to_be_visible()
    story.step("restored")

    # A deleted item, restored from the list's own trash later on.
    story.press(page.get_by_role("button", name="Delete Candles"))
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    page.goto(page.url.split("?")[0])  # the undo notice is gone
    story.press(page.get_by_role("link", name="Recently deleted"))
    story.step("recently deleted items")
    story.press(page.get_by_role("button", name="Restore Candles"))
    expect(page.get_by_text("No deleted items.")).to_be_visible()  # stays, to restore more
    story.press(page.get_by_role("link", name=f"Back to {name}"))
    expect(page.get_by_role("button", name="Mark Candles done")).to_be_visible()
    story.step("item restored")
