"""A notification's words (notify_messages.py): one line per person and kind of change,
the first items named and the rest counted, "Someone" for no name, the list all done,
and every language the pages speak."""

from __future__ import annotations

import pytest

from simplelists import i18n
from simplelists.notify_messages import Change, compose


def test_a_burst_of_adds_is_one_line_naming_who_and_what() -> None:
    rows = [Change("added", "Mum", name) for name in ("Milk", "Eggs", "Bread", "Tea", "Jam")]
    assert compose("en", "Groceries", rows) == ("Groceries", "Mum added Milk, Eggs and 3 more to Groceries")


def test_up_to_three_items_are_all_named() -> None:
    rows = [Change("ticked", "Dad", name) for name in ("Bread", "Milk", "Tea")]
    assert compose("en", "Groceries", rows)[1] == "Dad ticked Bread, Milk and Tea on Groceries"


def test_each_person_and_kind_has_a_line_in_order() -> None:
    rows = [Change("added", None, "Milk"), Change("ticked", "Dad", "Bread"), Change("added", None, "Eggs"),
            Change("deleted", "Dad", "Jam"), Change("done", "Dad", None)]
    assert compose("en", "Groceries", rows)[1].splitlines() == [
        "Someone added Milk and Eggs to Groceries", "Dad ticked Bread on Groceries",
        "Dad deleted Jam from Groceries", "Everything on Groceries is done"]


def test_all_done_twice_in_one_message_is_said_once() -> None:
    rows = [Change("done", "Dad", None), Change("done", "Mum", None)]
    assert compose("en", "Camping", rows)[1] == "Everything on Camping is done"


def test_a_language_the_app_lacks_falls_back_to_english() -> None:
    assert compose("xx", "Groceries", [Change("added", "Mum", "Milk")])[1] == "Mum added Milk to Groceries"


@pytest.mark.parametrize("code", [code for code in i18n.available_codes() if code != "en"])
def test_every_language_has_its_own_words(code: str) -> None:
    rows = [Change("added", "Mum", name) for name in ("Milk", "Eggs", "Bread", "Tea")] + [
        Change("ticked", None, "Jam"), Change("deleted", "Dad", "Tea"), Change("done", "Dad", None),
        Change("test", None, None)]
    body = compose(code, "Groceries", rows)[1]
    english = compose("en", "Groceries", rows)[1]
    for mine, theirs in zip(body.splitlines(), english.splitlines(), strict=True):
        assert mine != theirs, f"{code}: {mine!r} is not translated"
    assert "Mum" in body and "Milk" in body and "Groceries" in body and "{" not in body
