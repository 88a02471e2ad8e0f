"""Who did what to an item, said quietly in the page's language: "Added by Mum on
Tuesday · Ticked by Dad today at 18:02", for the item's edit page.

Days and times are in the configured zone and the language's formats (Babel): "today at
18:02", "yesterday at 9:15", the weekday within a week, else the date. A change whose
who is unknown (a browser that gave no name, the Go original) is told without a name,
never "by None"; an item the change log knows nothing of says only when it was added.
"""

from __future__ import annotations

import datetime

import babel.dates

from simplelists.changes import Event, ItemStory
from simplelists.i18n import N_, Language

WEEK_DAYS = 7
# What the edit page says of each change, with the name of who made it and without
# ({when} is a phrase from when(): "today at 18:02", "on Tuesday").
ADDED = (N_("Added by {name} {when}"), N_("Added {when}"))
EDITED = (N_("Edited by {name} {when}"), N_("Edited {when}"))
TICKED = (N_("Ticked by {name} {when}"), N_("Ticked {when}"))


def when(language: Language, moment: datetime.datetime, zone: datetime.tzinfo, now: datetime.datetime) -> str:
    """When something happened, relative to now where that is natural: "today at 18:02",
    "yesterday at 18:02", "on Tuesday" within a week, "on 3 March" (with the year when
    not this one)."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    formats = language.formats_locale
    days = (today - local.date()).days
    if days in (0, 1):
        time = babel.dates.format_time(local, "short", tzinfo=zone, locale=formats)
        if days == 0:
            # Translators: when something was done, e.g. "today at 18:02".
            return language.pgettext("when", "today at {time}", time=time)
        # Translators: when something was done, e.g. "yesterday at 18:02".
        return language.pgettext("when", "yesterday at {time}", time=time)
    if 1 < days < WEEK_DAYS:
        # Translators: when something was done, within the last week: "on Tuesday".
        return language.pgettext("when", "on {weekday}",
                                 weekday=babel.dates.format_date(local.date(), "EEEE", locale=formats))
    if local.year == today.year:
        date = babel.dates.format_skeleton("MMMMd", local, tzinfo=zone, locale=formats)
    else:
        date = babel.dates.format_date(local.date(), "long", locale=formats)
    # Translators: when something was done, more than a week ago: "on 3 March".
    return language.pgettext("when", "on {date}", date=date)


def _said(language: Language, event: Event, sentences: tuple[str, str], zone: datetime.tzinfo,
          now: datetime.datetime) -> str:
    moment = when(language, event.time, zone, now)
    if event.who:
        return language.gettext(sentences[0], name=event.who, when=moment)
    return language.gettext(sentences[1], when=moment)


def item_story_text(language: Language, story: ItemStory | None, done: bool, zone: datetime.tzinfo,
                    now: datetime.datetime) -> str:
    """The sentence for an item's edit page: its newest add, its newest edit after that,
    and, when it is done, its newest tick; for an item with no logged add, when it was
    made; "" when nothing is known."""
    if story is None:
        return ""
    parts = []
    if story.added is not None:
        parts.append(_said(language, story.added, ADDED, zone, now))
    elif story.created is not None and story.created.year > 1970:
        parts.append(language.gettext(ADDED[1], when=when(language, story.created, zone, now)))
    if story.edited is not None and (story.added is None or story.edited.time >= story.added.time):
        parts.append(_said(language, story.edited, EDITED, zone, now))
    if done and story.ticked is not None:
        parts.append(_said(language, story.ticked, TICKED, zone, now))
    return " · ".join(parts)
