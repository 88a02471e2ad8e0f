"""The properties of each kind of CalDAV resource (RFC 4918, 4791, 6578 and the
CalendarServer ctag), reporting only what is really there, and the answers built from
them: a PROPFIND's multistatus, DAV:error bodies, the DAV classes OPTIONS advertises.

A resource's properties are a mapping of name to value, or to a function giving the value
when one is costly (an item's calendar data), so only what a client asks for is built.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET  # noqa: S405 - only to build answers
from collections.abc import Callable, Iterable, Mapping

import bottle

from simplelists import dav_xml, urls, vtodo
from simplelists.dav_items import Resource
from simplelists.dav_lists import Collection
from simplelists.dav_xml import caldav, calendarserver, dav, element, href
from simplelists.devices import Device

# Class 1 and 3 of RFC 4918 (no locks: class 2 is not claimed) and calendar-access.
DAV_CLASSES = "1, 3, calendar-access"
ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCALENDAR"
MAX_RESOURCE_SIZE = 64 * 1024  # the body limit (security.MAX_BODY_BYTES)
TEXT_TYPE = "text/plain; charset=utf-8"

Property = dav_xml.Value | Callable[[], dav_xml.Value]
# Never returned for allprop (RFC 4791 9.6): calendar-data only when asked for by name.
_NOT_IN_ALLPROP = frozenset({caldav("calendar-data")})
# Set by the server; a PROPPATCH of these is refused (cannot-modify-protected-property).
PROTECTED = frozenset({dav("resourcetype"), dav("getetag"), dav("sync-token"), dav("current-user-principal"),
                       dav("current-user-privilege-set"), dav("supported-report-set"), calendarserver("getctag"),
                       caldav("supported-calendar-component-set"), caldav("supported-calendar-data"),
                       caldav("max-resource-size"), dav("getcontenttype"), dav("getlastmodified"),
                       dav("owner"), dav("principal-URL"), caldav("calendar-home-set")})


def privileges(*names: str) -> list[ET.Element]:
    return [element(dav("privilege"), [element(dav(name))]) for name in names]


def _reports(*names: str) -> list[ET.Element]:
    return [element(dav("supported-report"), [element(dav("report"), [element(name)])]) for name in names]


def principal_link() -> list[ET.Element]:
    return [href(urls.DAV_PRINCIPAL)]


def root_props() -> dict[str, Property]:
    """/ and /dav/: where a client starts, which only points to the principal."""
    return {dav("resourcetype"): [element(dav("collection"))], dav("current-user-principal"): principal_link(),
            dav("principal-URL"): principal_link()}


def principal_props(device: Device) -> dict[str, Property]:
    """/dav/principal/: the device signed in; its lists are under calendar-home-set."""
    return {dav("resourcetype"): [element(dav("collection")), element(dav("principal"))],
            dav("displayname"): device.name, dav("current-user-principal"): principal_link(),
            dav("principal-URL"): principal_link(), caldav("calendar-home-set"): [href(urls.DAV_HOME)],
            dav("current-user-privilege-set"): privileges("read")}


def home_props(device: Device, title: str) -> dict[str, Property]:
    """/dav/lists/: the lists the device sees. A password for every list may make lists
    here (MKCALENDAR); one for a single list may not."""
    granted = ("read", "bind", "unbind") if device.all_lists else ("read",)
    return {dav("resourcetype"): [element(dav("collection"))], dav("displayname"): title,
            dav("current-user-principal"): principal_link(), dav("owner"): principal_link(),
            dav("current-user-privilege-set"): privileges(*granted)}


def collection_props(collection: Collection) -> dict[str, Property]:
    """A list's collection: a task list (VTODO only) with its sync token and ctag."""
    props: dict[str, Property] = {
        dav("resourcetype"): lambda: [element(dav("collection")), element(caldav("calendar"))],
        dav("displayname"): collection.name,
        caldav("supported-calendar-component-set"): lambda: [element(caldav("comp"), name="VTODO")],
        caldav("supported-calendar-data"): lambda: [element(caldav("calendar-data"),
                                                            **{"content-type": "text/calendar", "version": "2.0"})],
        caldav("max-resource-size"): str(MAX_RESOURCE_SIZE),
        calendarserver("getctag"): collection.ctag,
        dav("sync-token"): collection.sync_token,
        dav("current-user-principal"): principal_link,
        dav("owner"): principal_link,
        dav("current-user-privilege-set"): lambda: privileges("read", "write", "write-properties", "write-content",
                                                              "bind", "unbind", "read-current-user-privilege-set"),
        dav("supported-report-set"): lambda: _reports(caldav("calendar-multiget"), caldav("calendar-query"),
                                                      dav("sync-collection")),
    }
    for name, value in collection.properties.items():
        props.setdefault(name, lambda value=value: _dead_value(value))
    return props


def item_props(resource: Resource) -> dict[str, Property]:
    """An item's resource: its ETag, type and (when asked) its calendar data."""
    return {dav("resourcetype"): None, dav("getetag"): resource.etag, dav("getcontenttype"): vtodo.CONTENT_TYPE,
            dav("getlastmodified"): email.utils.format_datetime(resource.served.last_modified, usegmt=True),
            dav("getcontentlength"): lambda: str(len(resource.ical())),
            caldav("calendar-data"): lambda: resource.ical().decode("utf-8")}


def answer(path: str, props: Mapping[str, Property], mode: str, names: Iterable[str]) -> ET.Element:
    """One resource's response to what a PROPFIND or REPORT asked for (see
    dav_xml.requested): every property (allprop), their names (propname), or those
    named, with the ones it does not have as 404."""
    if mode == "propname":
        return dav_xml.response(path, {name: None for name in props})
    wanted = [name for name in props if name not in _NOT_IN_ALLPROP] if mode == "allprop" else list(names)
    found = {name: _value(props[name]) for name in wanted if name in props}
    return dav_xml.response(path, found, [name for name in wanted if name not in props])


def multistatus(responses: Iterable[ET.Element], sync_token: str | None = None) -> bottle.HTTPResponse:
    """A 207 answer."""
    return bottle.HTTPResponse(dav_xml.multistatus(responses, sync_token), 207,
                               {"Content-Type": dav_xml.XML_TYPE})


def plain(status: int, message: str, headers: dict[str, str] | None = None) -> bottle.HTTPResponse:
    """An answer of one line of text, for a DAV client's log."""
    return bottle.HTTPResponse(message + "\n", status, {"Content-Type": TEXT_TYPE, **(headers or {})})


def refuse(status: int, condition: str, reason: str = "") -> bottle.HTTPResponse:
    """An error answer naming the precondition that failed, with a reason for people."""
    return bottle.HTTPResponse(dav_xml.error(condition, reason), status, {"Content-Type": dav_xml.XML_TYPE})


def _value(prop: Property) -> dav_xml.Value:
    return prop() if callable(prop) else prop


def _dead_value(value: str) -> dav_xml.Value:
    """A property a client set, as stored: text, or elements (as XML)."""
    if not value.lstrip().startswith("<"):
        return value
    try:
        wrapper = dav_xml.parse(f"<wrapper>{value}</wrapper>".encode("utf-8"))
    except dav_xml.BadXML:
        return value
    return list(wrapper) if wrapper is not None else value

