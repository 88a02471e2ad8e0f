"""The shape of the code that a newcomer relies on (ARCHITECTURE.md): every module has a
place in the layers that `make lint` checks, none grows past one concept's size, and list
URLs are built in one place."""

from __future__ import annotations

import pathlib
import re
import tomllib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "simplelists"
PYPROJECT = PACKAGE.parent / "pyproject.toml"
MAX_LINES = 400
# The places that may write a list's path: the URL builders and the route table's patterns;
# and the web server's settings, which only recognise share links' paths to hide their
# secrets in the access log (the server's main process loads that file apart from the app).
URL_HOMES = {PACKAGE / "urls.py", PACKAGE / "routes" / "__init__.py", PACKAGE / "web_server.py"}


def contracts() -> list[dict]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def layer_names(contract: dict) -> set[str]:
    names = set()
    for layer in contract["layers"]:
        names.update(name.strip() for name in re.split(r"[|:]", layer))
    return names


def modules() -> list[pathlib.Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def test_every_module_has_a_layer():
    """A new module must be placed in pyproject.toml's layers, or lint-imports could not
    tell when it imports upwards."""
    top, routes = contracts()
    placed = layer_names(top) | {f"simplelists.routes.{name}" for name in layer_names(routes)}
    unplaced = []
    for path in modules():
        name = ".".join(("simplelists", *path.relative_to(PACKAGE).with_suffix("").parts))
        if name in ("simplelists.__init__", "simplelists.routes.__init__"):
            continue  # the package itself (its version) and the route table above the route modules
        if name not in placed:
            unplaced.append(name)
    assert unplaced == []


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_holds_more_than_one_concept_s_worth(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_list_urls_are_built_in_one_place():
    """Neither the code nor the templates write a list's path: urls.py builds them all
    (templates get a page's list_links, or call list_url)."""
    by_hand = re.compile(r"""["']/(lists|shared|api/lists)/|["']/trash\?list=""")
    templates = sorted((PACKAGE / "templates").glob("*.html"))
    found = [f"{path.relative_to(PACKAGE)}:{number}"
             for path in [*modules(), *templates] if path not in URL_HOMES
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if by_hand.search(line)]
    assert found == []
