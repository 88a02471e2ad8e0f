"""What a CalDAV request asks: its body as XML, its Depth, its preconditions (If-Match,
If-None-Match), and the collection it names, within reach of the device that sent it (a
password for one list reaches that list only). Handlers pass in the app's services and
the device, fetched once at their edge."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - types only; bodies are parsed by defusedxml

import bottle

from simplelists import dav_props, dav_xml
from simplelists.dav_lists import Collection
from simplelists.devices import Device
from simplelists.dav_xml import dav
from simplelists.i18n import N_, _
from simplelists.services import Services

BAD_XML = N_("The request's XML could not be read: {reason}.")
NO_SUCH_LIST = N_("There is no such list here for this device password.")
BAD_DEPTH = N_("Depth must be 0 or 1 here.")
XML_TYPES = ("application/xml", "text/xml")


def header(name: str, default: str = "") -> str:
    """A request header as the server received it (latin-1 text, as WSGI gives it),
    never decoded further: DAV's headers are ASCII, and Bottle's get_header would fail on
    other bytes sent in them."""
    return bottle.request.environ.get("HTTP_" + name.upper().replace("-", "_"), default)


def xml_body() -> ET.Element | None:
    """The body as XML (None when empty); 415 for a body of another type, 400 with the
    reason for XML that is malformed or has a DTD or entities."""
    body = bottle.request.body.read()
    if not body.strip():
        return None
    content_type = bottle.request.content_type.split(";")[0].strip().lower()
    if content_type and content_type not in XML_TYPES:
        raise dav_props.plain(415, _("Send the request's body as XML."))
    try:
        return dav_xml.parse(body)
    except dav_xml.BadXML as error:
        raise dav_props.plain(400, _(BAD_XML, reason=str(error))) from None


def depth(allowed: tuple[str, ...] = ("0", "1")) -> str:
    """The Depth header: "0" when missing (every client this serves sends one, and
    those that do not want the resource itself). Depth: infinity is refused with 403
    and propfind-finite-depth, as RFC 4918 allows; any other value is a 400."""
    value = header("Depth", "0").strip().lower()
    if value == "infinity":
        raise dav_props.refuse(403, dav("propfind-finite-depth"), _(BAD_DEPTH))
    if value not in allowed:
        raise dav_props.plain(400, _(BAD_DEPTH))
    return value


def if_match() -> list[str] | None:
    """The ETags of If-Match ("*" for any), or None without one."""
    value = header("If-Match", "")
    if not value.strip():
        return None
    return [part.strip().removeprefix("W/") for part in value.split(",") if part.strip()]


def if_none_match_any() -> bool:
    """True for If-None-Match: * (store only if there is nothing there yet)."""
    return header("If-None-Match").strip() == "*"


def collections(app: Services, device: Device) -> list[Collection]:
    """The lists the device sees: every live list, or its own."""
    return app.dav_lists.collections(device.list_id)


def collection(app: Services, device: Device, segment: str) -> Collection:
    """The list a collection's name in the URL stands for; 404 if the device does not
    reach it, or it is deleted."""
    list_id = app.dav_lists.list_id_of(segment)
    if list_id is None or (device.list_id is not None and device.list_id != list_id):
        raise dav_props.plain(404, _(NO_SUCH_LIST))
    found = app.dav_lists.collections(list_id)
    if not found:
        raise dav_props.plain(404, _(NO_SUCH_LIST))
    return found[0]
