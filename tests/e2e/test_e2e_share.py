"""User stories for sharing and connecting, in a real browser with JavaScript off: make
an API token and see it once, make and revoke a read-only link, open one signed out; the
QR codes on screen scanned back to their links (zbarimg); and what Chromium makes of the
web app manifests."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .e2e_browser import PASSWORD, USERNAME, Story, new_page
from .e2e_checks import PageWatch, page_problems
from .e2e_server import Server

pytestmark = pytest.mark.e2e


def new_list(story: Story, server: Server, name: str, *items: str) -> str:
    """From the home page, create a list and add items with the page's forms; its URL."""
    page = story.page
    page.goto(server.url + "/")
    page.get_by_label("New list name").fill(name)
    story.press(page.get_by_role("button", name="Create list"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    for item in items:
        page.get_by_label("New item").fill(item)
        story.press(page.get_by_role("button", name="Add", exact=True))
        expect(page.get_by_role("button", name=f"Mark {item} done")).to_be_visible()
    return page.url


def sign_in(story: Story, server: Server) -> None:
    page = story.page
    page.goto(server.url + "/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    story.press(page.get_by_role("button", name="Sign in"))
    story.press(page.get_by_role("button", name="Not now"))  # who uses this browser: asked once
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def scan(code: Locator, folder: pathlib.Path) -> str:
    """What a phone's camera reads from the QR code as the screen shows it."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is missing: run .ci/install-test-tools (apt-get install zbar-tools)")
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "qr.png"
    code.screenshot(path=image)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"no QR code found: {result.stderr}"
    return result.stdout.strip()


def api(url: str, token: str, body: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": "text/plain; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_a_token_see_it_once_use_it_and_revoke_it(story: Story, server: Server) -> None:
    page = story.page
    list_url = new_list(story, server, f"Voice on the {story.device}", "Bread")
    story.press(page.get_by_role("link", name="Connect a phone or assistant"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Connect a phone or assistant")
    story.step("connect page")

    page.get_by_label("Name of the phone, app or assistant").fill("Mum's iPhone")
    story.press(page.get_by_role("button", name="Make a token"))
    header = page.get_by_label("Value of the Authorization header")
    expect(header).to_have_value(re.compile(r"^Bearer [A-Za-z0-9_-]{43}$"))
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    story.step("token shown once")
    token = header.input_value().removeprefix("Bearer ")
    api_url = page.get_by_label("The list's address for shortcuts and scripts").input_value()
    assert api_url == list_url.replace("/lists/", "/api/lists/") + "/items"

    # What a shortcut does with it.
    assert api(api_url, token, "Milk".encode()) == (201, f"Added Milk to Voice on the {story.device}.\n")
    page.goto(list_url)
    expect(page.get_by_role("button", name="Mark Milk done")).to_be_visible()

    story.press(page.get_by_role("link", name="Connect a phone or assistant"))
    expect(page.get_by_label("Value of the Authorization header")).to_have_count(0)  # never again
    expect(page.get_by_text(token)).to_have_count(0)
    expect(page.get_by_text("last used")).to_be_visible()
    story.step("token listed, not shown")

    story.press(page.get_by_role("button", name="Revoke Mum's iPhone"))
    expect(page.get_by_role("status")).to_contain_text("The token was revoked")
    story.step("token revoked")
    assert api(api_url, token)[0] == 401


# On the phone only: scanning a code and opening a link on someone else's phone are phone
# things. The manifest test goes through the Share page on the desktop.
@pytest.mark.parametrize("device", ["phone"])
def test_share_a_list_by_qr_code_and_a_read_only_link_then_revoke_it(
        story: Story, signin_server: Server, browser: Browser, device: str) -> None:
    page = story.page
    sign_in(story, signin_server)
    name = f"Party on the {story.device}"
    list_url = new_list(story, signin_server, name, "Cake", "Candles")
    story.press(page.get_by_role("button", name="Mark Candles done"))
    story.press(page.get_by_role("link", name="Share", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Share “{name}”")
    expect(page.get_by_label("Link to this list")).to_have_value(list_url)
    expect(page.get_by_text("asks for the family password first")).to_be_visible()
    story.step("share page")
    assert scan(page.get_by_role("img", name=f"QR code of the link to {name}"), story.folder) == list_url

    page.get_by_label("Who is it for?").fill("Grandma")
    story.press(page.get_by_role("button", name="Make a read-only link"))
    link = page.get_by_role("textbox", name="Read-only link").input_value()
    assert re.fullmatch(re.escape(signin_server.url) + r"/shared/[A-Za-z0-9_-]{43}", link)
    story.step("read-only link made")
    assert scan(page.get_by_role("img", name="QR code of the read-only link for Grandma"), story.folder) == link

    # Grandma scans it: her phone has never signed in.
    context, grandma = new_page(browser, story.device)
    try:
        watch = PageWatch(grandma)
        grandma.goto(link)
        expect(grandma.get_by_role("heading", level=1)).to_have_text(name)
        expect(grandma.locator("ul.shared li")).to_have_text(["Cake", "✓Candles"])
        assert grandma.locator("form, button, input").count() == 0
        grandma.screenshot(path=story.folder / "grandma.png", full_page=True)
        assert not page_problems(grandma, watch)

        story.press(page.get_by_role("link", name="Back to " + name))
        story.press(page.get_by_role("link", name="Share", exact=True))
        expect(page.get_by_text("last opened")).to_be_visible()
        story.press(page.get_by_role("button", name="Revoke the link for Grandma"))
        expect(page.get_by_role("status")).to_contain_text("The read-only link was revoked")
        story.step("read-only link revoked")

        response = grandma.goto(link)
        assert response is not None and response.status == 404
        expect(grandma.get_by_text("it was revoked, or the list was deleted")).to_be_visible()
    finally:
        context.close()


def app_manifest(page: Page) -> tuple[dict, list, list]:
    """What Chromium read from the page's manifest: its parsed data, its errors, and why
    it would not offer to install the page (if anything)."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send("Page.getAppManifest")
        installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        # Playwright's contexts are incognito profiles, where Chromium never offers to
        # install anything: that one reason is the test's, not the app's.
        return json.loads(found["data"]), found["errors"], [error for error in installability
                                                            if error["errorId"] != "in-incognito"]
    finally:
        cdp.detach()


@pytest.mark.parametrize("device", ["desktop"])
def test_chromium_reads_every_manifest_without_errors(story: Story, signin_server: Server, device: str,
                                                     browser: Browser) -> None:
    page = story.page
    sign_in(story, signin_server)
    list_url = new_list(story, signin_server, "Home screen", "Milk")
    story.press(page.get_by_role("link", name="Share", exact=True))
    story.step("share page")
    page.get_by_label("Who is it for?").fill("Tablet")
    story.press(page.get_by_role("button", name="Make a read-only link"))
    shared_url = page.get_by_role("textbox", name="Read-only link").input_value()
    story.step("read-only link made")
    signed_out_context, signed_out = new_page(browser, device)
    try:
        for viewer, url, start_url in ((page, signin_server.url + "/", "/"),
                                       (page, list_url, list_url.removeprefix(signin_server.url)),
                                       (signed_out, shared_url, shared_url.removeprefix(signin_server.url))):
            viewer.goto(url)
            viewer.wait_for_load_state("load")
            data, errors, installability = app_manifest(viewer)
            assert errors == [], (url, errors)
            assert installability == [], (url, installability)
            assert (data["start_url"], data["display"]) == (start_url, "standalone")
    finally:
        signed_out_context.close()
