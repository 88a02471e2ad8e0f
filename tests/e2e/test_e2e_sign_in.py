"""User stories for signing in and out, in a real browser with JavaScript off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .e2e_browser import PASSWORD, USERNAME, Story
from .e2e_server import Server

pytestmark = pytest.mark.e2e


def fill_sign_in(story: Story, password: str) -> None:
    """Type the username and a password into the sign-in form and press Sign in."""
    page = story.page
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(password)
    story.press(page.get_by_role("button", name="Sign in"))


def test_sign_in_with_a_wrong_password_then_the_right_one_and_sign_out(story: Story, signin_server: Server) -> None:
    page = story.page
    page.goto(signin_server.url + "/")
    expect(page.get_by_label("Username")).to_be_focused()
    story.step("sign-in page")

    fill_sign_in(story, "not the password")
    expect(page.get_by_role("alert")).to_have_text("Incorrect username or password.")
    expect(page.get_by_label("Password")).to_have_value("")  # never echoed back
    story.step("wrong password")

    fill_sign_in(story, PASSWORD)
    # Asked once who uses this browser, then on to the home page.
    expect(page.get_by_role("heading", name="Who uses this browser?")).to_be_visible()
    story.step("asked for a name")
    page.get_by_label("Your name").fill("Mum")
    story.press(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("heading", name="Simple Lists")).to_be_visible()
    expect(page.get_by_label("New list name")).to_be_visible()
    expect(page.locator("footer .who")).to_have_text("You are Mum · Change")
    story.step("signed in")

    story.press(page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    story.step("signed out")

    # Signed out really means out: the home page asks again after a reload.
    page.reload()
    expect(page.get_by_label("New list name")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_list_link_opened_while_signed_out_lands_on_the_list_after_signing_in(
        story: Story, signin_server: Server) -> None:
    page = story.page
    name = f"Party on the {story.device}"
    page.goto(signin_server.url + "/")
    fill_sign_in(story, PASSWORD)
    story.press(page.get_by_role("button", name="Not now"))
    page.get_by_label("New list name").fill(name)
    story.press(page.get_by_role("button", name="Create list"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    list_url = page.url
    story.press(page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    # Later the link arrives in a chat message and is opened signed out.
    page.goto(list_url)
    expect(page).to_have_url(re.compile(r"/\?return-url="))
    expect(page.get_by_role("heading", level=1)).not_to_have_text(name)
    story.step("link opened while signed out")

    fill_sign_in(story, PASSWORD)
    expect(page).to_have_url(list_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    story.step("on the list after signing in")
