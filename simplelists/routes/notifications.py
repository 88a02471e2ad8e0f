"""A list's Notifications page: where its changes are told (ntfy, Telegram, email, Home
Assistant, any of Apprise's services, by an Apprise URL), what each destination hears,
whose own changes it is quiet about, "Send a test", and how sending has gone (the last
error, a paused destination's Resume).

A destination's URL holds secrets: it is checked (network_rule: no address inside the
network unless SIMPLELISTS_NOTIFY_PRIVATE is on) and saved, and from then on only its
masked form is ever shown. A URL that cannot be used shows the form again, filled in as
typed, with the reason.
"""

from __future__ import annotations

import dataclasses
from typing import NoReturn

import bottle

from simplelists import forms, i18n, names, outbox, security, services, urls
from simplelists.destinations import MAX_PER_LIST, Destination, TooManyDestinations
from simplelists.i18n import N_, _, ngettext
from simplelists.lists import List
from simplelists.routes.lookup import list_from_form, list_gone, list_or_404
from simplelists.routes.views import page

DESTINATION_GONE = N_("That destination is not on this list any more. It may have been deleted already.")
NAME_NEEDED = N_("Give it a name, such as “Mum’s phone”, to tell it apart later.")
NAME_TOO_LONG = N_("The name is too long: {length} characters, and the most is {most}.")
PERSON_TOO_LONG = N_("The person’s name is too long: {length} characters, and the most is {most}.")
APPRISE_SERVICES = "https://github.com/caronc/apprise/wiki"
NTFY_PHONE = "https://docs.ntfy.sh/subscribe/phone/"


@dataclasses.dataclass(frozen=True)
class DestinationRow:
    """A destination as the page shows it, with its status in words."""

    destination: Destination
    status: str
    events: tuple[tuple[str, str, bool], ...]  # (event, label, heard)


def event_labels() -> tuple[tuple[str, str], ...]:
    """What a destination can hear, as the form's checkboxes say it."""
    return ((outbox.ADDED, _("Items added")), (outbox.TICKED, _("Items ticked")),
            (outbox.DONE, _("The list all done")), (outbox.DELETED, _("Items deleted")))


def render_notifications(the_list: List, status: int = 200, *, name: str = "", url: str = "",
                         events: tuple[str, ...] = outbox.EVENTS, person: str = "", error: str = "",
                         row_error: str = "", row_id: int | None = None) -> str:
    """The page: the add form's state (name, url, events, person) and what was wrong with
    it (error), or the error of a destination's own form (row_error for row_id). Query:
    tested=<id> says a test is on its way; deleted=1, resumed=<id>, saved=<id> say so."""
    app = services.current()
    labels = event_labels()
    rows = [DestinationRow(destination, _status(destination),
                           tuple((event, label, event in destination.events) for event, label in labels))
            for destination in app.destinations.destinations(the_list.id)]
    query = bottle.request.query
    return page("notifications", status=status, title=_("Notifications for {name}", name=the_list.name),
                the_list=the_list, rows=rows, labels=labels, name=name, url=url, chosen=events, quiet_for=person,
                error=error, row_error=row_error, row_id=row_id, services_url=APPRISE_SERVICES, ntfy_url=NTFY_PHONE,
                private_allowed=app.config.notify_private, full=len(rows) >= MAX_PER_LIST,
                tested=forms.query_number("tested"), resumed=forms.query_number("resumed"),
                saved=forms.query_number("saved"), deleted=query.get("deleted") == "1")


def _status(destination: Destination) -> str:
    zone = services.current().config.timezone
    formats = i18n.current().formats_locale
    parts = []
    if destination.paused:
        parts.append(ngettext("Paused after {count} failure in a row. The last error: {error}",
                              "Paused after {count} failures in a row. The last error: {error}",
                              destination.failures, error=destination.last_error or "?"))
    elif destination.failures:
        parts.append(_("The last try failed, and it will be tried again soon. The error: {error}",
                       error=destination.last_error or "?"))
    if destination.waiting:
        parts.append(ngettext("{count} change is waiting to be sent.", "{count} changes are waiting to be sent.",
                              destination.waiting))
    if destination.time_last_sent is not None:
        parts.append(_("The last message was sent on {date}.",
                       date=i18n.local_date(destination.time_last_sent, zone, formats).full))
    elif not destination.waiting and not destination.failures:
        parts.append(_("Nothing sent yet."))
    return " ".join(parts)


def show_notifications(list_id: str) -> str:
    """GET /lists/<id>/notifications: the page."""
    return render_notifications(list_or_404(list_id))


def _chosen_events() -> tuple[str, ...]:
    return forms.chosen("events", outbox.EVENTS, _("Tick at least one thing for it to hear."))


def _person() -> str:
    return forms.check_length(forms.text("person"), PERSON_TOO_LONG)


def add_destination() -> str:
    """POST /add-destination (list-id, name, url, events, person): save a destination,
    then back to the page. A bad field shows the form again as typed, with the reason."""
    the_list = list_from_form()
    url = forms.clean(forms.raw("url"))
    try:
        name = forms.check_length(forms.text("name"), NAME_TOO_LONG, empty=NAME_NEEDED)
        forms.check_apprise_url(url, services.current().config.notify_private)
        events = _chosen_events()
        person = _person()
        destination_id = services.current().destinations.add(
            the_list.id, name, url, events, person, i18n.current().code)
    except (forms.FormError, TooManyDestinations) as error:
        message = str(error) if isinstance(error, forms.FormError) else _(
            "This list has {count} destinations already, the most it can have. Delete one first.", count=MAX_PER_LIST)
        chosen = tuple(event for event in outbox.EVENTS if event in bottle.request.forms.getall("events"))
        return render_notifications(the_list, status=400, name=forms.text("name"), url=url, events=chosen,
                                    person=forms.text("person"), error=message)
    if destination_id is None:
        raise list_gone()
    security.redirect(urls.list_page_url(the_list.id, "notifications", saved=str(destination_id)))


def _destination_id() -> int:
    return forms.record_id("destination-id", DESTINATION_GONE)


def _gone() -> NoReturn:
    raise bottle.HTTPError(404, _(DESTINATION_GONE))


def change_destination() -> str:
    """POST /change-destination (list-id, destination-id, events, person): what it hears."""
    the_list = list_from_form()
    destination_id = _destination_id()
    try:
        events, person = _chosen_events(), _person()
    except forms.FormError as error:
        return render_notifications(the_list, status=400, row_error=str(error), row_id=destination_id)
    if not services.current().destinations.change(the_list.id, destination_id, events, person):
        _gone()
    security.redirect(urls.list_page_url(the_list.id, "notifications", saved=str(destination_id)))


def delete_destination() -> None:
    """POST /delete-destination (list-id, destination-id): it hears nothing more."""
    list_id = forms.list_id()
    if not services.current().destinations.delete(list_id, _destination_id()):
        _gone()
    security.redirect(urls.list_page_url(list_id, "notifications", deleted="1"))


def send_test() -> None:
    """POST /test-destination (list-id, destination-id): a test message, sent at once by
    the sender (never in this request); the page says so, and shows how it went on reload."""
    list_id = forms.list_id()
    destination_id = _destination_id()
    if not services.current().destinations.send_test(list_id, destination_id, names.current()):
        _gone()
    security.redirect(urls.list_page_url(list_id, "notifications", tested=str(destination_id)))


def resume_destination() -> None:
    """POST /resume-destination (list-id, destination-id): try a paused destination again."""
    list_id = forms.list_id()
    destination_id = _destination_id()
    if not services.current().destinations.resume(list_id, destination_id):
        _gone()
    security.redirect(urls.list_page_url(list_id, "notifications", resumed=str(destination_id)))
