"""Shared fixtures: a config on a temporary database, the model, and the app under WebTest."""

from __future__ import annotations

import dataclasses
import pathlib

import bcrypt
import pytest
import webtest

from simplelists.app import create_app
from simplelists.config import Config
from simplelists.db import Model

USERNAME = "family"
PASSWORD = "correct horse battery"
# Cost 4 keeps the tests fast; production hashes use cost 12.
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "simplelists.sqlite")


@pytest.fixture
def config(db_path: str) -> Config:
    return Config(db_path=db_path, show_lists=True, timezone=__import__("zoneinfo").ZoneInfo("UTC"))


@pytest.fixture
def signed_in_config(config: Config) -> Config:
    return dataclasses.replace(config, username=USERNAME, password_hash=PASSWORD_HASH)


@pytest.fixture
def model(config: Config):
    model = Model(config.db_path)
    model.migrate()
    yield model
    model.close()


def make_test_app(config: Config, model: Model | None = None) -> webtest.TestApp:
    """A WebTest client for a new app, coming from 127.0.0.1 like a local browser."""
    return webtest.TestApp(create_app(config, model), extra_environ={"REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def app(config: Config, model: Model) -> webtest.TestApp:
    return make_test_app(config, model)


@pytest.fixture
def signed_in_app(signed_in_config: Config, model: Model) -> webtest.TestApp:
    """An app with sign-in on, not yet signed in."""
    return make_test_app(signed_in_config, model)


def sign_in(app: webtest.TestApp, username: str = USERNAME, password: str = PASSWORD, path: str = "/"):
    """Fill in and send the sign-in form shown at path; returns the response to the POST.

    When already signed in (no form is shown), posts the same fields directly."""
    page = app.get(path).maybe_follow()
    form = next((form for form in page.forms.values() if form.action == "/sign-in"), None)
    if form is None:
        return app.post("/sign-in", {"username": username, "password": password,
                                     "csrf-token": app.cookies["csrf-token"], "return-url": path})
    form["username"] = username
    form["password"] = password
    return form.submit()


def drop_cookie(app: webtest.TestApp, name: str) -> None:
    """Forget one cookie in the test browser, as if it had expired."""
    for cookie in list(app.cookiejar):
        if cookie.name == name:
            app.cookiejar.clear(cookie.domain, cookie.path, cookie.name)


def create_list(app: webtest.TestApp, name: str):
    """Create a list through the home page's form; returns the list page."""
    form = app.get("/").forms["create-list"]
    form["name"] = name
    return form.submit().follow()


def add_item(list_page, description: str):
    """Add an item through the list page's form; returns the list page after the redirect."""
    form = list_page.forms["add-item"]
    form["description"] = description
    return form.submit().follow()


def pytest_report_header(config: pytest.Config) -> str:
    """Which Python tests/test_image.py builds the image's venv with (the image's own
    minor version where one is installed here)."""
    from deploy_helpers import base_python_version, dockerfile_stages, python_for

    version = base_python_version(dockerfile_stages()[-1].base) or (3, 12)
    return f"image emulation: {python_for(version)[1]}"
