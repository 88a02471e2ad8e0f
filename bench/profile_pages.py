#!/usr/bin/env python3
"""Profile Simple Lists' pages through the WSGI app directly (no server, no network), to
see where a request's time goes. Seeds a temporary database like the benchmark (sign-in
on, 50 lists, lists of 20 and 500 items) through the app's forms.

    .venv/bin/python bench/profile_pages.py              # time per request of each page
    .venv/bin/python bench/profile_pages.py --profile list20 [--top 30]
    .venv/bin/python bench/profile_pages.py --pyinstrument home   # needs requirements-bench.txt
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import pathlib
import pstats
import re
import sys
import tempfile
import time
import urllib.parse
import zoneinfo
from collections.abc import Callable
from typing import Any

import bcrypt

from simplelists.app import create_app
from simplelists.config import Config

USERNAME, PASSWORD = "bench", "benchmark password"


class WsgiBrowser:
    """Calls the WSGI app like gunicorn would, keeping cookies between requests."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    def environ(self, method: str, path: str, body: bytes = b"") -> dict[str, Any]:
        """A WSGI environ as gunicorn builds one for this request."""
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "40000", "HTTP_HOST": "127.0.0.1:8080",
            "HTTP_USER_AGENT": "bench", "HTTP_ACCEPT": "*/*",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        return environ

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[str, dict[str, str], bytes]:
        """One request; returns status line, headers (last of each name) and body."""
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, headers

        chunks = self.app(self.environ(method, path, body), start_response)
        data = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        for name, value in captured["headers"]:
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        return captured["status"], dict(captured["headers"]), data

    def submit(self, action: str, **fields: str) -> str:
        """POST a form with the CSRF token; the redirect's Location."""
        fields["csrf-token"] = self.cookies.get("csrf-token", "")
        status, headers, data = self.request("POST", action, fields)
        if not status.startswith("303"):
            raise RuntimeError(f"POST {action}: {status} {data[:200]!r}")
        return headers["Location"]


@dataclasses.dataclass
class Fixture:
    browser: WsgiBrowser
    paths: dict[str, str]


def build(directory: pathlib.Path) -> Fixture:
    """An app on a new database, seeded like the benchmark's, and the path of each page."""
    config = Config(db_path=str(directory / "profile.sqlite"), show_lists=True,
                    timezone=zoneinfo.ZoneInfo("UTC"), username=USERNAME,
                    password_hash=bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode())
    browser = WsgiBrowser(create_app(config))
    browser.request("GET", "/")
    browser.submit("/sign-in", username=USERNAME, password=PASSWORD, **{"return-url": "/"})
    ids = {}
    for name, count in (("list500", 500), ("list20", 20)):
        list_id = browser.submit("/create-list", name=name).rsplit("/", 1)[1]
        ids[name] = list_id
        for number in range(count):
            browser.submit("/add-item", **{"list-id": list_id, "description": f"Item & thing {number}"})
        page = browser.request("GET", f"/lists/{list_id}")[2].decode()
        for item_id in list(dict.fromkeys(re.findall(r'name="item-id" value="(\d+)"', page)))[::3]:
            browser.submit("/update-done", **{"list-id": list_id, "item-id": item_id, "done": "on"})
    for number in range(48):
        browser.submit("/create-list", name=f"List {number}")
    home = browser.request("GET", "/")[2].decode()
    stylesheet = re.search(r'href="(/static/[^"]+)"', home).group(1)  # type: ignore[union-attr]
    paths = {"home": "/", "list20": f"/lists/{ids['list20']}", "list500": f"/lists/{ids['list500']}",
             "stylesheet": stylesheet}
    return Fixture(browser, paths)


def time_pages(fixture: Fixture, seconds: float, rounds: int = 7) -> None:
    """Print the CPU time per request of each page, in-process: CPU time rather than wall
    time, and the best of several rounds, since on a shared machine other work only ever
    adds time."""
    best = {name: float("inf") for name in fixture.paths}
    for _ in range(rounds):
        for name, path in fixture.paths.items():
            fixture.browser.request("GET", path)
            count, started = 0, time.thread_time()
            while time.thread_time() - started < seconds / rounds:
                fixture.browser.request("GET", path)
                count += 1
            best[name] = min(best[name], (time.thread_time() - started) / count)
    for name, per_request in best.items():
        print(f"{name:<11} {per_request * 1e6:8.0f} us CPU per request ({1 / per_request:.0f}/s in-process)")


def main() -> int:
    """See the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="PAGE", help="cProfile this page (home, list20, list500, stylesheet)")
    parser.add_argument("--pyinstrument", metavar="PAGE", help="profile this page with pyinstrument")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=3.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        fixture = build(pathlib.Path(temp))
        page = options.profile or options.pyinstrument
        if page is None:
            time_pages(fixture, options.seconds)
            return 0
        path = fixture.paths[page]

        def work() -> None:
            for _ in range(options.requests):
                fixture.browser.request("GET", path)

        work()  # warm up
        if options.pyinstrument:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0001)
            profiler.start()
            work()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False))
        else:
            profile = cProfile.Profile()
            profile.runcall(work)
            stats = pstats.Stats(profile).strip_dirs().sort_stats("tottime")
            stats.print_stats(options.top)
            stats.sort_stats("cumulative").print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
