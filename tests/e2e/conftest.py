"""Fixtures for the browser tests: Debian's Chromium with JavaScript off, the real
server (with and without sign-in), a phone and a desktop, and a Story that saves a
full-page screenshot and runs every check at each step.

Screenshots go to test-artifacts/e2e/<test>/<device>/ (git ignores that folder); the
curated ones in docs/screenshots/ come from test_e2e_screenshots.py.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest

from playwright.sync_api import Browser, sync_playwright

from .e2e_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DEVICES, PASSWORD_HASH, USERNAME, Story, new_page
from .e2e_checks import PageWatch
from .e2e_server import Server, run_server


def why_no_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing: run .ci/install-test-tools (apt-get install chromium) to run the browser tests"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = why_no_browser()
    if reason:
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


# Package scope: Playwright stops when tests/e2e is done, so other browser tests (which
# start their own Playwright, and two cannot run at once) work in the same pytest run.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app without sign-in, listing every list on the home page."""
    with run_server(tmp_path_factory.mktemp("server"), {"SIMPLELISTS_LISTS": "1"}) as running:
        yield running


@pytest.fixture(scope="package")
def signin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with sign-in on (USERNAME / PASSWORD)."""
    env = {"SIMPLELISTS_LISTS": "1", "SIMPLELISTS_USERNAME": USERNAME, "SIMPLELISTS_PASSHASH": PASSWORD_HASH}
    with run_server(tmp_path_factory.mktemp("signin-server"), env) as running:
        yield running


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    # Keep each phase's outcome on the test, so the story fixture can tell it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def story(browser: Browser, device: str, request: pytest.FixtureRequest) -> Iterator[Story]:
    context, page = new_page(browser, device)
    test_name = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.originalname)
    folder = ARTIFACTS / test_name / device
    shutil.rmtree(folder, ignore_errors=True)  # no stale screenshots of an older run
    story = Story(page, PageWatch(page), device, folder)
    try:
        yield story
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            # The page as it was when the test failed, which may be between two steps.
            story.folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=story.folder / "failed.png", full_page=True)
    finally:
        context.close()
