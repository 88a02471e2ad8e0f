"""CalDAV discovery and lists as collections: /.well-known/caldav, PROPFIND of the root,
the principal, the home and each list, OPTIONS, and a list made (MKCALENDAR), renamed or
given properties (PROPPATCH) or moved to the trash (DELETE) from a phone's app.

Discovery, as clients do it: from the site's root URL (iPhone: a server name only;
DAVx⁵ and Home Assistant: a URL), PROPFIND gives current-user-principal
(/dav/principal/), the principal gives calendar-home-set (/dav/lists/), and the home
holds one collection per list the device password reaches.
"""

from __future__ import annotations

import bottle

from simplelists import dav_auth, dav_props, dav_request, dav_xml, forms, services, urls, vtodo
from simplelists.dav_xml import caldav, dav
from simplelists.i18n import N_, _

ONLY_ALL_LISTS = N_("Only a device password for every list can make lists.")
NAME_TAKEN = N_("There is a list at this address already.")


def well_known() -> None:
    """GET or PROPFIND /.well-known/caldav (RFC 6764): to the DAV root, for any client."""
    raise bottle.HTTPResponse("", 301, {"Location": urls.DAV_ROOT})


def options(**_ignored: str) -> bottle.HTTPResponse:
    """OPTIONS on any DAV path: the DAV classes really implemented, and the methods."""
    return bottle.HTTPResponse("", 200, {"DAV": dav_props.DAV_CLASSES, "Allow": dav_props.ALLOW,
                                         "Content-Length": "0"})


def propfind_root() -> bottle.HTTPResponse:
    """PROPFIND / or /dav/: points to the principal."""
    mode, names = _asked()
    dav_request.depth()
    path = bottle.request.path
    return dav_props.multistatus([dav_props.answer(path, dav_props.root_props(), mode, names)])


def propfind_principal() -> bottle.HTTPResponse:
    """PROPFIND /dav/principal/: the device, and where its lists are."""
    mode, names = _asked()
    dav_request.depth()
    props = dav_props.principal_props(dav_auth.device())
    return dav_props.multistatus([dav_props.answer(urls.DAV_PRINCIPAL, props, mode, names)])


def propfind_home() -> bottle.HTTPResponse:
    """PROPFIND /dav/lists/: the home; with Depth 1, each list the device reaches."""
    mode, names = _asked()
    depth = dav_request.depth()
    app, device = services.current(), dav_auth.device()
    responses = [dav_props.answer(urls.DAV_HOME, dav_props.home_props(device, _("Simple Lists")), mode, names)]
    if depth == "1":
        responses += [dav_props.answer(urls.dav_collection(found.segment), dav_props.collection_props(found), mode,
                                       names) for found in dav_request.collections(app, device)]
    return dav_props.multistatus(responses)


def propfind_collection(segment: str) -> bottle.HTTPResponse:
    """PROPFIND a list: the list; with Depth 1, each of its items too."""
    mode, names = _asked()
    depth = dav_request.depth()
    app = services.current()
    found = dav_request.collection(app, dav_auth.device(), segment)
    responses = [dav_props.answer(urls.dav_collection(found.segment), dav_props.collection_props(found), mode, names)]
    if depth == "1":
        responses += [dav_props.answer(urls.dav_item(found.segment, resource.name), dav_props.item_props(resource),
                                       mode, names)
                      for resource in app.dav_items.resources(found.list_id)]
    return dav_props.multistatus(responses)


def propfind_item(segment: str, name: str) -> bottle.HTTPResponse:
    """PROPFIND an item."""
    mode, names = _asked()
    dav_request.depth()
    app = services.current()
    found = dav_request.collection(app, dav_auth.device(), segment)
    resource = app.dav_items.by_names(found.list_id, [name]).get(name)
    if resource is None:
        raise bottle.HTTPError(404)
    return dav_props.multistatus([dav_props.answer(urls.dav_item(found.segment, name),
                                                   dav_props.item_props(resource), mode, names)])


def proppatch(segment: str) -> bottle.HTTPResponse:
    """PROPPATCH a list: displayname renames it (trimmed and limited like the rename
    form); other properties a client keeps there (a colour) are stored and served back;
    the server's own are refused (403), and then nothing is changed (424 for the rest),
    as RFC 4918 wants a PROPPATCH done whole or not at all."""
    root = dav_request.xml_body()
    app, device = services.current(), dav_auth.device()
    found = dav_request.collection(app, device, segment)
    if root is None or root.tag != dav("propertyupdate"):
        raise dav_props.plain(400, _(dav_request.BAD_XML, reason="propertyupdate expected"))
    updates: dict[str, str | None] = {}
    for operation in root:
        for prop in dav_xml.children(operation, dav("prop")):
            for node in prop:
                updates[node.tag] = dav_xml.text_of(node) if operation.tag == dav("set") else None
    asked = list(updates)
    forbidden = [name for name in asked if name in dav_props.PROTECTED]
    new_name = None
    if dav("displayname") in updates:
        new_name = forms.clean(updates.pop(dav("displayname")) or "")
        if not new_name or len(new_name) > forms.MAX_TEXT_LENGTH:
            forbidden.append(dav("displayname"))
    path = urls.dav_collection(found.segment)
    if forbidden:
        return dav_props.multistatus([dav_xml.response(
            path, {}, forbidden=forbidden, failed=[name for name in asked if name not in forbidden])])
    with app.db.transaction():
        if updates and not app.dav_lists.set_properties(found.list_id, updates, who=device.name):
            return dav_props.multistatus([dav_xml.response(path, {}, forbidden=asked)])
        if new_name is not None:
            app.lists.rename_list(found.list_id, new_name, who=device.name)
    return dav_props.multistatus([dav_xml.response(path, {name: None for name in asked})])


def mkcalendar(segment: str) -> bottle.HTTPResponse:
    """MKCALENDAR /dav/lists/<name>/: a new list there (a password for every list only),
    named by the displayname sent, else by the address; VTODO lists only."""
    root = dav_request.xml_body()
    app, device = services.current(), dav_auth.device()
    if not device.all_lists:
        raise dav_props.refuse(403, dav("need-privileges"), _(ONLY_ALL_LISTS))
    props = {}
    for operation in dav_xml.children(root, dav("set")):
        for prop in dav_xml.children(operation, dav("prop")):
            props.update({node.tag: node for node in prop})
    components = props.get(caldav("supported-calendar-component-set"))
    if components is not None and "VTODO" not in {comp.get("name", "").upper() for comp in components}:
        raise dav_props.refuse(403, caldav("supported-calendar-component"), _(vtodo.ONLY_TASKS))
    displayname = props.get(dav("displayname"))
    name = forms.clean((displayname.text or "") if displayname is not None else "") or segment
    if len(name) > forms.MAX_TEXT_LENGTH:
        raise dav_props.refuse(403, caldav("valid-calendar-data"), _(forms.LIST_NAME_TOO_LONG, length=len(name),
                                                                      most=forms.MAX_TEXT_LENGTH))
    dead = {tag: dav_xml.text_of(node) for tag, node in props.items()
            if tag not in dav_props.PROTECTED and tag != dav("displayname")}
    with app.db.transaction() as connection:
        if app.dav_lists.name_taken(connection, segment):
            raise dav_props.refuse(403, dav("resource-must-be-null"), _(NAME_TAKEN))
        list_id = app.lists.create_list(name, who=device.name)
        app.dav_lists.name_list(connection, list_id, segment)
        if dead:
            app.dav_lists.set_properties(list_id, dead, who=device.name)
    return bottle.HTTPResponse("", 201, {"Location": urls.dav_collection(segment), "Content-Length": "0"})


def delete_collection(segment: str) -> bottle.HTTPResponse:
    """DELETE a list: it goes to the trash, where it can be restored; never destroyed."""
    app, device = services.current(), dav_auth.device()
    found = dav_request.collection(app, device, segment)
    app.lists.delete_list(found.list_id, who=device.name)
    return bottle.HTTPResponse("", 204)


def _asked() -> tuple[str, list[str]]:
    root = dav_request.xml_body()
    if root is not None and root.tag != dav("propfind"):
        raise dav_props.plain(400, _(dav_request.BAD_XML, reason="propfind expected"))
    return dav_xml.requested(root)
