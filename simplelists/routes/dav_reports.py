"""REPORTs on a list's collection: calendar-multiget and calendar-query (RFC 4791) and
sync-collection (RFC 6578), each answering with the properties asked for (usually the
ETag and the calendar data) of the items it selects.

sync-collection with an empty token gives every item; with a token this server gave, the
items changed since (one row each, fetched once however often it changed) and, for items
deleted since, a 404 response each (the tombstones), so a phone holding 500 items picks
up one change by fetching one. A token it cannot answer gets 403 with valid-sync-token,
and the client syncs afresh.

calendar-query's filters are dav_filters.py's; one it does not evaluate is refused with
supported-filter rather than answered wrongly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - types only; bodies are parsed by defusedxml

import bottle

from simplelists import dav_auth, dav_filters, dav_props, dav_request, dav_xml, services, urls
from simplelists.dav_items import Resource
from simplelists.dav_lists import Collection, InvalidToken, sync_token
from simplelists.dav_xml import caldav, dav
from simplelists.i18n import N_, _
from simplelists.services import Services

UNKNOWN_REPORT = N_("This report is not supported here: only calendar-multiget, calendar-query and sync-collection.")
OLD_TOKEN = N_("That sync token is too old or unknown: sync again from the start.")
UNSUPPORTED_FILTER = N_("That filter is not supported here.")


def report(segment: str) -> bottle.HTTPResponse:
    """REPORT on a list: calendar-multiget, calendar-query or sync-collection."""
    root = dav_request.xml_body()
    app = services.current()
    found = dav_request.collection(app, dav_auth.device(), segment)
    if root is None:
        raise dav_props.plain(400, _(dav_request.BAD_XML, reason="a report expected"))
    mode, names = dav_xml.requested(root)
    if root.tag == caldav("calendar-multiget"):
        return _multiget(app, found, root, mode, names)
    if root.tag == caldav("calendar-query"):
        return _query(app, found, root, mode, names)
    if root.tag == dav("sync-collection"):
        return _sync(app, found, root, mode, names)
    raise dav_props.refuse(403, dav("supported-report"), _(UNKNOWN_REPORT))


def _answer(found: Collection, resource: Resource, mode: str, names: list[str]) -> ET.Element:
    return dav_props.answer(urls.dav_item(found.segment, resource.name), dav_props.item_props(resource), mode, names)


def _multiget(app: Services, found: Collection, root: ET.Element, mode: str, names: list[str]) -> bottle.HTTPResponse:
    # The list's collection, under the name the client gave it or its ID, compared decoded.
    parents = {urls.dav_href_parent(urls.dav_collection(name) + "x") for name in (found.segment, found.list_id)}
    hrefs = [node.text or "" for node in dav_xml.children(root, dav("href"))]
    wanted = {href: urls.dav_path_name(href) for href in hrefs if urls.dav_href_parent(href) in parents}
    resources = app.dav_items.by_names(found.list_id, list(set(wanted.values())))
    responses = []
    for href in hrefs:
        resource = resources.get(wanted.get(href, ""))
        responses.append(_answer(found, resource, mode, names) if resource is not None
                         else dav_xml.status_response(href, 404))
    return dav_props.multistatus(responses)


def _query(app: Services, found: Collection, root: ET.Element, mode: str, names: list[str]) -> bottle.HTTPResponse:
    try:
        test = dav_filters.test_for(dav_xml.child(root, caldav("filter")))
    except dav_filters.Unsupported:
        raise dav_props.refuse(403, caldav("supported-filter"), _(UNSUPPORTED_FILTER)) from None
    resources = app.dav_items.resources(found.list_id)
    return dav_props.multistatus([_answer(found, resource, mode, names)
                                  for resource in resources if test(resource.ical())])


def _sync(app: Services, found: Collection, root: ET.Element, mode: str, names: list[str]) -> bottle.HTTPResponse:
    token_node = dav_xml.child(root, dav("sync-token"))
    token = (token_node.text or "").strip() if token_node is not None else ""
    try:
        changed = app.dav_lists.changed_since(found.list_id, token)
    except InvalidToken:
        raise dav_props.refuse(403, dav("valid-sync-token"), _(OLD_TOKEN)) from None
    if not token:
        responses = [_answer(found, resource, mode, names) for resource in app.dav_items.resources(found.list_id)]
        return dav_props.multistatus(responses, found.sync_token)
    live = app.dav_items.by_ids(found.list_id, changed.item_ids)
    gone = app.dav_items.names_of(found.list_id, [item_id for item_id in changed.item_ids if item_id not in live])
    responses = []
    for item_id in changed.item_ids:
        if item_id in live:
            responses.append(_answer(found, live[item_id], mode, names))
        else:
            responses.append(dav_xml.status_response(urls.dav_item(found.segment, gone[item_id]), 404))
    return dav_props.multistatus(responses, sync_token(changed.newest))
