"""QR codes of links, drawn on the server as inline SVG (segno), so a phone across the
kitchen can open a list without anyone typing its address, with no JavaScript and no
outside service ever seeing the link.

The code is always dark modules on a white square with the standard quiet zone, in the
dark theme too (scanners expect dark on light), and scales to any size without blur.
"""

from __future__ import annotations

from markupsafe import Markup

# M recovers from about 15% damage: plenty for a screen or a printout on the fridge,
# while keeping the modules large enough for an old phone's camera.
ERROR_CORRECTION = "m"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(url: str, label: str) -> Markup:
    """An inline <svg> of the URL's QR code, named label for screen readers (role img,
    with the label as its title). Markup: segno escapes what it puts in."""
    # segno is imported on first use rather than at start: only the share and connect
    # pages draw codes, and it is a twentieth of the app's start.
    import segno

    code = segno.make(url, error=ERROR_CORRECTION, micro=False)
    svg = code.svg_inline(omitsize=True, border=QUIET_ZONE, dark="#000", light="#fff", svgclass="qr",
                          lineclass=None, title=label)
    return Markup('<svg role="img" aria-label="{}" ').format(label) + Markup(svg[len("<svg "):])
