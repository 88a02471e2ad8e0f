"""User stories: search. /search finds items and list names across every list, but only
where a person may reach every list anyway (sign-in on, or the home page lists them);
with both off a list's link is its only key, and the one search is the filter inside a
list (?q=). Matching ignores case and accents, in any script."""

from __future__ import annotations

import dataclasses

import pytest

from simplelists import search as search_module


@pytest.fixture
def lists(store):
    """Three lists: the one the person has the link to, another, and a deleted one."""
    mine = store.create_list("Groceries")
    store.add_items(mine, ["Crème fraîche", "Milk", "Bread"])
    store.set_done(mine, store.get_list(mine).items[1].id, True)
    other = store.create_list("Secret plans")
    store.add_items(other, ["Milk for the party", "Cake"])
    gone = store.create_list("Old milk list")
    store.add_item(gone, "Sour milk")
    store.delete_list(gone)
    return {"mine": mine, "other": other, "gone": gone}


@pytest.mark.parametrize("sign_in_on", [False, True], ids=["sign-in off", "sign-in on"])
@pytest.mark.parametrize("show_lists", [False, True], ids=["lists hidden", "lists shown"])
def test_search_never_shows_a_list_the_person_could_not_reach(sign_in_on, show_lists, config, db, lists,
                                                              make_test_app, password_hash, sign_in):
    config = dataclasses.replace(config, show_lists=show_lists,
                                 username="family" if sign_in_on else "", password_hash=password_hash)
    app = make_test_app(config, db)
    mine, other, gone = lists["mine"], lists["other"], lists["gone"]
    reach_all = sign_in_on or show_lists

    if sign_in_on:  # signed out, nothing at all: the sign-in form, which comes back here
        response = app.get("/search?q=milk", status=303)
        assert response.location == "/?return-url=/search%3Fq%3Dmilk"
        assert "Secret" not in response.follow().text
        sign_in(app)

    filtered = app.get(f"/lists/{mine}?q=milk")
    assert "Secret" not in filtered.text and other not in filtered.text and "party" not in filtered.text
    assert ("Search all lists" in filtered.text) == reach_all
    assert ('href="/search"' in app.get(f"/lists/{mine}").text) == reach_all

    if not reach_all:
        page = app.get("/search?q=milk", status=404)
        assert "Secret" not in page.text and "party" not in page.text
        return
    page = app.get("/search?q=milk")
    assert f'href="/lists/{mine}"' in page.text and f'href="/lists/{other}"' in page.text
    assert "Milk for the party" in page.text
    assert gone not in page.text and "Sour" not in page.text  # deleted lists never show


@pytest.fixture
def searcher(app, lists):
    return lambda text, **args: app.get("/search", {"q": text}, **args)


@pytest.mark.parametrize("text", ["crème", "CRÈME", "Creme", "fraiche", "  crème   FRAÎCHE "])
def test_matching_ignores_case_and_accents(searcher, lists, text, store):
    page = searcher(text)
    cream = store.get_list(lists["mine"]).items[0]
    assert f'<a href="/lists/{lists["mine"]}#item-{cream.id}">' in page.text
    assert "Found in 1 list." in page.text


def test_results_link_to_each_item_and_mark_done_ones(searcher, lists, store):
    page = searcher("milk")
    mine, other = store.get_list(lists["mine"]), store.get_list(lists["other"])
    link = page.html.find("a", href=f"/lists/{mine.id}#item-{mine.items[1].id}")
    assert link.find("del").get_text() == "Milk" and "done" in link.get_text()
    link = page.html.find("a", href=f"/lists/{other.id}#item-{other.items[0].id}")
    assert link.find("del") is None and link.get_text(strip=True) == "Milk for the party"
    assert [heading.get_text() for heading in page.html.find_all("h2")] == ["Secret plans", "Groceries"]
    assert "Found in 2 lists." in page.text


def test_list_names_are_found_too(searcher, lists):
    page = searcher("SECRET")
    assert page.html.find("h2").find("a")["href"] == f"/lists/{lists['other']}"
    assert "The list’s name matches." in page.text


def test_deleted_items_are_not_found(searcher, lists, store):
    store.delete_item(lists["other"], store.get_list(lists["other"]).items[1].id)
    assert "Nothing found." in searcher("cake").text


def test_an_empty_search_shows_only_the_box(searcher, lists):
    page = searcher("   ")
    assert page.forms["search"]["q"].value == ""
    assert "Found" not in page.text and "Nothing found" not in page.text


def test_a_search_too_long_is_refused_with_the_reason(searcher, lists):
    page = searcher("x" * 501, status=400)
    assert "The search is too long: 501 characters, and the most is 500." in page.text


def test_many_matches_are_cut_short_and_say_so(searcher, store, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_ITEM_RESULTS", 3)
    list_id = store.create_list("Many")
    store.add_items(list_id, [f"Tea {number}" for number in range(5)])
    page = searcher("tea")
    assert len(page.html.select("ul.results li")) == 3
    assert "Showing the first 3 matching items. Type more to narrow it down." in page.text


def test_the_home_page_offers_search_where_it_may(app, config, db, make_test_app, lists):
    assert "search" in app.get("/").forms
    hidden = make_test_app(dataclasses.replace(config, show_lists=False), db)
    assert "search" not in hidden.get("/").forms


# -- the filter inside a list --------------------------------------------------------------

def test_the_filter_shows_matching_items_done_ones_too(app, lists, visible_order):
    page = app.get(f"/lists/{lists['mine']}")
    form = page.forms["find-in-list"]
    form["q"] = "MILK"
    page = form.submit()
    assert visible_order(page) == ["Milk"]  # done, in the Done part
    assert "1 item matches “MILK”." in page.text
    assert page.html.find("a", string="Show the whole list")["href"] == f"/lists/{lists['mine']}"
    assert "3 items" not in page.text and "1 of 3 done" in page.text  # the counts are the list's
    assert page.forms["find-in-list"]["q"].value == "MILK"


def test_the_filter_stays_while_ticking_and_editing(app, lists, item_form, store):
    list_id = lists["mine"]
    page = app.get(f"/lists/{list_id}?q=cr%C3%A8me")
    cream = store.get_list(list_id).items[0]
    response = item_form(page, "/update-done", cream.id).submit()
    assert response.location == f"/lists/{list_id}?q=cr%C3%A8me#item-{cream.id}"
    page = response.follow()
    page = page.click(description="✎", href=f"edit={cream.id}")
    assert "q=cr%C3%A8me" in page.request.url
    form = item_form(page, "/edit-item", cream.id)
    form["description"] = "Crème fraîche, big"
    assert "q=cr%C3%A8me" in form.submit().location


def test_no_match_in_the_list_says_so(app, lists):
    page = app.get(f"/lists/{lists['mine']}?q=caviar")
    assert "0 items match “caviar”." in page.text
    assert "No open items match." in page.text
    assert "Reorder items" not in page.text
