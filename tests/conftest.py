"""Shared fixtures: a config on a temporary database, the database and its stores, the app
under WebTest, and the story helpers that use the app's pages as a person would (fill in
and send its forms, press its buttons)."""

from __future__ import annotations

import dataclasses
import pathlib
import re
import zoneinfo

import bcrypt
import bottle
import pytest
import webtest

from simplelists.app import create_app
from simplelists.config import Config
from simplelists.db import Database
from simplelists.lists import ListStore
from simplelists.sessions import SessionStore
from simplelists.trash import TrashStore

USERNAME = "family"
PASSWORD = "correct horse battery"
# Cost 4 keeps the tests fast; production hashes use cost 12.
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()


@pytest.fixture(autouse=True)
def outside_any_request():
    """Each test starts outside any request. Bottle's request is per thread and keeps the
    last one WebTest sent, with its language: a test calling the code directly would
    otherwise answer in whatever language the test before it used."""
    bottle.request.bind({})


# -- configuration and storage -------------------------------------------------------------

@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "simplelists.sqlite")


@pytest.fixture
def config(db_path: str) -> Config:
    """Sign-in off, every list on the home page, dates in UTC."""
    return Config(db_path=db_path, show_lists=True, timezone=zoneinfo.ZoneInfo("UTC"))


@pytest.fixture
def signed_in_config(config: Config) -> Config:
    return dataclasses.replace(config, username=USERNAME, password_hash=PASSWORD_HASH)


@pytest.fixture
def password() -> str:
    """The family password of signed_in_config."""
    return PASSWORD


@pytest.fixture
def password_hash() -> str:
    """Its bcrypt hash (cost 4, to keep the tests fast; production hashes use cost 12)."""
    return PASSWORD_HASH


@pytest.fixture
def db(config: Config):
    db = Database(config.db_path)
    db.migrate()
    yield db
    db.close()


@pytest.fixture
def store(db: Database) -> ListStore:
    return ListStore(db)


@pytest.fixture
def trash_store(db: Database) -> TrashStore:
    return TrashStore(db)


@pytest.fixture
def sessions(db: Database) -> SessionStore:
    return SessionStore(db)


# -- the app ---------------------------------------------------------------------------------

def _test_app(config: Config, db: Database | None = None) -> webtest.TestApp:
    return webtest.TestApp(create_app(config, db), extra_environ={"REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def make_test_app():
    """make_test_app(config, db=None): a WebTest client for a new app, coming from
    127.0.0.1 like a local browser (a second person, or the app with other settings)."""
    return _test_app


@pytest.fixture
def app(config: Config, db: Database) -> webtest.TestApp:
    return _test_app(config, db)


@pytest.fixture
def signed_in_app(signed_in_config: Config, db: Database) -> webtest.TestApp:
    """An app with sign-in on, not yet signed in."""
    return _test_app(signed_in_config, db)


# -- story helpers: what a person does with the pages --------------------------------------

def _sign_in(app: webtest.TestApp, username: str = USERNAME, password: str = PASSWORD, path: str = "/",
             asked_name: bool = True):
    if asked_name:  # the browser said before that it gives no name, so sign-in goes straight on
        app.set_cookie("who", "")
    page = app.get(path).maybe_follow()
    form = next((form for form in page.forms.values() if form.action == "/sign-in"), None)
    if form is None:  # signed in already: post the same fields directly
        return app.post("/sign-in", {"username": username, "password": password,
                                     "csrf-token": app.cookies["csrf-token"], "return-url": path})
    form["username"] = username
    form["password"] = password
    return form.submit()


@pytest.fixture
def sign_in():
    """sign_in(app, username=..., password=..., path="/", asked_name=True): fill in and
    send the sign-in form shown at path; the response to the POST. asked_name=False:
    the browser has never said who uses it, so signing in asks that first."""
    return _sign_in


@pytest.fixture
def drop_cookie():
    """drop_cookie(app, name): forget one cookie in the test browser, as if it had expired."""
    def drop(app: webtest.TestApp, name: str) -> None:
        for cookie in list(app.cookiejar):
            if cookie.name == name:
                app.cookiejar.clear(cookie.domain, cookie.path, cookie.name)
    return drop


def _say_name(app: webtest.TestApp, name: str, path: str = "/"):
    page = app.get(path).maybe_follow()
    name_page = page.click(href=r"^/name\?")
    form = name_page.forms["name-form"]
    form["name"] = name
    return form.submit("action", value="save")


@pytest.fixture
def say_name():
    """say_name(app, name, path="/"): follow the footer's name link on the page at path
    and save the name there; the response to the POST (a redirect back to path)."""
    return _say_name


def _create_list(app: webtest.TestApp, name: str):
    form = app.get("/").forms["create-list"]
    form["name"] = name
    return form.submit().follow()


def _add_item(list_page, description: str):
    form = list_page.forms["add-item"]
    form["description"] = description
    return form.submit().follow()


@pytest.fixture
def create_list():
    """create_list(app, name): create a list with the home page's form; the list page."""
    return _create_list


@pytest.fixture
def add_item():
    """add_item(list_page, text): add an item with the list page's form; the list page."""
    return _add_item


@pytest.fixture
def list_with_items():
    """list_with_items(app, name, *texts): a new list with the items added in order
    through its "Add several at once" form (one request, however many items); the list
    page."""
    def make(app: webtest.TestApp, name: str, *descriptions: str):
        page = _create_list(app, name)
        if descriptions:
            form = page.forms["add-items"]
            form["description"] = "\n".join(descriptions)
            page = form.submit().follow()
        return page
    return make


@pytest.fixture
def list_id_of():
    """list_id_of(page): the list ID of a list page (its path is /lists/<id>)."""
    return lambda page: page.request.path.rsplit("/", 1)[1]


def _add_section(page, name: str):
    if page.html.find("form", id="add-section") is None:  # a list page: open its sections page
        page = page.click(description="Sections", href=r"\?sections=1$")
    form = page.forms["add-section"]
    form["name"] = name
    return form.submit().follow()


@pytest.fixture
def add_section():
    """add_section(page, name): add a section with the sections page's form (opened from
    the list page's "Sections" link when page is the list page); the sections page."""
    return _add_section


class ItemForm:
    """One item's form on a list page, to press the button that posts to one address.

    An item is one form whose buttons post to different addresses (formaction), which
    WebTest does not follow; submit() sends what a browser sends when that button is
    pressed: the form's fields, the button's own name and value, to the button's address.
    """

    def __init__(self, form: webtest.forms.Form, action: str) -> None:
        self.form = form
        self.action = action

    def __getitem__(self, name: str):
        return self.form[name]

    def __setitem__(self, name: str, value: str) -> None:
        self.form[name] = value

    @property
    def fields(self):
        return self.form.fields

    def submit_fields(self):
        return self.form.submit_fields()

    def buttons(self) -> list:
        """The form's buttons that post to this address."""
        return [button for button in self.form.html.find_all("button")
                if (button.get("formaction") or self.form.action) == self.action]

    def submit(self, name: str | None = None, value: str | None = None, **args):
        """Press the button for this address (the one with that value, when given)."""
        candidates = [button for button in self.buttons()
                      if (name is None or button.get("name") == name) and (value is None or button.get("value") == value)]
        assert candidates, f"no button posting to {self.action} with {name}={value}"
        button = candidates[0]
        assert not button.has_attr("disabled"), f"the button {button} is disabled"
        fields = self.form.submit_fields()
        if button.get("name"):
            fields.append((button["name"], button.get("value", "")))
        args.setdefault("content_type", self.form.enctype)
        return self.form.response.goto(self.action, method="post", params=fields, **args)


def _item_form(page, action: str, item_id: int) -> ItemForm:
    for form in page.forms.values():
        if "item-id" not in form.fields or form["item-id"].value != str(item_id):
            continue
        if form.action == action or any(button.get("formaction") == action for button in form.html.find_all("button")):
            return ItemForm(form, action)
    raise AssertionError(f"no form posting to {action} for item {item_id}")


@pytest.fixture
def item_form():
    """item_form(page, action, item_id): the item's form, to press the button that posts
    to action (/update-done, /delete-item, /move-item, /edit-item)."""
    return _item_form


def _press(page, label: str, **args):
    """Press the button with that accessible name (aria-label, else its text)."""
    for form in page.forms.values():
        for button in form.html.find_all("button"):
            if button.get("aria-label", button.get_text(strip=True)) == label:
                return ItemForm(form, button.get("formaction") or form.action).submit(
                    button.get("name"), button.get("value"), **args)
    raise AssertionError(f"no button {label!r} on the page")


@pytest.fixture
def press():
    """press(page, label, **args): press the button with that accessible name, as a
    browser would (its form's fields, its own name and value, its formaction); the
    response, not followed."""
    return _press


def _tick(page, description: str):
    for label in (f"Mark {description} done", f"Mark {description} not done"):
        if label in page.text:
            return _press(page, label).follow()
    raise AssertionError(f"no tick button for {description}")


@pytest.fixture
def tick():
    """tick(page, text): press the tick button of the item with that text (ticking it,
    or unticking a done one); the list page after the redirect."""
    return _tick


@pytest.fixture
def form_with_action():
    """form_with_action(page, action): the one form on the page posting to action."""
    def find(page, action: str):
        forms = [form for form in page.forms.values() if form.action == action]
        assert len(forms) == 1, f"expected one form for {action}, found {len(forms)}"
        return forms[0]
    return find


@pytest.fixture
def item_ids():
    """item_ids(store, list_id): item text -> ID, for the list's items not deleted."""
    return lambda store, list_id: {item.description: item.id for item in store.get_list(list_id).items}


@pytest.fixture
def descriptions():
    """descriptions(store, list_id): the list's item texts in their order."""
    return lambda store, list_id: [item.description for item in store.get_list(list_id).items]


@pytest.fixture
def visible_order():
    """visible_order(page): item texts in the order the page shows them (to do first,
    then the Done part)."""
    return lambda page: [re.sub(r"</?del>", "", text) for text in
                         re.findall(r'<label for="tick-\d+" class="text">(.*?)</label>', page.text)]


def pytest_report_header(config: pytest.Config) -> str:
    """Which Python tests/test_image.py builds the image's venv with (the image's own
    minor version where one is installed here)."""
    from deploy_helpers import base_python_version, dockerfile_stages, python_for

    version = base_python_version(dockerfile_stages()[-1].base) or (3, 12)
    return f"image emulation: {python_for(version)[1]}"


# -- an S3 server for Litestream --------------------------------------------------------------

@pytest.fixture(scope="session")
def s3_server():
    """One moto S3 server on 127.0.0.1 for the whole session (tests/s3_server.py), started
    when a test first asks for it (with pytest-xdist: in each worker that runs such a test).
    Each test takes a bucket of its own with s3_server.new_bucket(); the tests of one
    worker run one at a time, so one of them may take the server off the network."""
    from s3_server import S3Server

    server = S3Server().start()
    yield server
    server.stop()


# -- tokens and share links, made through their pages ---------------------------------------

@pytest.fixture
def make_api_token():
    """make_api_token(app, list_id, name="Kitchen tablet"): make an API token with the
    list's "Connect a phone or assistant" form; its secret, as the page shows it once."""
    def make(app: webtest.TestApp, list_id: str, name: str = "Kitchen tablet") -> str:
        form = app.get(f"/lists/{list_id}/connect").maybe_follow().forms["create-api-token"]
        form["name"] = name
        page = form.submit()
        header_value = page.html.find(id="new-token")["value"]
        assert header_value.startswith("Bearer ")
        return header_value.removeprefix("Bearer ")
    return make


@pytest.fixture
def make_share_link():
    """make_share_link(app, list_id, name="Grandma"): make a read-only link with the list's
    Share form; its path (/shared/<secret>), as the page shows it once."""
    def make(app: webtest.TestApp, list_id: str, name: str = "Grandma") -> str:
        form = app.get(f"/lists/{list_id}/share").maybe_follow().forms["create-share-link"]
        form["name"] = name
        page = form.submit()
        url = page.html.find(id="new-link")["value"]
        return "/shared/" + url.rsplit("/shared/", 1)[1]
    return make
