"""Draw the app's icons into simplelists/static/: a white, ticked box on the app's blue.

    python tools/make_icons.py            # rewrite the committed icons
    python tools/make_icons.py FOLDER     # write them somewhere else (the test compares)

One drawing, described once below in a 512-unit square, becomes:
- icon.svg: the drawing itself (tabs, and the manifest's "any size" icon);
- icon-192.png, icon-512.png: the same, for the manifest (transparent rounded corners);
- icon-maskable-192.png, icon-maskable-512.png: blue to the edges, the box inside the
  middle 80% (the "safe zone"), so a launcher can cut any shape out of it;
- apple-touch-icon.png (180 px): blue to the edges, since iOS rounds the corners itself
  and shows transparency as black;
- favicon.ico: 16, 32 and 48 px, for /favicon.ico.

The PNGs are drawn with Pillow four times larger than needed, then scaled down, so edges
are smooth; the same Pillow version (requirements-dev.txt) draws the same pixels, which
tests/test_icons.py checks against the committed files. The box and tick are large and
the tick thick, so the mark stays clear at 48 px and readable at 16.
"""

from __future__ import annotations

import dataclasses
import pathlib
import sys

from PIL import Image, ImageDraw

ROOT = pathlib.Path(__file__).resolve().parent.parent
STATIC = ROOT / "simplelists" / "static"
BLUE = "#1a5fb4"  # the stylesheet's --accent in the light theme
WHITE = "#ffffff"
UNITS = 512  # the drawing's square
SUPERSAMPLE = 4


@dataclasses.dataclass(frozen=True)
class Drawing:
    """The icon in UNITS: a blue tile (corner radius tile_radius; 0 fills to the edges),
    a white box of side box centred on it (corner radius box_radius), and a blue tick
    through tick (points) of width tick_width."""

    tile_radius: float
    box: float
    box_radius: float
    tick: tuple[tuple[float, float], ...]
    tick_width: float

    def scaled(self, factor: float) -> Drawing:
        """The same drawing with its box and tick scaled about the centre."""
        centre = UNITS / 2
        return dataclasses.replace(
            self, box=self.box * factor, box_radius=self.box_radius * factor, tick_width=self.tick_width * factor,
            tick=tuple((centre + (x - centre) * factor, centre + (y - centre) * factor) for x, y in self.tick))


# The tile as tabs and app lists show it: a rounded square, the box filling 56% of it.
TILE = Drawing(tile_radius=112, box=288, box_radius=48, tick=((178, 262), (232, 316), (334, 204)), tick_width=46)
# Blue to the edges; for masks, the box's corners within the safe zone's circle (radius
# 40% of the side): half its diagonal, 0.45 * 512 * 0.707 = 163, is under 205.
FULL = dataclasses.replace(TILE, tile_radius=0)
MASKABLE = FULL.scaled(0.8)


def svg(drawing: Drawing) -> str:
    """The drawing as an SVG file."""
    low = (UNITS - drawing.box) / 2
    points = " ".join(f"{x:g},{y:g}" for x, y in drawing.tick)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {UNITS} {UNITS}">'
            f'<rect width="{UNITS}" height="{UNITS}" rx="{drawing.tile_radius:g}" fill="{BLUE}"/>'
            f'<rect x="{low:g}" y="{low:g}" width="{drawing.box:g}" height="{drawing.box:g}" '
            f'rx="{drawing.box_radius:g}" fill="{WHITE}"/>'
            f'<polyline points="{points}" fill="none" stroke="{BLUE}" stroke-width="{drawing.tick_width:g}" '
            f'stroke-linecap="round" stroke-linejoin="round"/></svg>\n')


def png(drawing: Drawing, size: int) -> Image.Image:
    """The drawing as a size x size RGBA image."""
    big = size * SUPERSAMPLE
    scale = big / UNITS
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=drawing.tile_radius * scale, fill=BLUE)
    low, high = (UNITS - drawing.box) / 2 * scale, (UNITS + drawing.box) / 2 * scale
    draw.rounded_rectangle((low, low, high, high), radius=drawing.box_radius * scale, fill=WHITE)
    points = [(x * scale, y * scale) for x, y in drawing.tick]
    width = drawing.tick_width * scale
    draw.line(points, fill=BLUE, width=round(width), joint="curve")
    for x, y in (points[0], points[-1]):  # round ends, as the SVG's stroke-linecap
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=BLUE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: pathlib.Path) -> list[pathlib.Path]:
    """Write every icon into folder; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def save(name: str, image: Image.Image, **options: object) -> None:
        image.save(folder / name, optimize=True, **options)
        written.append(folder / name)

    (folder / "icon.svg").write_text(svg(TILE), encoding="utf-8")
    written.append(folder / "icon.svg")
    for size in (192, 512):
        save(f"icon-{size}.png", png(TILE, size))
        save(f"icon-maskable-{size}.png", png(MASKABLE, size).convert("RGB"))
    save("apple-touch-icon.png", png(FULL, 180).convert("RGB"))
    frames = [png(TILE, size) for size in (48, 32, 16)]
    frames[0].save(folder / "favicon.ico", format="ICO", sizes=[(48, 48), (32, 32), (16, 16)],
                   append_images=frames[1:])
    written.append(folder / "favicon.ico")
    return written


def main(argv: list[str]) -> int:
    folder = pathlib.Path(argv[1]) if len(argv) > 1 else STATIC
    for path in write_icons(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
