"""The browser side of the end-to-end tests: how Chromium is launched, the two devices,
and Story, one person using the app on one device."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import bcrypt
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from .e2e_checks import PageWatch, page_problems
from .e2e_server import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
# Quiet, reproducible, offline: no sandbox (root in CI), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"

USERNAME = "family"
PASSWORD = "correct horse battery"
# Cost 4 keeps sign-in fast in the tests; production hashes use cost 12.
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()

# A phone the size of an iPhone 12-15 (touch; 2x pixels keeps screenshots quick) and a laptop screen.
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}


class Story:
    """One person using the app on one device: press (tap on a phone, click on a
    desktop), and step(), which saves a screenshot and fails on any problem found."""

    def __init__(self, page: Page, watch: PageWatch, device: str, folder: pathlib.Path) -> None:
        self.page = page
        self.watch = watch
        self.device = device
        self.folder = folder
        self.steps = 0

    def press(self, locator: Locator) -> None:
        """Activate a button or link as a person on this device would."""
        if self.device == "phone":
            locator.tap()
        else:
            locator.click()

    def step(self, name: str) -> None:
        """Screenshot the whole page, then fail with every problem the checks find."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=self.folder / f"{self.steps:02d}-{slug}.png", full_page=True)
        problems = page_problems(self.page, self.watch)
        assert not problems, (f"step {self.steps} ({name}) on the {self.device}, {self.page.url}:\n  "
                              + "\n  ".join(problems))


def new_page(browser: Browser, device: str) -> tuple[BrowserContext, Page]:
    """A fresh context (no cookies) with JavaScript off for the device, and its page."""
    context = browser.new_context(java_script_enabled=False, **DEVICES[device])
    context.set_default_timeout(10_000)
    return context, context.new_page()


