"""The XML of WebDAV and CalDAV (RFC 4918, 4791, 6578): reading request bodies safely and
writing multistatus answers and error bodies.

Bodies come from the internet, so they are parsed by defusedxml with DTDs forbidden
outright: no external entities (XXE), no entity-expansion bombs; any of them, or XML that
is not well formed, is BadXML, which the handlers answer with 400. Properties are named
as ElementTree does, "{namespace}local".
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET  # noqa: S405 - only to build answers; bodies are parsed by defusedxml
from collections.abc import Iterable, Mapping, Sequence
from typing import Union

import defusedxml
import defusedxml.ElementTree

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CALENDARSERVER = "http://calendarserver.org/ns/"
APPLE = "http://apple.com/ns/ical/"
for _prefix, _namespace in (("d", DAV), ("c", CALDAV), ("cs", CALENDARSERVER), ("ical", APPLE)):
    ET.register_namespace(_prefix, _namespace)

XML_TYPE = "application/xml; charset=utf-8"
STATUS_TEXT = {200: "200 OK", 403: "403 Forbidden", 404: "404 Not Found", 409: "409 Conflict",
               424: "424 Failed Dependency"}

MAX_DEPTH = 32  # levels of nesting in a request body

# A property's value: text, nothing (an empty element), or child elements.
Value = Union[str, None, Sequence[ET.Element]]


class BadXML(ValueError):
    """A body that is not well-formed XML, or holds a DTD or entities; the message is a
    short reason."""


def dav(name: str) -> str:
    return f"{{{DAV}}}{name}"


def caldav(name: str) -> str:
    return f"{{{CALDAV}}}{name}"


def calendarserver(name: str) -> str:
    return f"{{{CALENDARSERVER}}}{name}"


def parse(body: bytes) -> ET.Element | None:
    """The root element of a request body, or None for an empty one. BadXML for one
    that is malformed, has a DTD (so no entities of any kind), or nests deeper than
    MAX_DEPTH."""
    if not body.strip():
        return None
    try:
        root = defusedxml.ElementTree.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise BadXML("DTDs and entities are not accepted") from None
    except ET.ParseError as error:
        raise BadXML(f"not well-formed XML ({error})") from None
    # No DAV body nests more than a few levels; a deeper one (thousands fit in 64 KiB)
    # would only exhaust the recursion of whatever walks it.
    level = [(root, 1)]
    while level:
        node, depth = level.pop()
        if depth > MAX_DEPTH:
            raise BadXML(f"nested more than {MAX_DEPTH} levels deep")
        level.extend((child_node, depth + 1) for child_node in node)
    return root


def element(tag: str, value: Value = None, **attributes: str) -> ET.Element:
    """An element with text or children."""
    node = ET.Element(tag, attributes)
    if isinstance(value, str):
        node.text = value
    elif value is not None:
        node.extend(value)
    return node


def href(path: str) -> ET.Element:
    return element(dav("href"), path)


def response(path: str, found: Mapping[str, Value], missing: Iterable[str] = (),
             forbidden: Iterable[str] = (), failed: Iterable[str] = ()) -> ET.Element:
    """A multistatus response for one resource: the properties found with their values
    (200), those it does not have (404), and for a PROPPATCH those refused (403) and those
    left undone because of them (424)."""
    node = element(dav("response"), [href(path)])
    for status, names in ((200, list(found)), (404, list(missing)), (403, list(forbidden)), (424, list(failed))):
        if names:
            prop = element(dav("prop"))
            for name in names:
                prop.append(element(name, found.get(name) if status == 200 else None))
            node.append(element(dav("propstat"), [prop, element(dav("status"), f"HTTP/1.1 {STATUS_TEXT[status]}")]))
    return node


def status_response(path: str, status: int) -> ET.Element:
    """A multistatus response saying only a status for a resource (404: gone)."""
    return element(dav("response"), [href(path), element(dav("status"), f"HTTP/1.1 {STATUS_TEXT[status]}")])


def multistatus(responses: Iterable[ET.Element], sync_token: str | None = None) -> bytes:
    """The body of a 207 Multi-Status answer."""
    root = element(dav("multistatus"), list(responses))
    if sync_token is not None:
        root.append(element(dav("sync-token"), sync_token))
    return _serialised(root)


def error(condition: str, reason: str = "") -> bytes:
    """A DAV:error body naming the precondition that failed (RFC 4918 16), with the
    reason as a comment-free text line for people reading it."""
    root = element(dav("error"), [element(condition)])
    if reason:
        root.append(element("{http://simplelists.invalid/ns}reason", reason))
    return _serialised(root)


_PREFIXES = {DAV: "d", CALDAV: "c", CALENDARSERVER: "cs", APPLE: "ical"}
_ROOT_DECLARATIONS = "".join(f' xmlns:{prefix}="{namespace}"' for namespace, prefix in _PREFIXES.items())


def _serialised(root: ET.Element) -> bytes:
    """The answer as UTF-8 XML. Written here rather than by ElementTree, which walks the
    whole tree for its namespaces first and costs more than the rest of a phone's poll:
    the known namespaces are declared once on the root, any other (a property a client
    set) on the element that uses it."""
    out = ["<?xml version='1.0' encoding='utf-8'?>\n"]
    _write(root, out, _ROOT_DECLARATIONS)
    return "".join(out).encode("utf-8")


def _write(node: ET.Element, out: list[str], declarations: str = "") -> None:
    name, declaration = _qualified(node.tag)
    attributes = "".join(f' {key}="{_escape(value, True)}"' for key, value in node.items()) if node.attrib else ""
    start = f"<{name}{declarations}{declaration}{attributes}"
    text = _escape(node.text) if node.text else ""
    if not len(node):
        out.append(f"{start}>{text}</{name}>" if text else f"{start}/>")
        return
    out.append(f"{start}>{text}")
    for child_node in node:
        _write(child_node, out)
        if child_node.tail:
            out.append(_escape(child_node.tail))
    out.append(f"</{name}>")


@functools.lru_cache(maxsize=256)
def _qualified(tag: str) -> tuple[str, str]:
    """An element's name as written (d:href), and the declaration of a namespace not
    declared on the root, if it needs one."""
    namespace, _brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if not namespace:
        return local, ""
    if namespace in _PREFIXES:
        return f"{_PREFIXES[namespace]}:{local}", ""
    return f"x:{local}", f' xmlns:x="{_escape(namespace, True)}"'


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text.replace('"', "&quot;").replace("\n", "&#10;") if attribute else text


def children(node: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if node is None else [child for child in node if child.tag == name]


def child(node: ET.Element | None, name: str) -> ET.Element | None:
    found = children(node, name)
    return found[0] if found else None


def requested(root: ET.Element | None) -> tuple[str, list[str]]:
    """What a PROPFIND (or a REPORT) asks for: ("allprop", []) for an empty body or
    allprop, ("propname", []), or ("prop", the property names)."""
    if root is None or child(root, dav("allprop")) is not None:
        return "allprop", []
    if child(root, dav("propname")) is not None:
        return "propname", []
    prop = child(root, dav("prop"))
    return "prop", [node.tag for node in prop] if prop is not None else []


def text_of(node: ET.Element) -> str:
    """The text of a property sent in a PROPPATCH: its own, or its children's as XML."""
    if len(node):
        return "".join(ET.tostring(part, encoding="unicode") for part in node)
    return node.text or ""
