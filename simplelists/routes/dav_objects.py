"""An item as a CalDAV resource: GET (and HEAD) it, PUT a new or changed one, DELETE it.

A phone's PUT is read as a VTODO (vtodo.parse), its SUMMARY trimmed and limited like the
add form's text, and stored through the list's own store (dav_items.DavItems.put): under
the phone's own resource name, never refused as a duplicate. If-Match and If-None-Match:
* are honoured in the write's own transaction, with 412 for a stale one. A PUT's answer
carries no ETag: the stored item is served with the web's properties over what was sent,
so it is never byte for byte what the phone sent (RFC 4791 5.3.4); the phone reads the
new ETag at its next sync.
"""

from __future__ import annotations

import bottle

from simplelists import dav_auth, dav_items, dav_props, dav_request, forms, services, vtodo
from simplelists.dav_xml import caldav
from simplelists.i18n import N_, _

NO_SUCH_ITEM = N_("There is no such item on this list.")
CHANGED_SINCE = N_("The item was changed since it was read: fetch it again, then make the change.")
UID_TAKEN = N_("Another item on this list has that UID.")
NAME_RESERVED = N_("Names like “item-12.ics” are kept for items made on the web. Choose another name.")
TEXT_NEEDED = N_("The task needs a title (SUMMARY).")
CALENDAR_TYPES = ("text/calendar", "")


def get_item(segment: str, name: str) -> bottle.HTTPResponse:
    """GET (or HEAD) an item: its VTODO, with its ETag."""
    app = services.current()
    found = dav_request.collection(app, dav_auth.device(), segment)
    resource = app.dav_items.by_names(found.list_id, [name]).get(name)
    if resource is None:
        raise dav_props.plain(404, _(NO_SUCH_ITEM))
    if dav_request.header("If-None-Match").strip() in (resource.etag, "*"):
        return bottle.HTTPResponse("", 304, {"ETag": resource.etag})
    return bottle.HTTPResponse(resource.ical(), 200, {
        "Content-Type": vtodo.CONTENT_TYPE, "ETag": resource.etag,
        "Last-Modified": dav_props.item_props(resource)[dav_props.dav("getlastmodified")]})


def put_item(segment: str, name: str) -> bottle.HTTPResponse:
    """PUT an item: 201 for a new one, 204 for a change. 415 for a body that is not
    iCalendar, 400 for unreadable iCalendar, 403 with a precondition for a VEVENT
    (supported-calendar-component), a SUMMARY empty or over the item limit
    (valid-calendar-object, with the reason) or a UID in use (no-uid-conflict); 412 for
    a stale If-Match or If-None-Match: *. Any refusal changes nothing."""
    app, device = services.current(), dav_auth.device()
    found = dav_request.collection(app, device, segment)
    content_type = bottle.request.content_type.split(";")[0].strip().lower()
    if content_type not in CALENDAR_TYPES:
        raise dav_props.refuse(415, caldav("supported-calendar-data"), _("Send the item as text/calendar."))
    if not vtodo.RESOURCE_NAME.match(name):
        raise dav_props.plain(400, _(NO_SUCH_ITEM))
    try:
        incoming = vtodo.parse(bottle.request.body.read())
    except vtodo.NotATask as error:
        raise dav_props.refuse(403, caldav("supported-calendar-component"), _(error.message, **error.values)) from None
    except vtodo.InvalidCalendar as error:
        raise dav_props.plain(400, _(error.message, **error.values)) from None
    summary = forms.clean(incoming.summary)
    try:
        forms.check_length(summary, forms.ITEM_TOO_LONG, empty=TEXT_NEEDED)
    except forms.FormError as error:
        raise dav_props.refuse(403, caldav("valid-calendar-object-resource"), str(error)) from None
    try:
        written = app.dav_items.put(found.list_id, name, incoming, summary, if_match=dav_request.if_match(),
                                    if_none_match=dav_request.if_none_match_any(), who=device.name)
    except dav_items.PreconditionFailed:
        raise dav_props.plain(412, _(CHANGED_SINCE)) from None
    except dav_items.UidConflict:
        raise dav_props.refuse(403, caldav("no-uid-conflict"), _(UID_TAKEN)) from None
    except dav_items.NameReserved:
        raise dav_props.refuse(403, caldav("valid-calendar-object-resource"), _(NAME_RESERVED)) from None
    return bottle.HTTPResponse("", 201 if written.created else 204)


def delete_item(segment: str, name: str) -> bottle.HTTPResponse:
    """DELETE an item: it goes to the trash (204), restorable on the web; 404 if there
    is none, 412 for a stale If-Match."""
    app, device = services.current(), dav_auth.device()
    found = dav_request.collection(app, device, segment)
    try:
        deleted = app.dav_items.delete(found.list_id, name, if_match=dav_request.if_match(), who=device.name)
    except dav_items.PreconditionFailed:
        raise dav_props.plain(412, _(CHANGED_SINCE)) from None
    if not deleted:
        raise dav_props.plain(404, _(NO_SUCH_ITEM))
    return bottle.HTTPResponse("", 204)
