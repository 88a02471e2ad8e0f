"""Values formatted for pages, cached: the same list's dates are shown again and again."""

from __future__ import annotations

import datetime
import functools
from typing import NamedTuple


class ListDate(NamedTuple):
    """A list's creation time as the home page shows it, in the configured zone."""

    iso: str  # for <time datetime=...>, e.g. 2024-05-01T18:30:00+01:00
    full: str  # the tooltip, e.g. 2024-05-01 18:30:00 BST
    short: str  # what is shown, e.g. 1 May


@functools.lru_cache(maxsize=4096)
def list_date(moment: datetime.datetime, zone: datetime.tzinfo) -> ListDate:
    """The texts for a list's creation time (an aware datetime) shown in zone.

    Cached because it is a pure function of its arguments and strftime with a zone is
    slow: formatting 50 lists' dates was over half of the home page's time.
    """
    local = moment.astimezone(zone)
    return ListDate(iso=local.isoformat(timespec="seconds"),
                    full=local.strftime("%Y-%m-%d %H:%M:%S %Z"),
                    short=f"{local.day} {local.strftime('%b')}")
