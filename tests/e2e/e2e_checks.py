"""Checks a person would notice, run on every page the browser tests visit.

Each check returns a list of problems in plain words (empty when the page is fine), so
the same functions serve the user stories (which fail on any problem) and the tests
that prove the checks catch broken pages. page.evaluate still works when the context
has JavaScript disabled: Playwright's own scripts run outside the page's reach, while
the page's scripts do not run at all.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Request, Response

MIN_TAP_SIZE = 44  # CSS pixels, WCAG 2.5.5 and Apple's and Google's guidelines
# Roles a person can operate: each needs a name a screen reader can say.
INTERACTIVE_ROLES = {
    "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio",
    "switch", "slider", "spinbutton", "menuitem", "tab", "option",
}
# Roles whose name must come from a real label: a placeholder disappears as soon as
# someone types, and a title is never shown on a phone.
LABELLED_FIELD_ROLES = {"textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider"}
WEAK_NAME_SOURCES = {"placeholder", "title"}


class PageWatch:
    """Collects what a page reports while it is used: console messages, failed
    requests and error responses for anything but the page itself."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        self.failed_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.text.startswith("Failed to load resource"):
            return  # reported with its URL by _on_response
        if message.type in ("error", "warning") or "Content Security Policy" in message.text:
            self.console.append(f"{message.type}: {message.text}")

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED" and request.resource_type in ("other", "manifest"):
            return  # an icon or manifest the browser fetches on its own, cancelled by leaving the page
        self.failed_requests.append(f"{request.method} {request.url} failed: {request.failure}")

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status < 400 or request.resource_type == "document":
            return  # error pages are the stories' business; here only sub-resources count
        # Anything else counts, the icons and the manifest the browser fetches on its own too.
        self.failed_requests.append(f"{request.method} {request.url} answered {response.status}")

    def take_problems(self) -> list[str]:
        """Console and network problems seen since the last call (then forgotten)."""
        problems = [f"console {line}" for line in self.console] + self.failed_requests
        self.console.clear()
        self.failed_requests.clear()
        return problems


def horizontal_scroll(page: Page) -> list[str]:
    """Problems if the page is wider than the screen: it scrolls sideways, or a phone
    lays it out wider than itself and shrinks it (content too wide to fit), or there
    is no viewport meta tag (a phone then shows a shrunken 980 px desktop page)."""
    scroll_width, inner_width, has_viewport_meta = page.evaluate("""() => {
        const meta = document.querySelector('meta[name=viewport]');
        return [document.scrollingElement.scrollWidth, window.innerWidth,
                Boolean(meta && /width=device-width/.test(meta.content))];
    }""")
    problems = []
    if not has_viewport_meta:
        problems.append("no viewport meta tag with width=device-width: a phone shows a shrunken desktop page")
    screen_width = page.viewport_size["width"] if page.viewport_size else inner_width
    if inner_width > screen_width:
        problems.append(f"the page lays out {inner_width} px wide on a {screen_width} px screen, so the "
                        f"phone shrinks it (too wide: {_too_wide(page, screen_width)})")
    elif scroll_width > inner_width:
        problems.append(f"the page scrolls sideways: {scroll_width} px of content in {inner_width} px "
                        f"(too wide: {_too_wide(page, inner_width)})")
    return problems


def _too_wide(page: Page, width: int) -> str:
    """The innermost elements that stick out past width, or whose text overflows them."""
    found = page.evaluate("""width => {
        const wide = [...document.body.querySelectorAll('*')].filter(e =>
            e.getBoundingClientRect().right > width + 0.5 ||
            (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'));
        return wide.filter(e => !wide.some(other => other !== e && e.contains(other)))
            .slice(0, 3).map(e => e.outerHTML.slice(0, 80));
    }""", width)
    return ", ".join(found) or "?"


_CONTROLS_JS = """() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .map(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return {html: e.outerHTML.slice(0, 100), width: r.width, height: r.height,
                visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden'};
    })"""


def small_tap_targets(page: Page) -> list[str]:
    """Visible links, buttons and fields smaller than 44 x 44 CSS pixels."""
    problems = []
    for control in page.evaluate(_CONTROLS_JS):
        if not control["visible"]:
            continue
        # Half a pixel of slack for sub-pixel layout (43.99 is 44 on screen).
        if control["width"] < MIN_TAP_SIZE - 0.5 or control["height"] < MIN_TAP_SIZE - 0.5:
            problems.append(f"tap target {control['width']:.0f}x{control['height']:.0f} px, under "
                            f"{MIN_TAP_SIZE}x{MIN_TAP_SIZE}: {control['html']}")
    return problems


def unnamed_controls(page: Page) -> list[str]:
    """Controls in Chromium's accessibility tree that have no accessible name, and
    fields whose only name is their placeholder or title (no label)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        problems = []
        for node in nodes:
            role = node.get("role", {}).get("value")
            if node.get("ignored") or role not in INTERACTIVE_ROLES:
                continue
            name = node.get("name", {})
            if not str(name.get("value", "")).strip():
                problems.append(f"{role} with no accessible name: {_describe(cdp, node)}")
            elif role in LABELLED_FIELD_ROLES and _name_source(name) in WEAK_NAME_SOURCES:
                problems.append(f"{role} named only by its {_name_source(name)} (no label): "
                                f"{_describe(cdp, node)}")
        return problems
    finally:
        cdp.detach()


def _name_source(name: dict[str, Any]) -> str:
    """Where Chromium took the name from: the first source with a value not superseded."""
    for source in name.get("sources", []):
        if "value" in source and not source.get("superseded"):
            return str(source.get("type"))
    return ""


def _describe(cdp: Any, node: dict[str, Any]) -> str:
    backend_id = node.get("backendDOMNodeId")
    if backend_id is None:
        return "(no DOM node)"
    described = cdp.send("DOM.describeNode", {"backendNodeId": backend_id})["node"]
    attributes = described.get("attributes", [])
    pairs = " ".join(f'{attributes[i]}="{attributes[i + 1]}"' for i in range(0, len(attributes), 2))
    return f"<{described.get('localName', '?')} {pairs}>"


_STYLE_JS = """() => {
    const body = getComputedStyle(document.body);
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')]
        .map(l => {
            let rules = -1;  // no sheet at all, or one the browser refused to read
            try { rules = l.sheet ? l.sheet.cssRules.length : -1; } catch (e) {}
            return {href: l.href, rules: rules};
        });
    return {margin: body.marginTop, font: body.fontFamily, sheets: sheets};
}"""


def stylesheet_problems(page: Page) -> list[str]:
    """Problems if the app's stylesheet did not load or apply (its body rule sets
    margin 0 and the system font, which no browser default does)."""
    style = page.evaluate(_STYLE_JS)
    problems = []
    if not style["sheets"]:
        problems.append("the page links no stylesheet")
    for sheet in style["sheets"]:
        if sheet["rules"] <= 0:
            problems.append(f"the stylesheet {sheet['href']} did not load (rules: {sheet['rules']})")
    if style["margin"] != "0px" or "system-ui" not in style["font"]:
        problems.append(f"the stylesheet is not applied (body margin {style['margin']}, font {style['font']})")
    return problems


_NEEDS_JAVASCRIPT_JS = """() => {
    const found = [];
    const short = e => e.outerHTML.slice(0, 100);
    document.querySelectorAll('script').forEach(e => found.push('a script element: ' + short(e)));
    document.querySelectorAll('*').forEach(e => {
        for (const a of e.attributes) {
            if (a.name.startsWith('on')) found.push('an event handler attribute: ' + short(e));
        }
    });
    document.querySelectorAll('a').forEach(e => {
        const href = e.getAttribute('href');
        if (href === null) found.push('a link without href (does nothing): ' + short(e));
        else if (href.trim().toLowerCase().startsWith('javascript:')) found.push('a javascript: link: ' + short(e));
    });
    document.querySelectorAll('button, input[type=submit], input[type=button], input[type=reset]').forEach(e => {
        const type = (e.getAttribute('type') || 'submit').toLowerCase();
        if (type !== 'submit') found.push(`a button of type ${type} (does nothing without JavaScript): ` + short(e));
        else if (!e.form) found.push('a button outside any form (does nothing): ' + short(e));
    });
    document.querySelectorAll('form').forEach(e => {
        if ((e.getAttribute('method') || 'get').toLowerCase() !== 'get' && !e.getAttribute('action'))
            found.push('a form without an action: ' + short(e));
    });
    return found;
}"""


def needs_javascript(page: Page) -> list[str]:
    """Parts of the page that would only work with JavaScript: scripts, on* handlers,
    javascript: links, buttons that submit nothing."""
    return list(page.evaluate(_NEEDS_JAVASCRIPT_JS))


def page_problems(page: Page, watch: PageWatch) -> list[str]:
    """Everything wrong with the page as it is now, from all the checks above."""
    return (horizontal_scroll(page) + small_tap_targets(page) + unnamed_controls(page)
            + stylesheet_problems(page) + needs_javascript(page) + watch.take_problems())
