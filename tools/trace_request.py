"""Print the files of the app that ticking an item passes through: the POST of the tick
form and the GET of the list page it redirects to, run through the real app (WebTest) on
a throwaway database. ARCHITECTURE.md shows its output; run it after moving code:

    .venv/bin/python tools/trace_request.py
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import zoneinfo

import webtest

from simplelists.app import create_app
from simplelists.config import Config
from simplelists.db import Database
from simplelists.lists import ListStore

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "simplelists"


def files_called(action) -> list[str]:  # type: ignore[no-untyped-def]
    """The package's files (templates too) whose code action() calls into, in order."""
    seen: dict[str, None] = {}

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        path = pathlib.Path(frame.f_code.co_filename)
        if event == "call" and path.is_relative_to(PACKAGE):
            seen.setdefault(str(path.relative_to(PACKAGE)), None)

    sys.setprofile(tracer)
    try:
        action()
    finally:
        sys.setprofile(None)
    return list(seen)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = Config(db_path=f"{folder}/simplelists.sqlite", show_lists=True,
                        timezone=zoneinfo.ZoneInfo("UTC"))
        app = webtest.TestApp(create_app(config))
        store = ListStore(Database(config.db_path))
        list_id = store.create_list("Groceries")
        store.add_items(list_id, ["Milk", "Eggs", "Bread"])
        page = app.get(f"/lists/{list_id}")
        tick = next(form for form in page.forms.values() if "item-id" in form.fields)
        answers = []
        post = files_called(lambda: answers.append(tick.submit()))
        get = [name for name in files_called(lambda: answers[0].follow()) if name not in post]
        print("POST", " → ".join(post))
        print("GET ", " → ".join(get))
        print(f"{len(post) + len(get)} files")


if __name__ == "__main__":
    main()
