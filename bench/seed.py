"""Seed a running Simple Lists through its own forms, as a family would: sign in, create
50 lists, fill one with 20 items (a third ticked) and one with 500 (a third ticked)."""

from __future__ import annotations

import dataclasses
import http.client
import re
import urllib.parse

WORDS = ["Milk", "Bread & butter", "Eggs", "Crème fraîche", "Apples", "Coffee", "Pasta",
         "Tomatoes", "Rice", "Washing-up liquid", "Cheese <mild>", "Bananas", "Yoghurt",
         "Olive oil", "Onions", "Tea", "Butter", "Oats", "Soap", "Chocolate \"dark\""]
CSRF_COOKIE = "csrf-token"


class SeedError(RuntimeError):
    """The app answered a form in a way the benchmark did not expect."""


class Browser:
    """A minimal browser: one keep-alive connection, a cookie jar, no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Send a request; returns status, Location header and body text."""
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), text

    def get(self, path: str) -> str:
        """GET a page that must answer 200; its HTML."""
        status, _, text = self.request("GET", path)
        if status != 200:
            raise SeedError(f"GET {path} answered {status}")
        return text

    def submit(self, action: str, **fields: str) -> str:
        """POST a form (with the CSRF token) that must answer with a redirect; its Location."""
        fields[CSRF_COOKIE] = self.cookies.get(CSRF_COOKIE, "")
        status, location, text = self.request("POST", action, fields)
        if status not in (302, 303):
            raise SeedError(f"POST {action} answered {status}, not a redirect: {text[:300]}")
        return location


@dataclasses.dataclass
class Seeded:
    """What the benchmark needs to know about the seeded app."""

    cookie: str  # the signed-in browser's Cookie header
    csrf_token: str
    list_20: str  # list IDs
    list_500: str
    spare_list: str  # an empty list the add-item POST benchmark writes to
    stylesheet: str  # the stylesheet's (content-hashed) path


def _list_id(location: str) -> str:
    match = re.search(r"/lists/([a-z]+)", location)
    if match is None:
        raise SeedError(f"creating a list redirected to {location!r}, not to the list")
    return match.group(1)


def _fill(browser: Browser, list_id: str, count: int) -> None:
    for number in range(count):
        browser.submit("/add-item", **{"list-id": list_id, "description": f"{WORDS[number % len(WORDS)]} {number + 1}"})
    item_ids = re.findall(r'name="item-id" value="(\d+)"', browser.get(f"/lists/{list_id}"))
    item_ids = list(dict.fromkeys(item_ids))  # each item has two forms
    if len(item_ids) != count:
        raise SeedError(f"list {list_id} shows {len(item_ids)} items after adding {count}")
    for item_id in item_ids[::3]:  # a third of them ticked off
        browser.submit("/update-done", **{"list-id": list_id, "item-id": item_id, "done": "on"})


def seed(port: int, username: str = "", password: str = "", lists: int = 50) -> Seeded:
    """Sign in (when a username is given) and create the lists through the forms."""
    browser = Browser(port)
    home = browser.get("/")
    if username:
        browser.submit("/sign-in", username=username, password=password, **{"return-url": "/"})
        home = browser.get("/")
    if 'action="/create-list"' not in home:
        raise SeedError("the home page shows no create-list form (did sign-in fail?)")
    list_500 = _list_id(browser.submit("/create-list", name="Everything for the party"))
    list_20 = _list_id(browser.submit("/create-list", name="Shopping"))
    spare = _list_id(browser.submit("/create-list", name="Benchmark additions"))
    for number in range(lists - 3):
        browser.submit("/create-list", name=f"List {number + 1}")
    _fill(browser, list_20, 20)
    _fill(browser, list_500, 500)
    home = browser.get("/")
    shown = len(set(re.findall(r'href="/lists/([a-z]+)[?"]', home)))
    if shown != lists:
        raise SeedError(f"the home page shows {shown} lists, not {lists} (is SIMPLELISTS_LISTS on?)")
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home)
    if stylesheet is None:
        raise SeedError("the home page links no stylesheet")
    return Seeded(browser.cookie_header(), browser.cookies.get(CSRF_COOKIE, ""), list_20, list_500,
                  spare, stylesheet.group(1))
