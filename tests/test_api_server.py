"""The API on the real server (the Procfile's command, with sign-in on), called with
http.client exactly as a shortcut, Home Assistant or a script would: every kind of body,
Unicode, the limits, wrong, revoked and other lists' tokens, a deleted list, throttling
across worker processes, and an access log that never holds a token."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from collections.abc import Iterator

import bcrypt
import pytest

from e2e.e2e_server import Server, run_server
from simplelists import api_auth, list_tokens
from simplelists.db import Database
from simplelists.lists import ListStore
from simplelists.list_tokens import TokenStore
from simplelists.trash import TrashStore

pytestmark = pytest.mark.slow

PASSWORD_HASH = bcrypt.hashpw(b"family password", bcrypt.gensalt(4)).decode()


class Family:
    """The server, its database, and a list with a token, made before the server starts."""

    def __init__(self, server: Server, db: Database, list_id: str, token: str) -> None:
        self.server = server
        self.db = db
        self.lists = ListStore(db)
        self.tokens = TokenStore(db)
        self.list_id = list_id
        self.token = token
        self.secrets_used: list[str] = [token]

    def new_list(self, name: str) -> tuple[str, str]:
        """A new list and a token for it."""
        list_id = self.lists.create_list(name)
        token = self.tokens.create(list_id, list_tokens.API, "Script")
        self.secrets_used.append(token)
        return list_id, token

    def items(self, list_id: str | None = None) -> list[str]:
        return [item.description for item in self.lists.get_list(list_id or self.list_id).items]


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Family]:
    folder = tmp_path_factory.mktemp("api-server")
    db = Database(str(folder / "simplelists.sqlite"))
    db.migrate()
    list_id = ListStore(db).create_list("Groceries")
    token = TokenStore(db).create(list_id, list_tokens.API, "Mum's iPhone")
    env = {"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": PASSWORD_HASH, "WEB_CONCURRENCY": "2"}
    with run_server(folder, env) as server:
        yield Family(server, db, list_id, token)
    db.close()


def call(family: Family, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One request on a fresh connection; (status, headers, body as text)."""
    return family.server.call(method, path, body, headers)


def post(family: Family, body: bytes, content_type: str | None = "text/plain; charset=utf-8",
         token: str | None = None, list_id: str | None = None, **headers: str):
    headers = {"Authorization": f"Bearer {token or family.token}", **headers}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return call(family, "POST", f"/api/lists/{list_id or family.list_id}/items", body, headers)


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode(), f"multipart/form-data; boundary={boundary}"


BODIES = {
    "plain text": ("Milk\nEggs".encode(), "text/plain; charset=utf-8"),
    "no content type": (b"Milk\r\nEggs\r\n", None),
    "form": (urllib.parse.urlencode({"text": "Milk\nEggs"}).encode(), "application/x-www-form-urlencoded"),
    "multipart form": multipart({"text": "Milk\nEggs"}),
    "JSON": (json.dumps({"items": ["Milk", "Eggs"]}).encode(), "application/json"),
}


@pytest.mark.parametrize("kind", list(BODIES))
def test_each_kind_of_body(family, kind):
    list_id, token = family.new_list(f"List for {kind}")
    body, content_type = BODIES[kind]
    status, headers, text = post(family, body, content_type, token=token, list_id=list_id)
    assert (status, text) == (201, f"Added Milk and Eggs to List for {kind}.\n")
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert "set-cookie" not in headers
    assert family.items(list_id) == ["Milk", "Eggs"]


def test_unicode_both_ways_and_json_on_request(family):
    list_id, token = family.new_list("Épicerie 🛒")
    body = json.dumps({"items": ["Crème fraîche", "牛奶", "🥚 × 6"]}, ensure_ascii=False).encode()
    status, headers, text = post(family, body, "application/json; charset=utf-8", token=token, list_id=list_id,
                                 Accept="application/json")
    assert status == 201 and headers["content-type"] == "application/json"
    assert json.loads(text)["message"] == "Added Crème fraîche, 牛奶 and 🥚 × 6 to Épicerie 🛒."
    status, _, text = call(family, "GET", f"/api/lists/{list_id}/items", headers={"Authorization": f"Bearer {token}"})
    assert (status, text) == (200, "Crème fraîche\n牛奶\n🥚 × 6\n")


def test_limits(family):
    before = family.items()
    status, _, text = post(family, ("x" * 501).encode())
    assert status == 400 and "too long: 501 characters" in text
    status, _, text = post(family, b"Milk\n" * 1001)
    assert status == 400 and "more than 1000 items" in text
    status, _, text = post(family, b"x" * (64 * 1024 + 1))
    assert status == 413 and "too much" in text
    status, _, _ = post(family, b"<items/>", "application/xml")
    assert status == 415
    assert family.items() == before


def test_wrong_and_revoked_tokens_get_the_same_401(family):
    list_id, token = family.new_list("Revoked")
    answers = set()
    for headers in ({}, {"Authorization": "Bearer " + "A" * 43}, {"Authorization": f"Basic {token}"},
                    {"Authorization": f"Bearer {token}x"}):
        status, response_headers, text = call(family, "POST", f"/api/lists/{list_id}/items", b"Milk",
                                              {**headers, "Content-Type": "text/plain", "Fly-Client-IP": "198.51.100.1"})
        assert status == 401 and response_headers["www-authenticate"] == "Bearer"
        answers.add(text)
    (revoked,) = family.tokens.tokens(list_id, list_tokens.API)
    family.tokens.revoke(list_id, list_tokens.API, revoked.id)
    status, _, text = post(family, b"Milk", token=token, list_id=list_id, **{"Fly-Client-IP": "198.51.100.1"})
    assert status == 401
    answers.add(text)
    assert len(answers) == 1
    assert family.items(list_id) == []


def test_another_lists_token_and_a_deleted_list(family):
    list_id, token = family.new_list("Hardware")
    status, _, text = post(family, b"Milk", token=token)  # Hardware's token, Groceries' address
    assert status == 404 and "Each token works for its own list only" in text
    assert "Milk" not in family.items()
    family.lists.delete_list(list_id)
    status, _, text = post(family, b"Nails", token=token, list_id=list_id)
    assert status == 404 and "deleted" in text
    TrashStore(family.db).restore_list(list_id)
    assert post(family, b"Nails", token=token, list_id=list_id)[0] == 201


def test_throttled_across_workers_after_ten_failures(family):
    client = {"Fly-Client-IP": "203.0.113.50"}  # believed from 127.0.0.1, the trusted proxy
    for _ in range(api_auth.API_THROTTLE.max_failures):
        assert call(family, "GET", f"/api/lists/{family.list_id}/items",
                    headers={"Authorization": "Bearer wrong", **client})[0] == 401
    status, headers, text = call(family, "GET", f"/api/lists/{family.list_id}/items",
                                 headers={"Authorization": f"Bearer {family.token}", **client})
    assert status == 429 and 0 < int(headers["retry-after"]) <= 900 and "Too many wrong tokens" in text
    # Someone else is not held up.
    assert call(family, "GET", f"/api/lists/{family.list_id}/items",
                headers={"Authorization": f"Bearer {family.token}", "Fly-Client-IP": "203.0.113.51"})[0] == 200


def test_the_access_log_never_holds_a_token(family):
    post(family, b"Tea")
    post(family, b"Tea", token="B" * 43)
    call(family, "GET", f"/api/lists/{family.list_id}/items?x=1", headers={"Authorization": f"Bearer {family.token}"})
    log = family.server.log()
    assert f'"POST /api/lists/{family.list_id}/items HTTP/1.1" 201' in log  # the requests are logged...
    for secret in [*family.secrets_used, "B" * 43]:
        assert secret not in log  # ...but never their tokens
