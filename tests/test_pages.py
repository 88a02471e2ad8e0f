"""The page helpers the templates call: hidden fields, counts and dates, and escaping."""

from __future__ import annotations

import datetime
import types
import zoneinfo

import bottle
import pytest

from simplelists import pages


@pytest.mark.parametrize("text", ["", "plain", "<script>alert('x')</script>", 'a "quoted" & <b>', "Crème fraîche"])
def test_templates_escape_every_special_character(text):
    html = pages.Templates().render("error", title=text, message=text, stylesheet_url="/s.css", csrf_token="t",
                                    show_sign_out=False, show_trash=False, show_search=False,
                                    hidden=lambda **_: "")
    assert "<script>" not in html
    assert bottle.html_escape(text) in html


def test_hidden_fields_carry_token_list_version_and_item_escaped():
    the_list = types.SimpleNamespace(id="bcdfghjklm", version=7)
    item = types.SimpleNamespace(id=12)
    html = pages.HiddenFields("tok")(the_list, item, return_url='/x?a=1&b="2"')
    assert html.split("\n") == [
        '<input type="hidden" name="csrf-token" value="tok">',
        '<input type="hidden" name="list-id" value="bcdfghjklm">',
        '<input type="hidden" name="version" value="7">',
        '<input type="hidden" name="item-id" value="12">',
        '<input type="hidden" name="return-url" value="/x?a=1&amp;b=&quot;2&quot;">',
    ]
    assert pages.HiddenFields("tok")() == '<input type="hidden" name="csrf-token" value="tok">'
    hidden = pages.HiddenFields('a"b')
    assert hidden(the_list) == hidden(the_list)  # built once, the same every time
    assert 'value="a&quot;b"' in hidden()


@pytest.mark.parametrize("count, expected", [(0, "0 items"), (1, "1 item"), (2, "2 items")])
def test_plural(count, expected):
    assert pages.plural(count, "item", "items") == expected


@pytest.mark.parametrize("zone_name", ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("moment", [
    datetime.datetime(2024, 1, 5, 23, 30, tzinfo=datetime.timezone.utc),
    datetime.datetime(2024, 7, 1, 0, 15, 59, tzinfo=datetime.timezone.utc),  # summer time
    datetime.datetime(2024, 3, 31, 1, 0, tzinfo=datetime.timezone.utc),  # London's clocks change
])
def test_dates_are_shown_in_the_configured_zone(moment, zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    assert pages.date_tag(moment, zone) == (
        f'<time datetime="{local.isoformat(timespec="seconds")}" title="{local.strftime("%Y-%m-%d %H:%M:%S %Z")}">'
        f'{local.day} {local.strftime("%b")}</time>')
