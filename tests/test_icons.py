"""The committed icons are exactly what tools/make_icons.py draws (so a change to the
drawing cannot be forgotten, nor a hand-edited icon go unnoticed), and the mark stays
clear at the small sizes they are shown at."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import pytest
from PIL import Image

from simplelists.manifest import ICONS
from simplelists.static import STATIC_DIR

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "make_icons.py"


@pytest.fixture(scope="module")
def make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture(scope="module")
def drawn(make_icons, tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("icons")
    make_icons.write_icons(folder)
    return folder


def frames(path: pathlib.Path) -> dict[tuple[int, int], bytes]:
    """Each image in the file (an .ico holds several), by size, as RGBA pixels."""
    with Image.open(path) as image:
        sizes = sorted(image.ico.sizes()) if image.format == "ICO" else [image.size]
        found = {}
        for size in sizes:
            if image.format == "ICO":
                image.size = size
                image.load()
            found[size] = image.convert("RGBA").tobytes()
    return found


def test_the_script_draws_every_icon_the_app_serves(drawn):
    names = {path.name for path in drawn.iterdir()}
    assert names == {icon.file for icon in ICONS} | {"apple-touch-icon.png", "favicon.ico"}
    assert names <= {path.name for path in STATIC_DIR.iterdir()}


@pytest.mark.parametrize("name", sorted({icon.file for icon in ICONS} | {"apple-touch-icon.png", "favicon.ico"}))
def test_the_committed_icon_is_what_the_script_draws(drawn, name):
    committed, fresh = STATIC_DIR / name, drawn / name
    if name.endswith(".svg"):
        assert committed.read_text() == fresh.read_text()
    else:
        assert frames(committed) == frames(fresh), f"{name} differs: run python tools/make_icons.py"


def test_icons_for_the_home_screen_have_no_transparent_corners(drawn):
    for name in ("apple-touch-icon.png", "icon-maskable-192.png", "icon-maskable-512.png"):
        with Image.open(drawn / name) as image:
            assert image.mode == "RGB", name  # iOS shows transparency as black; masks cut their own shape


def test_the_mark_is_clear_at_48_pixels(drawn):
    # At 48 px, the box is white, the tile around it and the tick inside it are the app's blue.
    with Image.open(drawn / "favicon.ico") as image:
        image.size = (48, 48)
        image.load()
        pixels = image.convert("RGB")
    blue, white = (0x1A, 0x5F, 0xB4), (255, 255, 255)

    def near(point: tuple[int, int], colour: tuple[int, int, int]) -> bool:
        return max(abs(a - b) for a, b in zip(pixels.getpixel(point), colour)) <= 24

    assert near((24, 4), blue)  # the tile, above the box
    assert near((16, 16), white) and near((31, 32), white)  # the box, either side of the tick
    assert near((21, 28), blue) and near((27, 24), blue)  # the tick, at its corner and up its long arm
