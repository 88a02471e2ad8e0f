"""The speed-ups from the benchmark (issue 6, BENCHMARKS.md) change no output: the faster
template escape, and the cached date texts of the home page."""

from __future__ import annotations

import datetime
import zoneinfo

import bottle
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simplelists.app import Templates, escape_html
from simplelists.display import list_date


@given(st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False),
                 st.binary().map(lambda raw: raw.decode("utf-8", "replace").encode("utf-8"))))
def test_escape_html_gives_exactly_bottles_output(value):
    assert escape_html(value) == bottle.html_escape(bottle.touni(value))


@pytest.mark.parametrize("text", ["", "plain", "<script>alert('x')</script>", 'a "quoted" & <b>', "Crème fraîche"])
def test_templates_escape_every_special_character(text):
    html = Templates().render("error", stylesheet_url="/s.css", show_sign_out=False, title=text, message=text,
                              status=400)
    assert "<script>" not in html
    assert bottle.html_escape(text) in html


@pytest.mark.parametrize("zone_name", ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("moment", [
    datetime.datetime(2024, 1, 5, 23, 30, tzinfo=datetime.timezone.utc),
    datetime.datetime(2024, 7, 1, 0, 15, 59, tzinfo=datetime.timezone.utc),  # summer time
    datetime.datetime(2024, 3, 31, 1, 0, tzinfo=datetime.timezone.utc),  # London's clocks change
])
def test_list_date_matches_formatting_it_directly(moment, zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    shown = list_date(moment, zone)
    assert shown.iso == local.isoformat(timespec="seconds")
    assert shown.full == local.strftime("%Y-%m-%d %H:%M:%S %Z")
    assert shown.short == f"{local.day} {local.strftime('%b')}"
    assert list_date(moment, zone) is shown  # cached
