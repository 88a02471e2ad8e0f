"""When notifications are sent (notify_schedule.py): a burst waits for its window after
the last change but never longer than the longest hold, the hourly cap holds and merges
without dropping, retries back off, and a destination failing too long is paused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simplelists.notify_schedule import HOUR, PAUSE_AFTER_SECONDS, Pending, Timings, due_time, retry_delay, should_pause

T = Timings(window=60, max_hold=600, cap=3, backoff=30, pause_after=5)


def test_a_change_is_sent_a_window_after_it() -> None:
    assert due_time(Pending(1000, 1000), [], 1000, T) == 1060


def test_each_change_in_a_burst_moves_it_later() -> None:
    assert due_time(Pending(1000, 1050), [], 1050, T) == 1110


def test_no_change_waits_longer_than_the_longest_hold() -> None:
    assert due_time(Pending(1000, 1590), [], 1590, T) == 1600


def test_a_test_goes_at_once() -> None:
    assert due_time(Pending(1000, 1000, urgent=True), [], 1000, T) == 1000


def test_past_the_cap_it_waits_for_the_oldest_send_of_the_hour_to_age() -> None:
    sent = [100, 200, 300]
    assert due_time(Pending(1000, 1000), sent, 1000, T) == 100 + HOUR
    assert due_time(Pending(1000, 1000), [200, 300], 1000, T) == 1060  # under the cap
    assert due_time(Pending(5000, 5000), sent, 5000, T) == 5060  # an hour later the old sends do not count


def test_a_failure_waits_for_its_retry() -> None:
    assert due_time(Pending(1000, 1000, retry_at=2000), [], 1100, T) == 2000
    assert due_time(Pending(1000, 1000, urgent=True, retry_at=2000), [], 1100, T) == 2000


def test_a_paused_destination_is_never_due() -> None:
    assert due_time(Pending(1000, 1000, paused=True), [], 99999, T) is None


def test_retries_double_up_to_an_hour() -> None:
    assert [retry_delay(n, T) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(50, T) == HOUR and retry_delay(10 ** 6, T) == HOUR


def test_pause_after_so_many_failures_or_a_day() -> None:
    assert not should_pause(4, 0, 100, T)
    assert should_pause(5, 0, 100, T)
    assert should_pause(2, 0, PAUSE_AFTER_SECONDS, T)


times = st.floats(min_value=0, max_value=10 ** 6, allow_nan=False)


@given(first=times, gap=st.floats(0, 10 ** 4), sent=st.lists(times, max_size=20), now_gap=st.floats(0, 10 ** 4),
       window=st.floats(0.01, 100), hold=st.floats(0.01, 1000), cap=st.integers(1, 30))
def test_never_dropped_and_never_early(first, gap, sent, now_gap, window, hold, cap) -> None:
    timings = Timings(window=window, max_hold=hold, cap=cap)
    last = first + gap
    now = last + now_gap
    due = due_time(Pending(first, last), sent, now, timings)
    assert due is not None  # only a pause holds it for good
    assert due >= min(last + window, first + hold)
    recent = [t for t in sent if t + HOUR > now]
    if len(recent) < cap:
        assert due == min(last + window, first + hold)
    else:
        # When it is sent, fewer than cap sends are left in the hour before it.
        assert len([t for t in recent if t + HOUR > due]) < cap
