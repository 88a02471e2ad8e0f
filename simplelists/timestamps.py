"""Timestamps as the Go original and SQLite write them, and reading them back."""

from __future__ import annotations

import datetime
import functools
import re


def utc_now() -> datetime.datetime:
    """The current time, aware, in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def format_go_time(moment: datetime.datetime) -> str:
    """Format like the Go app wrote lists.time_created: RFC 3339, UTC, nanoseconds."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")


def format_sqlite_time(moment: datetime.datetime) -> str:
    """Format like SQLite's CURRENT_TIMESTAMP (UTC, whole seconds), as the Go app's other columns."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


_TIMESTAMP = re.compile(
    r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?\s*(Z|[+-]\d\d:?\d\d)?(?:\s.*)?$"
)


# Cached: a pure function of the stored text, called for every list on the home page.
@functools.lru_cache(maxsize=4096)
def parse_timestamp(value: object) -> datetime.datetime:
    """Read a timestamp in any form the Go app or SQLite wrote it; aware, UTC.

    Accepts RFC 3339 with up to nanoseconds (Go), SQLite's 'YYYY-MM-DD HH:MM:SS',
    and Unix seconds. Anything unreadable becomes the Unix epoch rather than an error,
    so one odd row cannot take a page down.
    """
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    match = _TIMESTAMP.match(str(value).strip()) if value is not None else None
    if not match:
        return datetime.datetime.fromtimestamp(0, datetime.timezone.utc)
    date, time, fraction, zone = match.groups()
    micro = (fraction or "").ljust(6, "0")[:6]
    moment = datetime.datetime.fromisoformat(f"{date}T{time}.{micro}")
    if zone and zone != "Z":
        moment = moment.replace(tzinfo=datetime.datetime.strptime(zone.replace(":", ""), "%z").tzinfo)
        return moment.astimezone(datetime.timezone.utc)
    return moment.replace(tzinfo=datetime.timezone.utc)
