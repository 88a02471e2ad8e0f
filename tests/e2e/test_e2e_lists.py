"""User stories for lists and items, in a real browser with JavaScript off, on a phone
and on a desktop. Every control is found by its role and accessible name, as a screen
reader user would find it; every step is screenshotted and checked (e2e_checks)."""

from __future__ import annotations


import pytest
from playwright.sync_api import Request, expect

from .e2e_browser import Story
from .e2e_server import Server
from .e2e_steps import add_item, create_list, expect_items

pytestmark = pytest.mark.e2e


def test_create_list_add_tick_untick_and_delete_items(story: Story, server: Server) -> None:
    page = story.page
    name = f"Shopping on the {story.device}"
    page.goto(server.url + "/")
    expect(page.get_by_role("heading", name="Simple Lists")).to_be_visible()
    story.step("home page")

    create_list(story, server, name)
    expect(page.get_by_text("Nothing on this list yet.")).to_be_visible()
    expect(page.get_by_label("New item")).to_be_focused()  # autofocus: type straight away
    story.step("new empty list")

    add_item(story, "Milk")
    story.step("one item added")

    # Pressing Enter (a phone keyboard's Go) submits the field too.
    page.get_by_label("New item").fill("Eggs")
    page.get_by_label("New item").press("Enter")
    expect(page.get_by_role("button", name="Mark Eggs done")).to_be_visible()
    add_item(story, "Bread")
    expect_items(page, ["Milk", "Eggs", "Bread"])
    expect(page.get_by_label("New item")).to_have_value("")
    story.step("three items")

    story.press(page.get_by_role("button", name="Mark Milk done"))
    milk = page.get_by_role("button", name="Mark Milk not done")
    expect(milk).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("1 of 3 done")).to_be_visible()
    story.step("Milk ticked")

    story.press(milk)
    expect(page.get_by_role("button", name="Mark Milk done")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    story.step("Milk unticked")

    # The item's text is the tick button's label: tapping the words ticks it too.
    story.press(page.locator("label", has_text="Eggs"))
    expect(page.get_by_role("button", name="Mark Eggs not done")).to_be_visible()
    story.step("Eggs ticked by tapping its text")

    story.press(page.get_by_role("button", name="Delete Bread"))
    expect(page.get_by_role("button", name="Mark Bread done")).to_have_count(0)
    expect_items(page, ["Milk", "Eggs"])
    story.step("Bread deleted")

    page.goto(server.url + "/")
    row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_contain_text("1 of 2 done")
    story.step("home page lists it")


def test_delete_a_list_after_confirming(story: Story, server: Server) -> None:
    page = story.page
    name = f"Old list on the {story.device}"
    create_list(story, server, name)
    add_item(story, "Batteries")

    # Changing one's mind on the confirmation page keeps the list.
    story.press(page.get_by_role("link", name="Delete this list…"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Delete “{name}”?")
    expect(page.get_by_text("its 1 item will be gone")).to_be_visible()
    story.step("asked to confirm")
    story.press(page.get_by_role("link", name="Cancel"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("button", name="Mark Batteries done")).to_be_visible()

    # From the home page's ✕ this time, and confirmed.
    page.goto(server.url + "/")
    story.press(page.get_by_role("link", name=f"Delete {name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Delete “{name}”?")
    story.press(page.get_by_role("button", name="Delete list"))
    expect(page).to_have_url(server.url + "/")
    expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    story.step("list deleted")


def test_back_button_after_adding_does_not_send_the_form_again(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Back button on the {story.device}")
    add_item(story, "Apples")
    add_item(story, "Pears")
    list_url = page.url
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))

    page.go_back()
    expect(page).to_have_url(list_url)  # the list again, before Pears was added
    story.step("after the back button")
    assert [r.method for r in sent if r.resource_type == "document"] in ([], ["GET"]), \
        "the back button sent a form again"
    # Pages are no-store, so going back fetches the list as it is now: nothing lost,
    # nothing added twice.
    expect_items(page, ["Apples", "Pears"])
    page.reload()
    expect_items(page, ["Apples", "Pears"])
    story.step("after reloading")


def test_a_mistyped_list_link_shows_a_clear_page(story: Story, server: Server) -> None:
    page = story.page
    response = page.goto(server.url + "/lists/nosuchlist")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    story.step("not found")
    story.press(page.get_by_role("link", name="Go to the home page"))
    expect(page.get_by_role("heading", name="Simple Lists")).to_be_visible()
