"""The Notifications story in a real browser with JavaScript off, on a phone and a
desktop: from a list's menu to its Notifications page, an address inside the network
refused with the form kept, an ntfy topic saved and shown masked from then on, what it
hears changed, a test sent (the page says so), and the destination deleted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .e2e_browser import Story
from .e2e_server import Server
from .e2e_steps import add_item, create_list

pytestmark = pytest.mark.e2e

TOPIC = "ntfys://ntfy.sh/our-family-topic-4711"


def test_add_a_destination_test_it_and_delete_it(story: Story, server: Server) -> None:
    page = story.page
    create_list(story, server, f"Notify on the {story.device}")
    add_item(story, "Milk")
    story.press(page.get_by_role("link", name="Notifications"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notifications for")
    story.step("notifications page")

    page.get_by_label("Name", exact=True).fill("Mum’s phone")
    page.get_by_label("Apprise URL").fill("json://127.0.0.1:8080/")
    page.get_by_label("Items deleted").uncheck()
    story.press(page.get_by_role("button", name="Add destination"))
    expect(page.get_by_role("alert")).to_contain_text("127.0.0.1 is an address inside a private network")
    expect(page.get_by_label("Apprise URL")).to_have_value("json://127.0.0.1:8080/")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Mum’s phone")
    expect(page.get_by_label("Items deleted")).not_to_be_checked()
    story.step("private address refused")

    page.get_by_label("Apprise URL").fill(TOPIC)
    story.press(page.get_by_role("button", name="Add destination"))
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_text("ntfys://ntfy.sh/•••")).to_be_visible()
    assert "our-family-topic" not in page.content()
    story.step("destination saved and masked")

    destination = page.locator("ul.destinations > li").filter(has_text="Mum’s phone")
    story.press(destination.get_by_text("Change what Mum’s phone hears"))
    destination.get_by_label("Items added").uncheck()
    destination.get_by_label("Whose own changes it stays quiet about (optional)").fill("Mum")
    story.press(destination.get_by_role("button", name="Save"))
    expect(page.get_by_text("quiet about Mum’s own changes")).to_be_visible()
    story.step("what it hears changed")

    story.press(page.get_by_role("button", name="Send a test to Mum’s phone"))
    expect(page.get_by_role("status")).to_contain_text("A test message is on its way")
    story.step("test queued")

    story.press(page.get_by_role("button", name="Delete Mum’s phone"))
    expect(page.get_by_role("status")).to_contain_text("The destination was deleted")
    expect(page.get_by_text("No destinations yet.")).to_be_visible()
    story.step("destination deleted")
