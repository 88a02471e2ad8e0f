"""A list's secrets for others: API tokens (for shortcuts, scripts and voice assistants,
which add and read items) and read-only share links. Both are named, belong to one list,
and are made, listed and revoked the same way, so they share one table and one store.

Only the SHA-256 of each secret is stored (secret.secret_digest), like sign-in sessions: the
secret is shown once, when it is made, and a copy of the database hands out nothing that
works. Revoking deletes the row, so the secret stops working at once. When a list is
purged from the trash for good, its tokens go with it (ON DELETE CASCADE); while the list
is only deleted, they are kept and answer "not found", and work again if it is restored.
"""

from __future__ import annotations

import dataclasses
import datetime

from simplelists.changes import list_is_active
from simplelists.db import Database
from simplelists.secret import is_secret, new_secret, secret_digest
from simplelists.timestamps import format_sqlite_time, parse_timestamp, utc_now

API = "api"  # adds and reads the list's items through /api/lists/<id>/items
SHARE = "share"  # opens /shared/<secret>, a read-only copy of the list
KINDS = (API, SHARE)

MAX_PER_LIST = 100  # of each kind: far more than a family uses, and keeps the pages short


class TooManyTokens(Exception):
    """The list has MAX_PER_LIST tokens of that kind already."""


@dataclasses.dataclass(frozen=True)
class ListToken:
    """A token or share link as its list's pages show it (never its secret)."""

    id: int
    list_id: str
    kind: str
    name: str
    time_created: datetime.datetime  # aware, UTC
    time_last_used: datetime.datetime | None  # aware, UTC; None if never used


@dataclasses.dataclass(frozen=True)
class Grant:
    """What a secret gives access to: its token, and its list as it is now."""

    token: ListToken
    list_name: str
    list_deleted: bool

    @property
    def list_id(self) -> str:
        return self.token.list_id


class TokenStore:
    """Every read and write of the list_tokens table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, list_id: str, kind: str, name: str) -> str | None:
        """Make a token of that kind for the list; its secret, to show once, or None if
        the list does not exist (or is deleted). TooManyTokens past MAX_PER_LIST."""
        _check_kind(kind)
        secret = new_secret()
        with self.db.transaction() as connection:
            if not list_is_active(connection, list_id):
                return None
            count = connection.execute(
                "SELECT count(*) FROM list_tokens WHERE list_id = ? AND kind = ?", (list_id, kind)).fetchone()[0]
            if count >= MAX_PER_LIST:
                raise TooManyTokens
            connection.execute(
                "INSERT INTO list_tokens (list_id, kind, name, secret_hash, time_created) VALUES (?, ?, ?, ?, ?)",
                (list_id, kind, name, secret_digest(secret), format_sqlite_time(utc_now())))
        return secret

    def tokens(self, list_id: str, kind: str) -> list[ListToken]:
        """The list's tokens of that kind, newest first."""
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM list_tokens t WHERE t.list_id = ? AND t.kind = ? ORDER BY t.id DESC",
            (list_id, kind)).fetchall()
        return [_token(row) for row in rows]

    def revoke(self, list_id: str, kind: str, token_id: int) -> ListToken | None:
        """Delete a token of that kind and list, so its secret stops working at once; the
        token revoked, or None if there was no such token on that list."""
        with self.db.transaction() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM list_tokens t WHERE t.id = ? AND t.list_id = ? AND t.kind = ?",
                (token_id, list_id, kind)).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM list_tokens WHERE id = ?", (token_id,))
        return _token(row)

    def find(self, kind: str, secret: str | None) -> Grant | None:
        """What a secret of that kind gives access to, or None for a secret that is
        malformed, unknown, revoked or of the other kind. The list may be deleted
        (Grant.list_deleted): whoever holds the secret may be told so."""
        _check_kind(kind)
        if not is_secret(secret):
            return None
        row = self.db.connection().execute(
            f"""SELECT {_COLUMNS}, l.name, l.time_deleted IS NOT NULL
                FROM list_tokens t JOIN lists l ON l.id = t.list_id
                WHERE t.secret_hash = ? AND t.kind = ?""",
            (secret_digest(secret), kind)).fetchone()  # type: ignore[arg-type]
        if row is None:
            return None
        return Grant(_token(row[:6]), row[6], bool(row[7]))

    def record_use(self, token: ListToken) -> None:
        """Note that the token was used now (at most once a minute: Database.note_use)."""
        self.db.note_use("list_tokens", token.id, token.time_last_used)


_COLUMNS = "t.id, t.list_id, t.kind, t.name, t.time_created, t.time_last_used"


def _token(row: tuple) -> ListToken:
    return ListToken(row[0], row[1], row[2], row[3], parse_timestamp(row[4]),
                     None if row[5] is None else parse_timestamp(row[5]))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of token {kind!r}")
