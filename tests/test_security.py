"""Security: one test (or a parametrised set) per defence listed in SECURITY.md."""

from __future__ import annotations

import logging
import pathlib
import re

import bcrypt
import pytest

from simplelists import auth, security
from simplelists.lists import ListStore

ROOT = pathlib.Path(__file__).resolve().parent.parent


# -- secrets ---------------------------------------------------------------------------

def test_no_module_uses_random_for_secrets():
    for path in (ROOT / "simplelists").glob("*.py"):
        text = path.read_text()
        assert not re.search(r"^\s*(import random|from random import)", text, re.M), path.name


# -- open redirects --------------------------------------------------------------------

EVIL_RETURN_URLS = [
    "//evil.example/x", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
    "/%2F%2Fevil.example", "/%5Cevil.example", "/\tevil", "/lists/x\n/evil", "/x\r\nSet-Cookie: a=b",
    "javascript:alert(1)", "http:/evil.example", "///evil.example", "evil.example", "",
]


@pytest.mark.parametrize("url", EVIL_RETURN_URLS)
def test_unsafe_return_urls_become_home(url):
    assert security.safe_return_url(url) == "/"


@pytest.mark.parametrize("url", ["/", "/lists/bcdfghjklm", "/lists/bcdfghjklm?delete=1", "/trash"])
def test_local_paths_are_kept(url):
    assert security.safe_return_url(url) == url


@pytest.mark.parametrize("url", EVIL_RETURN_URLS)
@pytest.mark.parametrize("asked_name", [True, False])
def test_sign_in_never_redirects_off_site(signed_in_app, url, password, asked_name):
    if asked_name:
        signed_in_app.set_cookie("who", "")
    page = signed_in_app.get("/")
    form = page.forms[0]
    form["username"] = "family"
    form["password"] = password
    form["return-url"].force_value(url)
    response = form.submit()
    assert response.location == ("/" if asked_name else "/name?return-url=%2F")
    if not asked_name:  # the name page goes on to the same safe place
        name_form = response.follow().forms["name-form"]
        assert name_form["return-url"].value == "/"
        assert name_form.submit("action", value="skip").location == "/"


def test_redirects_ignore_a_forged_host_header(app):
    form = app.get("/").forms["create-list"]
    form["name"] = "Groceries"
    response = form.submit(headers={"X-Forwarded-Host": "evil.example"})
    assert response.location.startswith("/lists/")


# -- sign-in throttling ----------------------------------------------------------------

def fail_sign_ins(app, count, **request):
    for _ in range(count):
        response = app.post("/sign-in", {"username": "family", "password": "wrong", "return-url": "/",
                                         "csrf-token": app.cookies.get("csrf-token") or _token(app)}, **request)
        assert response.status_int == 303


def _token(app):
    app.get("/")
    return app.cookies["csrf-token"]


def test_throttled_after_five_failures_even_with_the_right_password(signed_in_app, db, password):
    fail_sign_ins(signed_in_app, auth.SIGN_IN_THROTTLE.max_failures)
    response = signed_in_app.post("/sign-in", {"username": "family", "password": password,
                                               "csrf-token": signed_in_app.cookies["csrf-token"]}, status=429)
    assert 0 < int(response.headers["Retry-After"]) <= auth.SIGN_IN_THROTTLE.window_seconds
    assert "Too many" in response.text and "minutes" in response.text
    assert "Content-Security-Policy" in response.headers
    assert db.connection().execute("SELECT count(*) FROM sign_ins").fetchone()[0] == 0


def test_throttle_is_shared_by_two_app_instances(signed_in_config, make_test_app, password):
    from simplelists.db import Database
    first = make_test_app(signed_in_config, Database(signed_in_config.db_path))
    second = make_test_app(signed_in_config, Database(signed_in_config.db_path))
    fail_sign_ins(first, 3)
    fail_sign_ins(second, 2)
    second.post("/sign-in", {"username": "family", "password": password,
                             "csrf-token": second.cookies["csrf-token"]}, status=429)


def test_throttle_lifts_when_the_window_passes(signed_in_app, monkeypatch, sign_in):
    import time
    fail_sign_ins(signed_in_app, auth.SIGN_IN_THROTTLE.max_failures)
    later = time.time() + auth.SIGN_IN_THROTTLE.window_seconds + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    response = sign_in(signed_in_app)
    assert response.status_int == 303 and response.location == "/"


def test_success_resets_the_count(signed_in_app, db, sign_in):
    fail_sign_ins(signed_in_app, auth.SIGN_IN_THROTTLE.max_failures - 1)
    assert sign_in(signed_in_app).location == "/"
    assert db.connection().execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 0


def test_throttle_counts_per_client(signed_in_app, sign_in):
    fail_sign_ins(signed_in_app, auth.SIGN_IN_THROTTLE.max_failures, extra_environ={"REMOTE_ADDR": "10.0.0.1"})
    assert sign_in(signed_in_app).location == "/"  # 127.0.0.1 is someone else


def test_fly_client_ip_believed_only_from_trusted_proxy(signed_in_app, password):
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_FLY_CLIENT_IP": "203.0.113.9"}
    fail_sign_ins(signed_in_app, auth.SIGN_IN_THROTTLE.max_failures, extra_environ=proxied)
    # Another client behind the same proxy is not locked out...
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_FLY_CLIENT_IP": "198.51.100.7"}
    signed_in_app.post("/sign-in", {"username": "family", "password": password,
                                    "csrf-token": signed_in_app.cookies["csrf-token"]}, extra_environ=other,
                       status=303)
    # ...and an untrusted peer cannot dodge the count by inventing a new header each time.
    for number in range(auth.SIGN_IN_THROTTLE.max_failures):
        fail_sign_ins(signed_in_app, 1, extra_environ={"REMOTE_ADDR": "192.0.2.1",
                                                       "HTTP_FLY_CLIENT_IP": f"10.9.9.{number}"})
    signed_in_app.post("/sign-in", {"username": "family", "password": password,
                                    "csrf-token": signed_in_app.cookies["csrf-token"]},
                       extra_environ={"REMOTE_ADDR": "192.0.2.1", "HTTP_FLY_CLIENT_IP": "10.9.9.99"}, status=429)


def test_failure_table_does_not_grow_without_bound(signed_in_app, monkeypatch, db):
    import time
    for number in range(20):
        fail_sign_ins(signed_in_app, 1, extra_environ={"REMOTE_ADDR": f"10.0.1.{number}"})
    later = time.time() + auth.SIGN_IN_THROTTLE.window_seconds + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    fail_sign_ins(signed_in_app, 1)
    assert db.connection().execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 1


def test_bcrypt_runs_even_for_a_wrong_username(signed_in_app, signed_in_config, monkeypatch, sign_in, password):
    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(auth.bcrypt, "checkpw", lambda password, hashed: calls.append(hashed) or real(password, hashed))
    sign_in(signed_in_app, username="not-the-user", password=password)
    assert len(calls) == 1
    # The stand-in hash has the same cost as the real one, so the timing matches.
    assert calls[0][:7] == signed_in_config.password_hash.encode()[:7]


# -- cookies and headers ---------------------------------------------------------------

def set_cookie_headers(response):
    return [value for name, value in response.headerlist if name == "Set-Cookie"]


# The served app (wsgi.py) sets wsgi.url_scheme to https for a request through a trusted
# proxy that says so (security.forwarded_scheme; tests/test_proxy_server.py checks that on
# the real server).
HTTPS = {"wsgi.url_scheme": "https"}


def test_cookies_are_secure_over_https(signed_in_app, password):
    https = HTTPS
    page = signed_in_app.get("/", extra_environ=https)
    assert all("secure" in value.lower() for value in set_cookie_headers(page))
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    token = page.forms[0]["csrf-token"].value
    # The test browser will not send a Secure cookie over http, so send it by hand.
    response = signed_in_app.post("/sign-in", {"username": "family", "password": password, "csrf-token": token},
                                  headers={"Cookie": f"csrf-token={token}"}, extra_environ=https)
    session = [value for value in set_cookie_headers(response) if value.startswith("sign-in=")]
    assert session and "secure" in session[0].lower() and "httponly" in session[0].lower()


def test_the_app_never_reads_forwarded_proto_itself(app):
    """Only the wrapper wsgi.py puts around the app decides whom to believe
    (FORWARDED_ALLOW_IPS); the header reaching the app itself changes nothing."""
    page = app.get("/", extra_environ={"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_PROTO": "https"})
    assert "Strict-Transport-Security" not in page.headers
    assert not any("secure" in value.lower() for value in set_cookie_headers(page))


@pytest.mark.parametrize("peer, trusted, proto, scheme", [
    ("127.0.0.1", ("127.0.0.1", "::1"), "https", "https"),
    ("10.1.2.3", ("10.0.0.0/8",), "https", "https"),
    ("172.16.0.2", ("*",), "https", "https"),
    ("192.0.2.1", ("127.0.0.1", "::1"), "https", "http"),  # not a trusted proxy
    ("127.0.0.1", ("127.0.0.1",), "gopher", "http"),
    ("127.0.0.1", ("127.0.0.1",), "", "http"),
])
def test_the_served_app_takes_the_scheme_from_a_trusted_proxy_only(peer, trusted, proto, scheme):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return [b""]

    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", "HTTP_X_FORWARDED_PROTO": proto,
               "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    security.forwarded_scheme(app, trusted)(environ, None)
    assert seen["wsgi.url_scheme"] == scheme
    # The peer stays the peer: client_address decides whom to believe from it.
    assert seen["REMOTE_ADDR"] == peer


def test_plain_http_has_no_hsts(app):
    assert "Strict-Transport-Security" not in app.get("/").headers


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
                      "base-uri 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("no-referrer", "same-origin")


def test_headers_on_pages_redirects_and_errors(app, add_item, create_list):
    page = add_item(create_list(app, "Groceries"), "Milk")
    list_id = page.request.path.rsplit("/", 1)[1]
    responses = [
        app.get("/"), page, app.get(f"/lists/{list_id}?delete=1"),
        app.get("/nowhere", status=404), app.get("/add-item", status=405),
        app.post("/add-item", {"list-id": list_id}, status=403),
        app.get("/healthz"),
        app.post("/create-list", "x" * (security.MAX_BODY_BYTES + 1),
                 headers={"Content-Type": "application/x-www-form-urlencoded"}, status=413),
    ]
    form = page.forms["add-item"]
    form["description"] = "Eggs"
    responses.append(form.submit())  # a redirect
    for response in responses:
        assert_security_headers(response)
    for response in responses[:3]:
        assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_a_500_and_no_details_leak(app, monkeypatch, caplog):
    def broken(self, list_id):
        raise RuntimeError("SELECT secret FROM internals")
    monkeypatch.setattr(ListStore, "get_list", broken)
    with caplog.at_level(logging.ERROR, logger="simplelists"):
        response = app.get("/lists/bcdfghjklm", status=500)
    assert_security_headers(response)
    assert "Something went wrong" in response.text
    assert "SELECT" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    assert "SELECT secret FROM internals" in caplog.text


def test_no_javascript_anywhere(app):
    for path in (ROOT / "simplelists" / "templates").glob("*.html"):
        text = path.read_text().lower()
        assert "<script" not in text, path.name
        assert not re.search(r"\son[a-z]+\s*=", text), path.name
        assert "javascript:" not in text, path.name


# -- input limits and bad input --------------------------------------------------------

def test_large_body_is_refused_before_reading(app, store):
    response = app.post("/create-list", "name=" + "x" * security.MAX_BODY_BYTES + "&csrf-token=x",
                        headers={"Content-Type": "application/x-www-form-urlencoded"}, status=413)
    assert "Too much text" in response.text
    assert store.get_lists() == []


def test_body_of_unknown_length_is_refused(app):
    environ = {"HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_LENGTH": ""}
    app.post("/create-list", "", extra_environ=environ, status=411)


@pytest.mark.parametrize("length, accepted", [(500, True), (501, False), (5000, False)])
def test_long_list_names_get_a_clear_error_and_keep_the_text(app, length, accepted, store):
    form = app.get("/").forms["create-list"]
    name = "é" * length
    form["name"] = name
    if accepted:
        assert form.submit().status_int == 303
        assert store.get_lists()[0].name == name
    else:
        response = form.submit(status=400)
        assert f"{length} characters" in response.text and "500" in response.text
        assert response.forms["create-list"]["name"].value == name  # nothing lost
        assert store.get_lists() == []


def test_long_item_gets_a_clear_error_and_keeps_the_text(app, store, create_list):
    page = create_list(app, "Groceries")
    form = page.forms["add-item"]
    form["description"] = "x" * 501
    response = form.submit(status=400)
    assert "too long" in response.text
    assert response.forms["add-item"]["description"].value == "x" * 501
    assert store.get_list(page.request.path.rsplit("/", 1)[1]).items == []


def test_invalid_utf8_is_400_not_500(app, store, create_list):
    page = create_list(app, "Groceries")
    list_id = page.request.path.rsplit("/", 1)[1]
    body = f"csrf-token={app.cookies['csrf-token']}&list-id={list_id}&description=%ff%fe".encode()
    response = app.post("/add-item", body, headers={"Content-Type": "application/x-www-form-urlencoded"}, status=400)
    assert "UTF-8" in response.text
    assert store.get_list(list_id).items == []


def test_control_characters_are_cleaned(app, store, add_item, create_list):
    page = add_item(create_list(app, "Groceries"), "Mi\x00l\x07k\u2028\tfresh")
    items = store.get_list(page.request.path.rsplit("/", 1)[1]).items
    assert items[0].description == "Milk fresh"


# -- static files ----------------------------------------------------------------------

def test_stylesheet_is_hashed_cached_and_revalidated_cheaply(app):
    page = app.get("/")
    url = re.search(r'<link rel="stylesheet" href="(/static/style\.[0-9a-f]{12}\.css)">', page.text).group(1)
    response = app.get(url)
    assert response.content_type == "text/css"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response.headers["ETag"]
    assert app.get(url, headers={"If-None-Match": etag}, status=304).body == b""
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/static/../simplelists/config.py", "/static/%2e%2e/README.md",
                                  "/static/style.css", "/static/..%2fREADME.md", "/static/",
                                  "/static/style.000000000000.css"])
def test_static_serves_nothing_else(app, path):
    app.get(path, status=404)


# -- no state change on GET, and headers on every route ---------------------------------

def database_state(db):
    connection = db.connection()
    # Failed attempts are counted whatever the method: an API read with a wrong token
    # counts against its client like a wrong password. They change nothing anyone sees.
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if row[0] != "sign_in_failures"]
    return {table: connection.execute(f"SELECT * FROM {table}").fetchall() for table in tables}


def test_no_get_route_changes_anything(app, store, add_item, create_list, db):
    page = add_item(create_list(app, "Groceries"), "Milk")
    list_id = page.request.path.rsplit("/", 1)[1]
    item_id = store.get_list(list_id).items[0].id
    before = database_state(db)
    for route in app.app.routes:
        if route.method not in ("GET", "ANY"):
            continue
        path = re.sub(r"<list_id[^>]*>", list_id, route.rule)
        path = re.sub(r"<item_id[^>]*>", str(item_id), path)
        path = re.sub(r"<[^>]+>", "x", path)
        for query in ("", "?delete=1", f"?edit={item_id}", "?done=on"):
            response = app.get(path + query, expect_errors=True)
            assert_security_headers(response)
    assert database_state(db) == before


def test_signed_in_pages_carry_headers_too(signed_in_app, sign_in):
    sign_in(signed_in_app)
    assert_security_headers(signed_in_app.get("/"))
