"""The stylesheet: contrast of both themes (WCAG AA), focus, print rules, no outside resources."""

from __future__ import annotations

import re

import pytest

from simplelists.static import STATIC_DIR

CSS = (STATIC_DIR / "style.css").read_text(encoding="utf-8")


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def _block_after(css: str, opening: str) -> str:
    """The text inside the braces that follow `opening` (nested braces counted)."""
    start = css.index(opening)
    start = css.index("{", start) + 1
    depth = 1
    for position in range(start, len(css)):
        if css[position] == "{":
            depth += 1
        elif css[position] == "}":
            depth -= 1
            if depth == 0:
                return css[start:position]
    raise AssertionError(f"unclosed block after {opening}")


def _custom_properties(block: str) -> dict[str, str]:
    root = _block_after(block, ":root")
    return {name: value.strip().lower() for name, value in re.findall(r"--([\w-]+)\s*:\s*([^;]+);", root)}


def themes() -> dict[str, dict[str, str]]:
    css = _without_comments(CSS)
    light = _custom_properties(css)
    dark = {**light, **_custom_properties(_block_after(css, "@media (prefers-color-scheme: dark)"))}
    return {"light": light, "dark": dark}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rgb or #rrggbb colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    assert re.fullmatch(r"[0-9a-f]{6}", hex_digits), f"not a hex colour: {colour}"
    channels = []
    for index in (0, 2, 4):
        value = int(hex_digits[index:index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_known_values() -> None:
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# (foreground, background, why): text must reach 4.5:1 (WCAG 1.4.3).
TEXT_PAIRS = [
    ("fg", "bg", "body text"),
    ("fg", "field", "text typed in a field"),
    ("muted", "bg", "dates, counts, hints, delete icons"),
    ("muted", "field", "placeholders"),
    ("done", "bg", "crossed-off items"),
    ("accent", "bg", "links and secondary buttons"),
    ("accent-fg", "accent", "primary button labels and the tick in a done box"),
    ("danger", "bg", "error messages"),
    ("bg", "danger", "the Delete list button's label"),
    ("fg", "line", "inline code in hints"),
]
# Borders and focus rings that show where a control is must reach 3:1 (WCAG 1.4.11).
UI_PAIRS = [
    ("muted", "bg", "borders of fields and tick boxes"),
    ("muted", "field", "tick box border against its own fill"),
    ("focus", "bg", "focus ring"),
    ("focus", "field", "focus ring around a field"),
    ("accent", "bg", "button edges"),
    ("danger", "bg", "the Delete list button's edge"),
]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("foreground, background, why", TEXT_PAIRS)
def test_text_contrast_reaches_aa(theme: str, foreground: str, background: str, why: str) -> None:
    palette = themes()[theme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= 4.5, f"{theme}: {why} ({foreground} on {background}) is only {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("foreground, background, why", UI_PAIRS)
def test_control_contrast_reaches_3_to_1(theme: str, foreground: str, background: str, why: str) -> None:
    palette = themes()[theme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= 3.0, f"{theme}: {why} ({foreground} on {background}) is only {ratio:.2f}:1"


def test_the_dark_theme_changes_every_colour() -> None:
    palette = themes()
    assert set(palette["dark"]) == set(palette["light"])
    unchanged = [name for name in palette["light"] if palette["light"][name] == palette["dark"][name]]
    assert unchanged == []


def test_every_custom_property_used_is_defined() -> None:
    used = set(re.findall(r"var\(--([\w-]+)\)", CSS))
    assert used <= set(themes()["light"])


def test_focus_is_always_visible() -> None:
    css = _without_comments(CSS)
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid var\(--focus\)", css)
    assert not re.search(r"outline:\s*(none|0)\b", css)


def test_print_shows_a_plain_checklist() -> None:
    printed = _block_after(_without_comments(CSS), "@media print")
    hidden = re.search(r"([^{}]*){[^}]*display:\s*none", printed).group(1)
    for selector in ("footer", "details", "form:not(.item-row)", "button:not(.check)", ".actions", ".icon"):
        assert selector in hidden
    assert re.search(r'button\.check::before\s*{[^}]*content:\s*"☐"', printed)
    assert re.search(r'li\.item\.done button\.check::before\s*{[^}]*content:\s*"☑"', printed)
    assert "@page" in printed


def test_stylesheet_is_small_and_self_contained() -> None:
    assert len(CSS.encode()) < 12 * 1024
    assert "@import" not in CSS and "@font-face" not in CSS and "url(" not in CSS
