"""When a destination's waiting notifications are sent: pure functions of times (seconds
since the epoch, fractions allowed), so the rules are tested without a clock.

- One message per burst: a destination's changes are sent WINDOW seconds after the last
  of them, but none waits longer than MAX_HOLD after the first.
- At most CAP messages per destination an hour: past it, changes wait (and merge into one
  message) until the oldest send of the hour is an hour old. Nothing is dropped.
- A failed send is tried again after BACKOFF seconds, doubling each time up to
  MAX_BACKOFF; after PAUSE_AFTER failures in a row, or failing for PAUSE_AFTER_SECONDS,
  the destination is paused until someone resumes it on its page.
- A test ("Send a test") and the flush at shutdown skip the window and the cap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

HOUR = 3600.0
MAX_BACKOFF = HOUR
PAUSE_AFTER_SECONDS = 24 * HOUR


@dataclasses.dataclass(frozen=True)
class Timings:
    """The settings (config.py reads them from SIMPLELISTS_NOTIFY_*)."""

    window: float = 60.0
    max_hold: float = 600.0
    cap: int = 10  # messages per destination per hour
    backoff: float = 30.0  # the first retry's wait; doubles after each failure
    pause_after: int = 10  # failures in a row
    send_timeout: float = 30.0  # the longest one sending process may take


@dataclasses.dataclass(frozen=True)
class Pending:
    """What a destination has waiting, as due_time needs it."""

    first_queued: float
    last_queued: float
    urgent: bool = False  # a test is waiting
    retry_at: float | None = None  # after a failure: not before then
    paused: bool = False


def due_time(pending: Pending, sent_times: Iterable[float], now: float, timings: Timings) -> float | None:
    """When the destination's waiting changes should be sent (a time at or before now: at
    once); None while it is paused. sent_times: when its messages were sent (those older
    than an hour do not count)."""
    if pending.paused:
        return None
    if pending.urgent:
        due = now
    else:
        due = min(pending.last_queued + timings.window, pending.first_queued + timings.max_hold)
        # "In the last hour" is written as time + HOUR > now everywhere, so a send that
        # ages out at exactly the due time computed below counts the same both ways.
        recent = sorted(time for time in sent_times if time + HOUR > now)
        if len(recent) >= timings.cap:
            # The hour's sends must fall below the cap: the oldest that keeps it full ages out.
            due = max(due, recent[len(recent) - timings.cap] + HOUR)
    if pending.retry_at is not None:
        due = max(due, pending.retry_at)
    return due


def retry_delay(failures: int, timings: Timings) -> float:
    """How long to wait after the failures-th failure in a row (1, 2, ...) before trying again."""
    return min(timings.backoff * 2 ** min(max(failures - 1, 0), 40), max(MAX_BACKOFF, timings.backoff))


def should_pause(failures: int, first_failure: float, now: float, timings: Timings) -> bool:
    """True when a destination has failed too often in a row, or for too long, to go on trying."""
    return failures >= timings.pause_after or now - first_failure >= PAUSE_AFTER_SECONDS
