"""Sharing a list: the Share page (the list's link to copy, its QR code, what sign-in
means for it), read-only links (made, shown once, listed, revoked), and the read-only
page they open, for anyone, signed in or not. (The QR codes are scanned back to their
links in the browser tests.)"""

from __future__ import annotations

import hashlib
import re

import pytest
import segno

from simplelists import list_tokens


@pytest.fixture
def groceries(app, list_with_items, list_id_of, tick):
    page = list_with_items(app, "Groceries", "Milk", "Eggs", "<b>Bread</b>")
    tick(page, "Eggs")
    return list_id_of(page)


def qr_modules(svg: str) -> list[list[bool]]:
    """The dark modules of a QR code as segno's inline SVG draws them (one path of
    horizontal runs; m/M moves, h draws), without the quiet zone."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg, re.I).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, first, second in re.findall(r"([mMh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            for column in range(int(x), int(x + float(first))):
                grid[int(y)][column] = True
            x += float(first)
    return [row[4:-4] for row in grid[4:-4]]


def svg_named(page, label: str) -> str:
    """The inline <svg> with that accessible name, as sent."""
    return re.search(rf'<svg role="img" aria-label="{re.escape(label)}".*?</svg>', page.text).group(0)


def encodes(svg: str, url: str) -> bool:
    """True if the inline SVG draws exactly the QR code of url that the app makes."""
    expected = segno.make(url, error="m", micro=False)
    return qr_modules(svg) == [[bool(module) for module in row] for row in expected.matrix]


def test_the_share_page_has_the_lists_link_to_copy_and_its_qr_code(app, groceries):
    page = app.get(f"/lists/{groceries}").click("Share")
    assert page.html.h1.get_text() == "Share “Groceries”"
    url = f"http://localhost:80/lists/{groceries}"
    field = page.html.find(id="list-link")
    assert field["value"] == url and field.has_attr("readonly")
    assert page.html.find("label", attrs={"for": "list-link"}).get_text() == "Link to this list"
    qr = page.html.find("svg", attrs={"aria-label": "QR code of the link to Groceries"})
    assert qr["role"] == "img" and qr.title.get_text() == "QR code of the link to Groceries"
    assert encodes(svg_named(page, "QR code of the link to Groceries"), url)
    assert not encodes(svg_named(page, "QR code of the link to Groceries"), url + "/")  # the check can fail
    assert "Whoever has this link can see and change the list." in page.text
    assert page.click("Back to Groceries").request.path == f"/lists/{groceries}"


def test_the_link_follows_the_address_the_browser_used(app, groceries):
    page = app.get(f"/lists/{groceries}/share", headers={"Host": "lists.example.org"},
                   extra_environ={"wsgi.url_scheme": "https"})  # as a trusted proxy's X-Forwarded-Proto sets it
    assert page.html.find(id="list-link")["value"] == f"https://lists.example.org/lists/{groceries}"
    odd = app.get(f"/lists/{groceries}/share", headers={"Host": "evil.example/<script>"})
    assert odd.html.find(id="list-link")["value"] == f"http://localhost/lists/{groceries}"  # the server's name


def test_with_sign_in_on_the_page_says_the_link_asks_for_the_password(signed_in_app, sign_in, create_list,
                                                                       list_id_of):
    sign_in(signed_in_app)
    list_id = list_id_of(create_list(signed_in_app, "Groceries"))
    page = signed_in_app.get(f"/lists/{list_id}/share")
    assert "this link asks for the family password first" in page.text
    signed_in_app.post("/sign-out", {"csrf-token": signed_in_app.cookies["csrf-token"]})
    assert signed_in_app.get(f"/lists/{list_id}/share", status=303).location.startswith("/?return-url=")


def test_a_read_only_link_is_shown_once_with_its_qr_code_and_stored_as_a_hash(app, groceries, db):
    form = app.get(f"/lists/{groceries}/share").forms["create-share-link"]
    form["name"] = "Grandma"
    page = form.submit()
    url = page.html.find(id="new-link")["value"]
    secret = url.rsplit("/shared/", 1)[1]
    assert url == f"http://localhost:80/shared/{secret}" and len(secret) == 43
    qr = page.html.find("svg", attrs={"aria-label": "QR code of the read-only link for Grandma"})
    assert qr["role"] == "img"
    assert encodes(svg_named(page, "QR code of the read-only link for Grandma"), url)
    assert "it is shown only this once" in page.text
    assert db.connection().execute("SELECT kind, name, secret_hash FROM list_tokens").fetchall() == [
        (list_tokens.SHARE, "Grandma", hashlib.sha256(secret.encode()).hexdigest())]
    again = app.get(f"/lists/{groceries}/share")
    assert secret not in again.text and "Grandma" in again.text and "not opened yet" in again.text


def test_the_read_only_page_shows_the_list_and_nothing_to_change(app, groceries, make_share_link, make_test_app,
                                                                 config, db):
    path = make_share_link(app, groceries)
    stranger = make_test_app(config, db)  # no cookies, never seen the app
    page = stranger.get(path)
    assert page.html.h1.get_text() == "Groceries"
    assert [li.get_text() for li in page.html.select("ul.shared:not(.done) li")] == ["Milk", "<b>Bread</b>"]
    assert [li.get_text() for li in page.html.select("ul.shared.done li del")] == ["Eggs"]
    assert "<b>Bread</b>" not in page.text  # escaped
    assert "1 of 3 done" in page.text
    assert page.html.find("form") is None and page.html.find("button") is None
    assert [a["href"] for a in page.html.find_all("a")] == [path]  # "Load it again", nothing else
    assert page.html.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert page.headers[name] == app.get(f"/lists/{groceries}").headers[name]
    assert page.headers["Cache-Control"] == "no-store"
    assert "last opened" in app.get(f"/lists/{groceries}/share").text


def test_the_read_only_link_works_with_sign_in_on_for_the_signed_out(signed_in_app, sign_in, create_list, add_item,
                                                                      list_id_of, make_share_link):
    sign_in(signed_in_app)
    page = add_item(create_list(signed_in_app, "Groceries"), "Milk")
    path = make_share_link(signed_in_app, list_id_of(page))
    signed_in_app.post("/sign-out", {"csrf-token": signed_in_app.cookies["csrf-token"]})
    signed_in_app.get(f"/lists/{list_id_of(page)}", status=303)  # the list's own link asks to sign in
    shared = signed_in_app.get(path)
    assert "Milk" in shared.text and "Sign out" not in shared.text


def test_revoking_a_link_makes_it_not_found_at_once(app, groceries, make_share_link, press):
    kept = make_share_link(app, groceries, "Babysitter")
    revoked = make_share_link(app, groceries, "Grandma")
    response = press(app.get(f"/lists/{groceries}/share"), "Revoke the link for Grandma")
    assert response.location == f"/lists/{groceries}/share?revoked=1"
    assert "The read-only link was revoked" in response.follow().text
    page = app.get(revoked, status=404)
    assert "it was revoked, or the list was deleted" in page.text
    app.get(revoked + "/manifest.webmanifest", status=404)
    app.get(kept, status=200)


def test_a_deleted_lists_links_are_not_found_until_it_is_restored(app, groceries, make_share_link, store,
                                                                  trash_store):
    path = make_share_link(app, groceries)
    store.delete_list(groceries)
    app.get(path, status=404)
    trash_store.restore_list(groceries)
    app.get(path, status=200)


@pytest.mark.parametrize("path", ["/shared/", "/shared/short", "/shared/" + "A" * 43, "/shared/" + "A" * 44,
                                  "/shared/" + "A" * 42 + "!"])
def test_anything_else_under_shared_is_not_found(app, groceries, path):
    app.get(path, status=404)


def test_an_api_token_is_not_a_share_link(app, groceries, make_api_token):
    app.get(f"/shared/{make_api_token(app, groceries)}", status=404)


@pytest.mark.parametrize("name, message", [("", "Give it a name"), ("é" * 501, "is too long: 501 characters")])
def test_a_link_needs_a_good_name(app, groceries, db, name, message):
    form = app.get(f"/lists/{groceries}/share").forms["create-share-link"]
    form["name"] = name
    page = form.submit(status=400)
    assert message in page.text and page.forms["create-share-link"]["name"].value == name
    assert db.connection().execute("SELECT count(*) FROM list_tokens").fetchone()[0] == 0


def test_a_list_has_a_limited_number_of_links(app, groceries, make_share_link, monkeypatch):
    monkeypatch.setattr(list_tokens, "MAX_PER_LIST", 1)
    make_share_link(app, groceries)
    form = app.get(f"/lists/{groceries}/share").forms["create-share-link"]
    form["name"] = "Another"
    assert "Revoke one no longer needed first" in form.submit(status=400).text
