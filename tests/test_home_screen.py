"""On the home screen like an app: the web app manifests (the app's, a list's, a read-only
link's), every icon they name, /favicon.ico, what every page's <head> says, and pages
that always lead home and back to their list, as an app opened from the home screen has
no address bar or back button. (The browser tests ask Chromium what it makes of it.)"""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from simplelists import manifest
from simplelists.static import STATIC_DIR

CSS = (STATIC_DIR / "style.css").read_text(encoding="utf-8")


@pytest.fixture
def groceries(app, list_with_items, list_id_of):
    return list_id_of(list_with_items(app, "Groceries", "Milk"))


def manifest_of(app, path: str, **request) -> dict:
    response = app.get(path, **request)
    assert response.headers["Content-Type"] == "application/manifest+json"
    return json.loads(response.text)


def assert_valid_manifest(app, data: dict) -> None:
    """The members a browser needs to offer the app for the home screen, and every icon
    served with the type and size the manifest gives."""
    for member in ("id", "name", "short_name", "start_url", "scope", "display", "icons", "background_color",
                   "theme_color", "description"):
        assert data[member], member
    assert data["display"] == "standalone"
    assert data["start_url"].startswith(data["scope"])
    purposes = set()
    for icon in data["icons"]:
        response = app.get(icon["src"])
        assert response.content_type == icon["type"]
        purposes.add(icon["purpose"])
        if icon["type"] == "image/png":
            image = Image.open(io.BytesIO(response.body))
            assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
        else:
            assert icon["sizes"] == "any" and response.body.startswith(b"<svg ")
    assert purposes == {"any", "maskable"}
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}


def test_the_apps_manifest(app):
    data = manifest_of(app, "/manifest.webmanifest")
    assert_valid_manifest(app, data)
    assert (data["name"], data["start_url"], data["scope"], data["id"]) == ("Simple Lists", "/", "/", "/")


def test_each_list_page_links_a_manifest_that_opens_that_list(app, groceries, press):
    page = app.get(f"/lists/{groceries}")
    link = page.html.find("link", rel="manifest")
    assert link["href"] == f"/lists/{groceries}/manifest.webmanifest"
    assert link["crossorigin"] == "use-credentials"  # behind sign-in like the list
    data = manifest_of(app, link["href"])
    assert_valid_manifest(app, data)
    assert (data["name"], data["short_name"], data["start_url"]) == ("Groceries", "Groceries", f"/lists/{groceries}")
    # Pages about the list link it too; the home page links the app's.
    for path in (f"/lists/{groceries}/share", f"/lists/{groceries}?delete=1", f"/trash?list={groceries}"):
        assert app.get(path).html.find("link", rel="manifest")["href"] == link["href"]
    assert app.get("/").html.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    app.get("/lists/bcdfghjklm/manifest.webmanifest", status=404)


def test_a_lists_manifest_is_behind_sign_in(signed_in_app, sign_in, create_list, list_id_of):
    sign_in(signed_in_app)
    list_id = list_id_of(create_list(signed_in_app, "Groceries"))
    assert manifest_of(signed_in_app, f"/lists/{list_id}/manifest.webmanifest")["name"] == "Groceries"
    signed_in_app.post("/sign-out", {"csrf-token": signed_in_app.cookies["csrf-token"]})
    signed_in_app.get(f"/lists/{list_id}/manifest.webmanifest", status=303)
    manifest_of(signed_in_app, "/manifest.webmanifest")  # the sign-in page's own is not


def test_a_read_only_link_is_an_app_of_its_own(app, groceries, make_share_link):
    path = make_share_link(app, groceries)
    page = app.get(path)
    assert page.html.find("link", rel="manifest")["href"] == path + "/manifest.webmanifest"
    data = manifest_of(app, path + "/manifest.webmanifest")
    assert_valid_manifest(app, data)
    assert (data["name"], data["start_url"], data["scope"]) == ("Groceries", path, path)


def css_background(scheme: str) -> str:
    block = CSS.split("@media (prefers-color-scheme: dark)")[1] if scheme == "dark" else CSS
    return re.search(r"--bg:\s*(#[0-9a-fA-F]{3,6})", block).group(1).lower()


def test_colours_match_the_light_and_dark_themes(app, groceries):
    assert manifest.LIGHT_BACKGROUND == css_background("light")
    assert manifest.DARK_BACKGROUND == css_background("dark")
    data = manifest_of(app, "/manifest.webmanifest")
    assert data["theme_color"] == data["background_color"] == css_background("light")
    for path in ("/", f"/lists/{groceries}"):
        metas = {meta["media"]: meta["content"] for meta in app.get(path).html.find_all("meta", attrs={"name": "theme-color"})}
        assert metas == {"(prefers-color-scheme: light)": css_background("light"),
                         "(prefers-color-scheme: dark)": css_background("dark")}


def every_kind_of_page(app, groceries, make_share_link, store):
    """(path, page) for a page of each kind the app shows, errors included."""
    item = store.get_list(groceries).items[0].id
    pages = [(path, app.get(path, status="*")) for path in (
        "/", f"/lists/{groceries}", f"/lists/{groceries}?edit={item}", f"/lists/{groceries}?rename=1",
        f"/lists/{groceries}?delete=1", f"/lists/{groceries}?clear-done=1", "/trash", f"/trash?list={groceries}",
        f"/lists/{groceries}/connect", f"/lists/{groceries}/share", "/nowhere", make_share_link(app, groceries))]
    token = app.get(f"/lists/{groceries}/connect").forms["create-api-token"]
    token["name"] = "Phone"
    pages.append(("made a token", token.submit()))
    csrf = app.get(f"/lists/{groceries}").forms["add-item"]
    csrf["csrf-token"].force_value("expired")
    pages.append(("a form that expired", csrf.submit(status=403)))
    pages.append(("an item gone", app.post("/update-done", {"list-id": groceries, "item-id": "999",
                                                           "csrf-token": app.cookies["csrf-token"]}, status=404)))
    deleted = store.create_list("Old")
    store.delete_list(deleted)
    pages.append((f"/lists/{deleted}", app.get(f"/lists/{deleted}", status=404)))
    return pages


def test_every_page_has_a_description_icons_and_what_a_home_screen_needs(app, groceries, make_share_link, store):
    for path, page in every_kind_of_page(app, groceries, make_share_link, store):
        head = page.html.head
        description = head.find("meta", attrs={"name": "description"})
        assert description and 20 <= len(description["content"]) <= 160, path
        icons = {link["href"]: link.get("type") for link in head.find_all("link", rel="icon")}
        assert len(icons) == 2 and "image/svg+xml" in icons.values(), path
        for href in [*icons, head.find("link", rel="apple-touch-icon")["href"]]:
            app.get(href)
        for name in ("mobile-web-app-capable", "apple-mobile-web-app-capable"):
            assert head.find("meta", attrs={"name": name})["content"] == "yes", path


def test_every_page_leads_home_and_back_to_its_list(app, groceries, make_share_link, store):
    """An app opened from the home screen has no back button: every page links home,
    and every page about a list (but the list itself) links back to it. The read-only
    page is an app of its own, and links only to itself."""
    for path, page in every_kind_of_page(app, groceries, make_share_link, store):
        links = {a["href"].split("#")[0].split("?")[0] for a in page.html.find_all("a", href=True)}
        if path.startswith("/shared/"):
            assert links == {path}
            continue
        assert "/" in links, f"{path} does not lead home"
        about_the_list = groceries in path or path in ("made a token", "a form that expired", "an item gone")
        if about_the_list and not path.startswith(f"/lists/{groceries}?") and path != f"/lists/{groceries}":
            assert f"/lists/{groceries}" in links, f"{path} does not lead back to its list"


def test_the_favicon_is_served_where_browsers_look_for_it(app):
    response = app.get("/favicon.ico")
    assert response.content_type == "image/x-icon"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    icon = Image.open(io.BytesIO(response.body))
    assert icon.format == "ICO" and icon.ico.sizes() == {(16, 16), (32, 32), (48, 48)}
